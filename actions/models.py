"""Agency action plans, their actions, progress updates and evidence."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from agencies.constraints import required_with
from agencies.models import Agency, Membership
from agencies.querysets import VisibleToQuerySet
from reviews.models import Recommendation, Review


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


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    AWAITING_VERIFICATION = "awaiting_verification", "Completed – awaiting verification"
    VERIFIED = "verified", "Verified"
    NOT_ACHIEVED = "not_achieved", "Not achieved"
    SUPERSEDED = "superseded", "Superseded"


class Rag(models.TextChoices):
    """Kept apart from status: a late action can be in progress and red."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


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
    rag = models.CharField("RAG rating", max_length=8, choices=Rag.choices, default=Rag.GREEN)
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

    objects = VisibleToQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[recommendations])

    class Meta:
        ordering = ["plan", "number"]
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


class Milestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    description = models.CharField(max_length=300)
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)

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

    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "-written_on", "-created_at"]

    def __str__(self):
        return f"Update on {self.action} ({self.written_on})"


class EvidencePurpose(models.TextChoices):
    COMPLETION = "completion", "Evidence of completion"
    IMPACT = "impact", "Evidence of impact"


def evidence_upload_to(instance, filename: str) -> str:
    """A generated name: the uploader's file name is never used as a path."""
    suffix = Path(filename).suffix.lower()[:10]
    return f"evidence/{uuid.uuid4().hex}{suffix}"


class Evidence(models.Model):
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="evidence")
    purpose = models.CharField(max_length=12, choices=EvidencePurpose.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text="For impact: the audit, survey or outcome measure.")
    file = models.FileField(upload_to=evidence_upload_to, blank=True)
    original_filename = models.CharField(max_length=255, blank=True)
    link = models.URLField(blank=True, max_length=500)
    recheck_on = models.DateField("re-check impact on", null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="evidence_added"
    )
    created_at = models.DateTimeField(auto_now_add=True)

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
