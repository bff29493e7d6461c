"""Reads for the inbox and the reminder settings page: a person's notifications, which kinds of reminder
their roles bring them, and what their partnerships' policies say about them."""

import dataclasses

from django.utils.http import url_has_allowed_host_and_scheme

from agencies.models import Membership, Partnership, Role

from .reminder_models import Notification, ReminderKind
from .reminders.policy import Policy, policies_by_partnership

AGENCY_KINDS = (
    ReminderKind.DUE_SOON,
    ReminderKind.OVERDUE,
    ReminderKind.DRIFT,
    ReminderKind.IMPACT_RECHECK,
)
# Which reminders each role brings, as actions.reminders.sweep addresses them: escalations go to panel
# chairs, statutory deadlines to chairs and partnership administrators. Panel members, lead reviewers
# and scrutineers receive none.
KINDS_BY_ROLE = {
    Role.AGENCY_LEAD: (*AGENCY_KINDS, ReminderKind.WEEKLY_DIGEST),
    Role.ACTION_OWNER: AGENCY_KINDS,
    Role.PANEL_CHAIR: (ReminderKind.LONG_OVERDUE, ReminderKind.REVIEW_DEADLINE),
    Role.PARTNERSHIP_ADMIN: (ReminderKind.REVIEW_DEADLINE,),
    Role.BOARD_MEMBER: (ReminderKind.MONTHLY_SUMMARY,),
}


def my_notifications(user, *, unread_only: bool = False):
    """The person's own notifications, newest first. Superusers too see only their own: an inbox is
    personal, whatever the admin may read."""
    notifications = Notification.objects.visible_to(user).filter(recipient_id=user.pk)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-created_at", "-pk")


def unread_count(user) -> int:
    """One query: how many of the person's notifications are unread."""
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def safe_link(url: str) -> str:
    """The notification's link if it is a path on this site ("/actions/12/"), or "" for anything else:
    a link to another site, a scheme-relative "//host" or a "javascript:" address is never followed."""
    if not url or not url.startswith("/") or url.startswith(("//", "/\\")):
        return ""
    if not url_has_allowed_host_and_scheme(url, allowed_hosts=set()):
        return ""
    return url


@dataclasses.dataclass(frozen=True)
class PartnershipReminders:
    """What one partnership's policy means for one person: the kinds they receive there, and the
    partnership's policy (its timings, and the kinds it sends to everyone by e-mail)."""

    partnership: Partnership
    kinds: tuple
    policy: Policy

    @property
    def email_required_kinds(self) -> list:
        """The kinds the partnership sends everyone by e-mail, in the order of ReminderKind."""
        return [kind for kind in ReminderKind if kind in self.policy.email_required]


def my_reminders(user) -> list[PartnershipReminders]:
    """For each partnership where the person holds a role that brings reminders, what they receive
    (two queries: their memberships, and the policies)."""
    kinds_by_partnership: dict[int, set] = {}
    partnerships = {}
    for membership in Membership.objects.filter(user_id=user.pk).select_related("partnership"):
        kinds = KINDS_BY_ROLE.get(membership.role, ())
        if kinds:
            kinds_by_partnership.setdefault(membership.partnership_id, set()).update(kinds)
            partnerships[membership.partnership_id] = membership.partnership
    policies = policies_by_partnership(kinds_by_partnership)
    return [
        PartnershipReminders(
            partnership=partnerships[partnership_id],
            kinds=tuple(kind for kind in ReminderKind if kind in kinds),
            policy=policies[partnership_id],
        )
        for partnership_id, kinds in sorted(kinds_by_partnership.items())
    ]


def kinds_received(reminders: list[PartnershipReminders]) -> list[ReminderKind]:
    """Every kind the person receives in any partnership, in the order of ReminderKind."""
    received = {kind for partnership in reminders for kind in partnership.kinds}
    return [kind for kind in ReminderKind if kind in received]


def kinds_required_by_email(reminders: list[PartnershipReminders]) -> frozenset:
    """Kinds a partnership sends the person by e-mail whatever they choose: required there, and received
    there."""
    return frozenset(
        kind
        for partnership in reminders
        for kind in partnership.kinds
        if kind in partnership.policy.email_required
    )


def email_choices(user) -> dict[str, bool]:
    """The person's saved choices: kind -> by e-mail. Kinds without a row are sent by e-mail (the
    model's default)."""
    return dict(user.reminder_preferences.values_list("kind", "by_email"))
