"""Reads of partnerships and agencies for the API and the pages."""

from .models import Agency, Membership, User


def agencies_visible_to(user):
    """The agencies of every partnership `user` holds a role in (an agency knows who its partners are);
    every agency for an active superuser; none for anyone else."""
    if not (user is not None and user.is_authenticated and user.is_active):
        return Agency.objects.none()
    if user.is_superuser:
        return Agency.objects.all()
    partnerships = Membership.objects.filter(user=user).values("partnership_id")
    return Agency.objects.filter(partnership__in=partnerships)


def people_visible_to(user):
    """The active people of the partnerships `user` holds a role in (to name an action's owner, say)."""
    if not (user is not None and user.is_authenticated and user.is_active):
        return User.objects.none()
    people = User.objects.filter(is_active=True)
    if user.is_superuser:
        return people
    partnerships = Membership.objects.filter(user=user).values("partnership_id")
    return people.filter(memberships__partnership__in=partnerships).distinct()
