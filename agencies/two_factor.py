"""Who must confirm their identity with a second factor (an authenticator app code) after their password.

The one rule, used by the middleware that enforces it, the two-factor pages and the demo data.
"""

from .models import Membership, Role

# Roles that manage a whole partnership's people and records, or lead its review panel.
TWO_FACTOR_ROLES = (Role.PARTNERSHIP_ADMIN, Role.PANEL_CHAIR)


def two_factor_required(user) -> bool:
    """True for superusers and staff (both reach the admin site) and for anyone holding a
    two-factor role in any partnership."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return Membership.objects.filter(user_id=user.pk, role__in=TWO_FACTOR_ROLES).exists()
