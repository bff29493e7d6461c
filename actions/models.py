"""Agency action plans, their actions, progress updates and evidence."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from agencies.constraints import required_with
from agencies.models import Agency, Membership
from agencies.querysets import VisibleToQuerySet
from reviews.models import Recommendation, Review

from .choices import DONE_STATUSES, OPEN, Rag, Status
from .rag import effective_rag_expression


class ActionPlan(models.Model):
    """One agency's plan in response to one review."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="action_plans")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="action_plans")
    agreed_on = models.DateField("agreed by the panel", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VisibleToQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "agency"],
                name="action_plan_one_per_agency_per_review",
                violation_error_message="This agency already has an action plan for this review.",
            ),
        ]

    def __str__(self):
        return f"{self.agency} – {self.review.reference}"

    def clean(self):
        if self.review_id and self.agency_id and self.agency.partnership_id != self.review.partnership_id:
            raise ValidationError({"agency": "Choose an agency of the review's partnership."})


def due_on_expression():
    """An action's due date, in SQL: the revised target date when there is one (Action.due_date)."""
    return models.functions.Coalesce("revised_target_date", "target_date")


class ActionQuerySet(VisibleToQuerySet):
    def with_rag(self, today):
        """Each action's RAG as `rag`: the override when given, else computed from dates and status."""
        return self.annotate(rag=effective_rag_expression(today))

    def due_first(self):
        """Open actions by the date they are due, then the done ones."""
        return self.annotate(
            due_on=due_on_expression(),
            is_done=models.Case(
                models.When(status__in=DONE_STATUSES, then=models.Value(True)),
                default=models.Value(False),
            ),
        ).order_by("is_done", "due_on", "plan__review__reference", "number")


class Action(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="actions")
    number = models.CharField(max_length=12, help_text="The plan's own numbering, e.g. 2.1.")
    recommendations = models.ManyToManyField(Recommendation, related_name="actions")
    description = models.TextField(help_text="Specific, measurable, achievable, relevant and time-bound.")
    success_measure = models.TextField(blank=True, help_text="How the agency will know practice has changed.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_actions",
    )
    accountable_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accountable_actions",
    )
    target_date = models.DateField()
    revised_target_date = models.DateField(null=True, blank=True)
    revision_reason = models.TextField(blank=True)
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.NOT_STARTED)
    # The RAG is computed from dates and status (actions.rag); an agency may override it, with a reason.
    rag_override = models.CharField("RAG rating given", max_length=8, choices=Rag.choices, blank=True)
    rag_override_reason = models.TextField("reason for the RAG rating", blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="completed_actions",
        help_text="Who marked the action complete.",
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verified_actions",
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[recommendations])

    class Meta:
        ordering = ["plan", "number"]
        indexes = [
            # The reminder sweep and the work lists read open actions only: a fifth of them nationally.
            models.Index(fields=["plan"], condition=OPEN, name="action_open_by_plan"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="action_unique_number_per_plan",
                violation_error_message="This action plan already has an action with this number.",
            ),
            required_with(
                "revision_reason",
                Q(revised_target_date__isnull=False),
                name="action_revised_date_has_reason",
                message="Give the reason for revising the target date.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=Status.VERIFIED) & Q(verified_by__isnull=False) & Q(verified_at__isnull=False)
                )
                | (~Q(status=Status.VERIFIED) & Q(verified_by__isnull=True) & Q(verified_at__isnull=True)),
                name="action_verified_by_someone",
                violation_error_message="A verified action records who verified it and when, and only then.",
            ),
            models.CheckConstraint(
                condition=Q(verified_by__isnull=True) | Q(owner__isnull=True) | ~Q(verified_by=F("owner")),
                name="action_not_verified_by_owner",
                violation_error_message="Nobody can verify their own action.",
            ),
            models.CheckConstraint(
                condition=Q(verified_by__isnull=True)
                | Q(completed_by__isnull=True)
                | ~Q(verified_by=F("completed_by")),
                name="action_not_verified_by_completer",
                violation_error_message="Someone other than the person who marked it complete verifies it.",
            ),
            required_with(
                "rag_override_reason",
                ~Q(rag_override=""),
                name="action_rag_override_has_reason",
                message="Give the reason for a RAG rating other than the computed one.",
            ),
        ]

    def __str__(self):
        return f"{self.plan} action {self.number}"

    @property
    def due_date(self):
        return self.revised_target_date or self.target_date

    def clean(self):
        errors = {}
        if self.revised_target_date and self.revised_target_date == self.target_date:
            errors["revised_target_date"] = "A revised date must differ from the target date."
        if self.plan_id:
            # Owners and accountable officers come from the agency whose plan this is.
            for field in ("owner", "accountable_officer"):
                person_id = getattr(self, f"{field}_id")
                if (
                    person_id
                    and not Membership.objects.filter(
                        user_id=person_id, agency_id=self.plan.agency_id
                    ).exists()
                ):
                    errors[field] = f"Choose someone from {self.plan.agency}."
        if errors:
            raise ValidationError(errors)


