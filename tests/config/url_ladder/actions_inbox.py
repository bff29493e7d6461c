"""The inbox and reminder settings are personal, not records of a partnership: everyone signed in has
them, whatever their role. Someone with no role gets 200 on the inbox (an empty list) and on the
settings page (nothing to choose); "Mark all as read" redirects for anyone, marking only their own.
One notification, though, is its recipient's alone: anyone else reading or opening it gets 404, as if
it did not exist. The board member's POST to the settings saves their own settings (302)."""

from actions.models import Notification

from .rungs import LOGIN, Rung


def csc_owners_notification(world):
    # The world's one notification is the CSC action owner's.
    return [Notification.objects.get(recipient=world.csc_owner).pk]


ROWS = {
    "notifications": Rung(
        {
            "anonymous": LOGIN,
            "no_roles": 200,
            "other_partnership": 200,
            "other_agency": 200,
            "read_only_write": 405,
            "right_role": 200,
        },
        right_role="csc_owner",
    ),
    "notifications_read_all": Rung(
        {
            "anonymous": LOGIN,
            "no_roles": 302,
            "other_partnership": 302,
            "other_agency": 302,
            "read_only_write": 302,
            "right_role": 302,
        },
        right_role="csc_owner",
        method="post",
    ),
    "notification_read": Rung(
        {
            "anonymous": LOGIN,
            "no_roles": 404,
            "other_partnership": 404,
            "other_agency": 404,
            "read_only_write": 404,
            "right_role": 302,
        },
        args=csc_owners_notification,
        right_role="csc_owner",
        method="post",
    ),
    "notification_open": Rung(
        {
            "anonymous": LOGIN,
            "no_roles": 404,
            "other_partnership": 404,
            "other_agency": 404,
            "read_only_write": 405,
            "right_role": 302,
        },
        args=csc_owners_notification,
        right_role="csc_owner",
    ),
    "reminder_preferences": Rung(
        {
            "anonymous": LOGIN,
            "no_roles": 200,
            "other_partnership": 200,
            "other_agency": 200,
            "read_only_write": 302,
            "right_role": 200,
        },
        right_role="csc_owner",
        write_data={"email_monthly_summary": "yes"},
    ),
}
