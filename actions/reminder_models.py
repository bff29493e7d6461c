"""Reminders, the in-app inbox, and who wants what by e-mail.

A reminder is a row before it is a message: the sweep (actions.reminders.sweep) inserts one row per
(kind, subject, due date, recipient), and the database's unique constraint on that key is what makes a
second sweep, a retried task, a second beat process or a redelivered message unable to send it twice.
Delivery (actions.reminders.delivery) then locks the row, sends it, and marks it sent in one transaction.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from agencies.models import Partnership
from agencies.querysets import VisibleToQuerySet


class RecipientQuerySet(VisibleToQuerySet):
    """Reminders and notifications are their recipient's alone."""

    def with_permission(self, user, action: str):
        return self.filter(recipient=user)


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "Action due soon"
    OVERDUE = "overdue", "Action overdue"
    LONG_OVERDUE = "long_overdue", "Action long overdue: escalated"
    DRIFT = "drift", "No progress update for a long time"
    IMPACT_RECHECK = "impact_recheck", "Impact evidence due for re-check"
    REVIEW_DEADLINE = "review_deadline", "Statutory deadline of a review"
    WEEKLY_DIGEST = "weekly_digest", "Weekly digest of an agency's actions"
    MONTHLY_SUMMARY = "monthly_summary", "Monthly summary for the board"


class ReminderState(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Not sent: no longer due"


class Reminder(models.Model):
    """One reminder to one person about one subject, due on one date.

    `subject` names what it is about ("action:12", "evidence:7", "review:3:lcspr_report", "agency:4",
    "partnership:1") so one unique key serves every kind; the foreign keys beside it let pages and
    deliveries join without parsing it. `due_on` is the day the reminder falls due (fourteen days before
    an action's due date, for the first "due soon"): a changed date gives a new reminder, the same date
    never a second one.
    """

    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    subject = models.CharField(max_length=60)
    due_on = models.DateField(help_text="The day the reminder falls due.")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    action = models.ForeignKey(
        "actions.Action", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    review = models.ForeignKey(
        "reviews.Review", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=10, choices=ReminderState.choices, default=ReminderState.PENDING)
    late = models.BooleanField(
        default=False, help_text="Found after its due date (the system was down): sent, and marked late."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    emailed = models.BooleanField(default=False)
    attempts = models.PositiveSmallIntegerField(default=0)

    objects = RecipientQuerySet.as_manager()

    class Meta:
        ordering = ["-due_on", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject", "due_on", "recipient"], name="reminder_once_per_key"
            ),
            models.CheckConstraint(
                condition=Q(state=ReminderState.SENT, sent_at__isnull=False)
                | (~Q(state=ReminderState.SENT) & Q(sent_at__isnull=True)),
                name="reminder_sent_has_time",
                violation_error_message="A sent reminder records when, and only then.",
            ),
        ]
        indexes = [models.Index(fields=["state", "queued_at"], name="reminder_pending_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.subject}, {self.due_on})"


class Notification(models.Model):
    """A message in someone's inbox on the site. Never carries personal data of children or families: it
    names the record and links to it; the page behind the link applies the usual access rules."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    reminder = models.OneToOneField(
        Reminder, on_delete=models.SET_NULL, null=True, blank=True, related_name="notification"
    )
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    late = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = RecipientQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self):
        return self.title


class ReminderPolicy(models.Model):
    """A partnership's rules for reminders; people choose within them (ReminderPreference)."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="reminder_policy")
    due_soon_days = models.JSONField(
        default=list, blank=True, help_text="Days before an action is due to remind its owner, e.g. [14, 3]."
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        default=28, help_text="Days overdue after which the panel chair is told."
    )
    drift_days = models.PositiveSmallIntegerField(
        default=60, help_text="Days without a progress update after which the owner is reminded."
    )
    deadline_warning_days = models.PositiveSmallIntegerField(
        default=5, help_text="Working days before a statutory deadline to remind the panel."
    )
    email_required = models.JSONField(
        default=list,
        blank=True,
        help_text="Kinds of reminder everyone receives by e-mail, whatever they choose.",
    )

    class Meta:
        verbose_name_plural = "reminder policies"

    def __str__(self):
        return f"Reminder policy of {self.partnership}"


class ReminderPreference(models.Model):
    """Whether one person wants one kind of reminder by e-mail. Every reminder reaches the inbox."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preferences"
    )
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    by_email = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="reminder_preference_once_per_kind")
        ]

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()}"
