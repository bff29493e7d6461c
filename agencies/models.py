"""Partnerships (the tenant), their agencies, and the people who work in them."""

from django.contrib.auth.models import AbstractUser, Group
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class Nation(models.TextChoices):
    ENGLAND = "england", "England"
    WALES = "wales", "Wales"


class Partnership(models.Model):
    """A safeguarding partnership: every agency, person's role and review belongs to one."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    nation = models.CharField(max_length=16, choices=Nation.choices, default=Nation.ENGLAND)
    # Object permissions are granted to these groups, and people join them through their roles
    # (agencies.permissions keeps both in step).
    panel_group = models.OneToOneField(
        Group, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="panel_of"
    )
    readers_group = models.OneToOneField(
        Group, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="readers_of"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class AgencyKind(models.TextChoices):
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Local authority children's social care"
    POLICE = "police", "Police"
    HEALTH = "health", "Health / integrated care board"
    EDUCATION = "education", "Education"
    HOUSING = "housing", "Housing"
    PROBATION = "probation", "Probation"
    AMBULANCE = "ambulance", "Ambulance service"
    CAMHS = "camhs", "Child and adolescent mental health services"
    VOLUNTARY = "voluntary", "Voluntary sector"
    OTHER = "other", "Other"


class Agency(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="agencies")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True, help_text="Used in tables, e.g. 'CSC'.")
    kind = models.CharField(max_length=32, choices=AgencyKind.choices)
    is_active = models.BooleanField(default=True)
    group = models.OneToOneField(
        Group, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="agency"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"],
                name="agency_unique_name_per_partnership",
                violation_error_message="This partnership already has an agency with this name.",
            ),
        ]

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A person who signs in. Their roles live in Membership, per partnership."""

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    PARTNERSHIP_ADMIN = "partnership_admin", "Partnership administrator (business unit)"
    PANEL_CHAIR = "panel_chair", "Review panel chair"
    PANEL_MEMBER = "panel_member", "Review panel member"
    LEAD_REVIEWER = "lead_reviewer", "Independent lead reviewer"
    AGENCY_LEAD = "agency_lead", "Agency designated lead"
    ACTION_OWNER = "action_owner", "Action owner"
    BOARD_MEMBER = "board_member", "Board member"
    SCRUTINEER = "scrutineer", "Independent scrutineer"


# Roles that act for one agency and so must name it; the others must not.
AGENCY_ROLES = (Role.AGENCY_LEAD, Role.ACTION_OWNER)
# Panel staff change their partnership's reviews; readers (board and scrutiny) read them all.
PANEL_ROLES = (Role.PARTNERSHIP_ADMIN, Role.PANEL_CHAIR, Role.PANEL_MEMBER)
READER_ROLES = (Role.BOARD_MEMBER, Role.SCRUTINEER)


class Membership(models.Model):
    """One role a person holds in a partnership (and, for agency roles, in one agency)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=32, choices=Role.choices)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "role"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(role__in=AGENCY_ROLES) & Q(agency__isnull=False))
                | (~Q(role__in=AGENCY_ROLES) & Q(agency__isnull=True)),
                name="membership_agency_only_for_agency_roles",
                violation_error_message=(
                    "Agency leads and action owners must name their agency; other roles must not."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "partnership", "role"],
                condition=Q(agency__isnull=True),
                name="membership_unique_partnership_role",
                violation_error_message="This person already holds this role in the partnership.",
            ),
            models.UniqueConstraint(
                fields=["user", "agency", "role"],
                condition=Q(agency__isnull=False),
                name="membership_unique_agency_role",
                violation_error_message="This person already holds this role in the agency.",
            ),
        ]

    def __str__(self):
        where = f"{self.agency}, " if self.agency_id else ""
        return f"{self.user} – {self.get_role_display()} ({where}{self.partnership})"

    def clean(self):
        if self.agency_id and self.partnership_id and self.agency.partnership_id != self.partnership_id:
            raise ValidationError({"agency": "Choose an agency of the same partnership."})


class AccessEvent(models.TextChoices):
    VIEWED_REVIEW = "viewed_review", "Viewed a review"
    DOWNLOADED_EVIDENCE = "downloaded_evidence", "Downloaded evidence"
    EXPORTED = "exported", "Exported records"


class AccessLogEntry(models.Model):
    """A sensitive read: who looked at which record, and when. Kept beside the change history.

    Rows are written by agencies.services.access_record only and never changed.
    """

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="access_log")
    event = models.CharField(max_length=24, choices=AccessEvent.choices)
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    object_label = models.CharField(max_length=200, help_text="The record's reference when it was read.")
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = "access log entry"
        verbose_name_plural = "access log"
        indexes = [models.Index(fields=["content_type", "object_id", "at"], name="access_log_object_idx")]

    def __str__(self):
        return f"{self.user} {self.get_event_display().lower()} {self.object_label}"