class ActionScopedQuerySet(VisibleToQuerySet):
    """Records of one action (milestones, progress, evidence, date changes, verification decisions):
    seen and changed by whoever sees and changes their action, by the action's own rule only."""

    def with_permission(self, user, action: str):
        return self.filter(action__in=Action.objects.with_permission(user, action).values("pk"))


class Milestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    description = models.CharField(max_length=300)
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)

    objects = ActionScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "due_on"]

    def __str__(self):
        return self.description


class ProgressUpdate(models.Model):
    """A dated narrative from the action's owner, with the status and RAG it reported."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="progress_updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="progress_updates"
    )
    written_on = models.DateField(default=timezone.localdate)
    narrative = models.TextField()
    status = models.CharField(max_length=24, choices=Status.choices)
    rag = models.CharField("RAG rating", max_length=8, choices=Rag.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActionScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "-written_on", "-created_at"]
        indexes = [
            # An action's latest update (drift reminders, last activity) without sorting its updates.
            models.Index(fields=["action", "-written_on"], name="progress_latest_per_action"),
        ]

    def __str__(self):
        return f"Update on {self.action} ({self.written_on})"


class EvidencePurpose(models.TextChoices):
    COMPLETION = "completion", "Evidence of completion"
    IMPACT = "impact", "Evidence of impact"


def evidence_storage():
    """Evidence files live in their own storage, outside the web root; only the download view serves them."""
    return storages["evidence"]


def evidence_upload_to(instance, filename: str) -> str:
    """A generated name: the uploader's file name is never used as a path."""
    suffix = Path(filename).suffix.lower()[:10]
    return f"evidence/{uuid.uuid4().hex}{suffix}"


class Evidence(models.Model):
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="evidence")
    purpose = models.CharField(max_length=12, choices=EvidencePurpose.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text="For impact: the audit, survey or outcome measure.")
    file = models.FileField(upload_to=evidence_upload_to, storage=evidence_storage, blank=True)
    original_filename = models.CharField(max_length=255, blank=True)
    # Found by reading the file when it was uploaded, never taken from the browser.
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    link = models.URLField(blank=True, max_length=500)
    recheck_on = models.DateField("re-check impact on", null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="evidence_added"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActionScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "-created_at"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=(~Q(file="") & Q(link="")) | (Q(file="") & ~Q(link="")),
                name="evidence_file_or_link",
                violation_error_message="Attach a file or give a link (one, not both).",
            ),
            models.CheckConstraint(
                condition=~Q(purpose=EvidencePurpose.IMPACT) | Q(recheck_on__isnull=False),
                name="evidence_impact_has_recheck",
                violation_error_message="Evidence of impact needs a date to re-check it.",
            ),
        ]

    def __str__(self):
        return self.title


