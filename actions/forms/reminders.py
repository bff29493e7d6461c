"""The inbox's filter and the reminder settings form.

Every reminder reaches the inbox; the settings only choose which kinds also come by e-mail. A kind the
partnership sends by e-mail to everyone is shown checked and cannot be turned off: its checkbox is
disabled, so whatever is posted for it is ignored.
"""

from django import forms
from django.db import transaction

from config.form_renderer import GovukForm

from ..reminder_models import ReminderKind, ReminderPreference

CHECKED = "yes"
REQUIRED_HINT = "Your partnership sends these by e-mail to everyone"
KIND_HINTS = {
    ReminderKind.DUE_SOON: "Before an action you own or lead on is due.",
    ReminderKind.OVERDUE: "When an action you own or lead on is past its due date.",
    ReminderKind.LONG_OVERDUE: "When an action is overdue for longer than your partnership allows.",
    ReminderKind.DRIFT: "When an action has had no progress update for a long time.",
    ReminderKind.IMPACT_RECHECK: "When evidence of an action's impact is due to be checked again.",
    ReminderKind.REVIEW_DEADLINE: "Before a statutory deadline of a review.",
    ReminderKind.WEEKLY_DIGEST: "Every Monday: your agency's actions due soon and overdue.",
    ReminderKind.MONTHLY_SUMMARY: "On the 1st of each month: the partnership's progress on actions.",
}


def field_name(kind) -> str:
    return f"email_{kind}"


class InboxFilterForm(GovukForm):
    """The inbox's one filter, sent by GET."""

    unread = forms.BooleanField(
        label="Unread only",
        required=False,
        widget=forms.CheckboxInput(attrs={"value": CHECKED}),
    )

    def unread_only(self) -> bool:
        return self.is_valid() and self.cleaned_data["unread"]


class ReminderPreferencesForm(GovukForm):
    """One checkbox for each kind of reminder the person receives: "Send me these by e-mail too"."""

    def __init__(self, *args, user, kinds, required, saved: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.kinds = list(kinds)
        self.required = frozenset(required)
        for kind in self.kinds:
            is_required = kind in self.required
            self.fields[field_name(kind)] = forms.BooleanField(
                label="Send me these by e-mail too",
                required=False,
                disabled=is_required,
                initial=True if is_required else saved.get(kind, True),
                help_text=REQUIRED_HINT if is_required else "",
                widget=forms.CheckboxInput(attrs={"value": CHECKED}),
            )

    def clean(self):
        cleaned = super().clean()
        # A checkbox sends "yes" or nothing: anything else was not sent by this page.
        for kind in self.kinds:
            name = field_name(kind)
            if kind not in self.required and self.data.get(name, CHECKED) != CHECKED:
                self.add_error(name, f"Choose whether to get “{kind.label}” reminders by e-mail")
        return cleaned

    def sections(self):
        """(kind, its hint, its bound field, whether it is required), for the template."""
        return [
            (kind, KIND_HINTS[kind], self[field_name(kind)], kind in self.required) for kind in self.kinds
        ]

    @transaction.atomic
    def save(self) -> None:
        """Write the person's choices, one row per kind they may choose. Required kinds keep whatever
        row they had: the choice counts again if the partnership stops requiring them."""
        for kind in self.kinds:
            if kind in self.required:
                continue
            ReminderPreference.objects.update_or_create(
                user=self.user, kind=kind, defaults={"by_email": self.cleaned_data[field_name(kind)]}
            )