class TargetDateChange(models.Model):
    """A revision of an action's target date: the date it replaced, the new one and why."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="date_changes")
    previous_date = models.DateField()
    new_date = models.DateField()
    reason = models.TextField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    objects = ActionScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "changed_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(previous_date=F("new_date")),
                name="target_date_change_changes_the_date",
                violation_error_message="The new date must differ from the current one.",
            ),
        ]

    def __str__(self):
        return f"{self.action}: {self.previous_date} to {self.new_date}"


class VerificationOutcome(models.TextChoices):
    """What panel staff decided about an action marked complete."""

    VERIFIED = "verified", "Verified"
    RETURNED = "returned", "Returned to the agency"


class Verification(models.Model):
    """Panel staff's decision on an action marked complete: verified, or returned with the reason."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="verifications")
    decision = models.CharField(max_length=12, choices=VerificationOutcome.choices)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    objects = ActionScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "decided_at"]
        constraints = [
            required_with(
                "reason",
                Q(decision=VerificationOutcome.RETURNED),
                name="verification_return_has_reason",
                message="Say what the agency must do before the action can be verified.",
            ),
        ]

    def __str__(self):
        return f"{self.action}: {self.get_decision_display()}"


class ImportState(models.TextChoices):
    CHECKING = "checking", "Checking"
    CHECKED = "checked", "Checked"
    FAILED = "failed", "Could not be read"
    IMPORTING = "importing", "Importing"
    IMPORTED = "imported", "Imported"
    CANCELLED = "cancelled", "Cancelled"


def import_upload_to(instance, filename: str) -> str:
    suffix = Path(filename).suffix.lower()[:10]
    return f"imports/{uuid.uuid4().hex}{suffix}"


class ImportQuerySet(VisibleToQuerySet):
    def with_permission(self, user, action: str):
        # Only the uploader, and only while they may still change the action plans of its review.
        return self.filter(
            uploaded_by=user, review__in=Review.objects.with_permission(user, "view").values("pk")
        )


class ActionImport(models.Model):
    """A spreadsheet action plan being imported into a review: checked first, saved only once confirmed.

    Only the person who uploaded it sees it. The checked rows wait in `planned` until they confirm.
    """

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="action_imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="action_imports"
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text="The agency whose rows have a blank lead agency; none when panel staff import for several.",
    )
    file = models.FileField(upload_to=import_upload_to, storage=evidence_storage)
    original_filename = models.CharField(max_length=255)
    state = models.CharField(max_length=12, choices=ImportState.choices, default=ImportState.CHECKING)
    total_rows = models.PositiveIntegerField(null=True, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    problem = models.TextField(blank=True, help_text="Why the file could not be read at all.")
    errors = models.JSONField(default=list, blank=True)
    planned = models.JSONField(default=list, blank=True)
    imported_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Import of {self.original_filename} into {self.review.reference}"

    @property
    def is_clean(self) -> bool:
        return self.state == ImportState.CHECKED and not self.errors and bool(self.planned)


class ActionPlanUserObjectPermission(UserObjectPermissionBase):
    """Object permissions of one person on a action plan (direct foreign key: deleted with it)."""

    content_object = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="user_permissions")


class ActionPlanGroupObjectPermission(GroupObjectPermissionBase):
    """Object permissions of a panel, readers or agency group on a action plan."""

    content_object = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="group_permissions")


class ActionUserObjectPermission(UserObjectPermissionBase):
    """Object permissions of one person on a action (direct foreign key: deleted with it)."""

    content_object = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="user_permissions")


class ActionGroupObjectPermission(GroupObjectPermissionBase):
    """Object permissions of a panel, readers or agency group on a action."""

    content_object = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="group_permissions")


# Reminders live in their own module; importing them here registers them with the app.
from .reminder_models import (  # noqa: E402, F401
    Notification,
    Reminder,
    ReminderKind,
    ReminderPolicy,
    ReminderPreference,
    ReminderState,
)
