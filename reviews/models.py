"""Reviews, their case coding, the theme taxonomy, findings and recommendations."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from agencies.constraints import not_before, required_with
from agencies.models import Agency, Partnership
from agencies.querysets import VisibleToQuerySet


class ReviewKind(models.TextChoices):
    RAPID_REVIEW = "rapid_review", "Rapid review"
    LCSPR = "lcspr", "Local child safeguarding practice review"
    SCR = "scr", "Serious case review (legacy)"
    NATIONAL = "national", "National review"
    THEMATIC = "thematic", "Thematic or learning review"
    SAR = "sar", "Safeguarding adults review"
    DHR = "dhr", "Domestic homicide / domestic abuse related death review"
    CPR_CONCISE = "cpr_concise", "Child practice review (Wales, concise)"
    CPR_EXTENDED = "cpr_extended", "Child practice review (Wales, extended)"


class Methodology(models.TextChoices):
    TRADITIONAL = "traditional", "Traditional (agency management reports and chronology)"
    LEARNING_TOGETHER = "learning_together", "SCIE Learning Together"
    SILP = "silp", "SILP (Significant Incident Learning Process)"
    WELSH_CPR = "welsh_cpr", "Welsh child practice review"
    SYSTEMS = "systems", "Hybrid or systems-based"
    OTHER = "other", "Other"
    UNCLEAR = "unclear", "Unclear"


class Stage(models.TextChoices):
    """The lifecycle of a review, in order."""

    NOTIFIED = "notified", "Notified"
    RAPID_REVIEW = "rapid_review", "Rapid review"
    DECISION = "decision", "Decision"
    SCOPING = "scoping", "Scoping and commissioning"
    EVIDENCE = "evidence", "Evidence gathering"
    DRAFT = "draft", "Draft report"
    FINAL_REPORT = "final_report", "Final report"
    PUBLICATION = "publication", "Publication"
    ACTION_PLANNING = "action_planning", "Action planning"
    MONITORING = "monitoring", "Monitoring"
    CLOSED = "closed", "Closed"


class Decision(models.TextChoices):
    LCSPR = "lcspr", "Commission a local child safeguarding practice review"
    OTHER_LEARNING = "other_learning", "Other learning activity"
    NO_FURTHER_REVIEW = "no_further_review", "No further review"


class Review(models.Model):
    """One review in the partnership's register. The child is known only by a pseudonym."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="reviews")
    reference = models.CharField(
        max_length=40, help_text="The partnership's own reference, e.g. LCSPR-2024-02."
    )
    kind = models.CharField(max_length=20, choices=ReviewKind.choices)
    methodology = models.CharField(max_length=20, choices=Methodology.choices, blank=True)
    pseudonym = models.CharField(
        max_length=80,
        blank=True,
        help_text="For example 'Child SB'. Never a real name or initials of a real name.",
    )
    title = models.CharField(max_length=200, help_text="A short title for the register.")
    background = models.TextField(
        blank=True, help_text="Why the review took place, without identifying details."
    )
    status = models.CharField(max_length=20, choices=Stage.choices, default=Stage.NOTIFIED)
    converted_from = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="converted_to",
        help_text="The rapid review this review grew out of.",
    )
    lead_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commissioned_reviews",
        help_text="The independent lead reviewer commissioned for this review.",
    )

    # The statutory clock: each date is recorded when it happens.
    incident_on = models.DateField("serious incident", null=True, blank=True)
    aware_on = models.DateField("local authority became aware", null=True, blank=True)
    notified_on = models.DateField("notified to the national Panel", null=True, blank=True)
    rapid_review_sent_on = models.DateField("rapid review sent to the national Panel", null=True, blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    decision_on = models.DateField("decision made", null=True, blank=True)
    decision_rationale = models.TextField(blank=True)
    panel_informed_on = models.DateField("national Panel informed of the decision", null=True, blank=True)
    commissioned_on = models.DateField("review commissioned", null=True, blank=True)
    final_report_on = models.DateField("final report received", null=True, blank=True)
    report_sent_on = models.DateField(
        "report sent to the Panel and Secretary of State", null=True, blank=True
    )
    published_on = models.DateField("published", null=True, blank=True)
    not_published_on = models.DateField("decision not to publish", null=True, blank=True)
    not_published_reason = models.TextField(blank=True)
    closed_on = models.DateField("closed", null=True, blank=True)
    closure_rationale = models.TextField(blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VisibleToQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = [F("notified_on").desc(nulls_last=True), "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "reference"],
                name="review_unique_reference_per_partnership",
                violation_error_message="This partnership already has a review with this reference.",
            ),
            models.CheckConstraint(
                condition=Q(converted_from__isnull=True) | ~Q(converted_from=F("pk")),
                name="review_not_converted_from_itself",
                violation_error_message="A review cannot be converted from itself.",
            ),
            not_before(
                "aware_on",
                "incident_on",
                name="review_aware_after_incident",
                message="The local authority cannot become aware before the incident.",
            ),
            not_before(
                "notified_on",
                "aware_on",
                name="review_notified_after_aware",
                message="The notification cannot come before the local authority became aware.",
            ),
            not_before(
                "rapid_review_sent_on",
                "notified_on",
                name="review_rapid_review_after_notified",
                message="The rapid review cannot be sent before the notification.",
            ),
            not_before(
                "decision_on",
                "notified_on",
                name="review_decision_after_notified",
                message="The decision cannot come before the notification.",
            ),
            not_before(
                "panel_informed_on",
                "decision_on",
                name="review_panel_informed_after_decision",
                message="The national Panel cannot be informed of a decision before it is made.",
            ),
            not_before(
                "commissioned_on",
                "decision_on",
                name="review_commissioned_after_decision",
                message="A review cannot be commissioned before the decision to commission it.",
            ),
            not_before(
                "final_report_on",
                "commissioned_on",
                name="review_report_after_commissioned",
                message="The final report cannot arrive before the review was commissioned.",
            ),
            not_before(
                "published_on",
                "report_sent_on",
                name="review_published_after_sent",
                message="The report must be sent to the Panel and Secretary of State before publication.",
            ),
            not_before(
                "closed_on",
                "notified_on",
                name="review_closed_after_notified",
                message="A review cannot close before it was notified.",
            ),
            models.CheckConstraint(
                condition=(Q(decision="") & Q(decision_on__isnull=True))
                | (~Q(decision="") & Q(decision_on__isnull=False) & ~Q(decision_rationale="")),
                name="review_decision_dated_with_rationale",
                violation_error_message="A decision needs its date and its rationale.",
            ),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True) | Q(not_published_on__isnull=True),
                name="review_published_or_not",
                violation_error_message=(
                    "A review is either published or has a decision not to publish, not both."
                ),
            ),
            required_with(
                "not_published_reason",
                Q(not_published_on__isnull=False),
                name="review_not_published_has_reason",
                message="A decision not to publish needs its reason.",
            ),
            models.CheckConstraint(
                condition=(Q(status=Stage.CLOSED) & Q(closed_on__isnull=False) & ~Q(closure_rationale=""))
                | (~Q(status=Stage.CLOSED) & Q(closed_on__isnull=True)),
                name="review_closed_with_date_and_rationale",
                violation_error_message="A closed review needs its closing date and a closure rationale.",
            ),
        ]

    def __str__(self):
        return f"{self.reference}: {self.title}"

    def clean(self):
        if self.converted_from_id:
            source = self.converted_from
            if source.partnership_id != self.partnership_id:
                raise ValidationError({"converted_from": "Choose a review of the same partnership."})
            if source.kind != ReviewKind.RAPID_REVIEW:
                raise ValidationError({"converted_from": "Only a rapid review can be converted."})


class Nature(models.TextChoices):
    DEATH = "death", "Death"
    SERIOUS_HARM = "serious_harm", "Serious harm"


class HarmCategory(models.TextChoices):
    PHYSICAL_ABUSE = "physical_abuse", "Physical abuse"
    NEGLECT = "neglect", "Neglect"
    SEXUAL_ABUSE = "sexual_abuse", "Sexual abuse"
    CSE = "cse", "Child sexual exploitation"
    CRIMINAL_EXPLOITATION = "criminal_exploitation", "Child criminal exploitation"
    SUICIDE = "suicide", "Suicide"
    SUDI = "sudi", "Sudden unexpected death in infancy"
    OTHER = "other", "Other"


class AgeBand(models.TextChoices):
    UNDER_1 = "under_1", "Under 1"
    AGE_1_5 = "1_5", "1 to 5"
    AGE_6_10 = "6_10", "6 to 10"
    AGE_11_15 = "11_15", "11 to 15"
    AGE_16_PLUS = "16_plus", "16 and over"


# Table 3 of the national analysis counts some child characteristics only from an age up.
UNDER_SIX = (AgeBand.UNDER_1, AgeBand.AGE_1_5)


class Gender(models.TextChoices):
    BOY = "boy", "Boy"
    GIRL = "girl", "Girl"
    OTHER = "other", "Other or not recorded"


class Ethnicity(models.TextChoices):
    WHITE = "white", "White"
    MIXED = "mixed", "Mixed or multiple ethnic groups"
    ASIAN = "asian", "Asian or Asian British"
    BLACK = "black", "Black, Black British, Caribbean or African"
    OTHER = "other", "Other ethnic group"
    NOT_RECORDED = "not_recorded", "Not recorded"


class YesNoUnknown(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Not known"


class LivingSituation(models.TextChoices):
    HOME = "home", "At home"
    RELATIVES = "relatives", "With relatives"
    FOSTER = "foster", "With foster carers"
    RESIDENTIAL = "residential", "Residential setting"
    OTHER = "other", "Other"


class SocialCareInvolvement(models.TextChoices):
    CURRENT = "current", "Current"
    PREVIOUS = "previous", "Previously known, case closed"
    NEVER = "never", "Never known"


class ChildProtectionPlan(models.TextChoices):
    CURRENT = "current", "Current plan"
    PAST = "past", "Plan in the past"
    NEVER = "never", "Never"


def _characteristic(label: str) -> models.BooleanField:
    return models.BooleanField(label, default=False, help_text="Noted in the review report.")


class CaseCoding(models.Model):
    """The national-analysis coding of one review: no names, no dates of birth, only bands and flags."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="coding")
    nature = models.CharField(max_length=20, choices=Nature.choices, blank=True)
    harm_category = models.CharField(
        "primary harm category", max_length=24, choices=HarmCategory.choices, blank=True
    )
    age_band = models.CharField(max_length=10, choices=AgeBand.choices, blank=True)
    gender = models.CharField(max_length=10, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(max_length=16, choices=Ethnicity.choices, blank=True)
    disability = models.CharField(max_length=10, choices=YesNoUnknown.choices, blank=True)
    living_situation = models.CharField(max_length=16, choices=LivingSituation.choices, blank=True)
    social_care_involvement = models.CharField(
        max_length=10, choices=SocialCareInvolvement.choices, blank=True
    )
    child_protection_plan = models.CharField(max_length=10, choices=ChildProtectionPlan.choices, blank=True)

    # Table 1: parental characteristics.
    parent_alcohol_misuse = _characteristic("parental alcohol misuse")
    parent_drug_misuse = _characteristic("parental drug misuse")
    parent_mental_health = _characteristic("parental mental health problems")
    parent_adverse_childhood = _characteristic("parental adverse childhood experiences")
    parent_intellectual_disability = _characteristic("parental intellectual disability")
    parent_criminal_record = _characteristic("parental criminal record")
    parent_violent_crime = _characteristic("of which violent crime (excluding domestic abuse)")
    # Table 2: family characteristics.
    family_separation = _characteristic("parental separation")
    family_separation_acrimonious = _characteristic("of which acrimonious")
    family_domestic_abuse = _characteristic("domestic abuse")
    family_social_isolation = _characteristic("social isolation")
    family_transient_lifestyle = _characteristic("transient lifestyle")
    family_multiple_partners = _characteristic("multiple partners")
    family_poverty = _characteristic("poverty")
    # Table 3: child characteristics (disability is coded above).
    child_behaviour_problems = _characteristic("child behaviour problems")
    child_alcohol_misuse = _characteristic("child alcohol misuse")
    child_drug_misuse = _characteristic("child drug misuse")
    child_mental_health = _characteristic("child mental health problems")
    child_bullying = _characteristic("child bullying")
    child_cse = _characteristic("child sexual exploitation")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "case coding"
        constraints = [
            models.CheckConstraint(
                condition=Q(parent_violent_crime=False) | Q(parent_criminal_record=True),
                name="coding_violent_crime_within_record",
                violation_error_message=(
                    "Violent crime is a kind of criminal record: tick the criminal record too."
                ),
            ),
            models.CheckConstraint(
                condition=Q(family_separation_acrimonious=False) | Q(family_separation=True),
                name="coding_acrimonious_within_separation",
                violation_error_message=(
                    "An acrimonious separation is a separation: tick parental separation too."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(age_band=AgeBand.UNDER_1) | Q(child_behaviour_problems=False),
                name="coding_behaviour_not_under_1",
                violation_error_message="Behaviour problems are not coded for children under 1.",
            ),
            models.CheckConstraint(
                condition=~Q(age_band__in=UNDER_SIX)
                | Q(
                    child_alcohol_misuse=False,
                    child_drug_misuse=False,
                    child_mental_health=False,
                    child_bullying=False,
                    child_cse=False,
                ),
                name="coding_older_child_characteristics_from_6",
                violation_error_message=(
                    "Alcohol or drug misuse, mental health problems, bullying and sexual exploitation "
                    "are coded only for children aged 6 and over."
                ),
            ),
        ]

    def __str__(self):
        return f"Case coding of {self.review.reference}"


class Theme(models.Model):
    """A managed taxonomy of learning themes, shared by every partnership so themes compare across reviews."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True, help_text="Retired themes stay on old findings.")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class FindingKind(models.TextChoices):
    LEARNING = "learning", "Learning"
    STRENGTH = "strength", "What worked well"
    TO_IMPROVE = "to_improve", "Practice to improve"


class Finding(models.Model):
    """Learning about the system, not blame."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="findings")
    number = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=FindingKind.choices, default=FindingKind.LEARNING)
    title = models.CharField(max_length=200)
    text = models.TextField()
    themes = models.ManyToManyField(Theme, blank=True, related_name="findings")
    agencies = models.ManyToManyField(Agency, blank=True, related_name="findings")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VisibleToQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[themes, agencies])

    class Meta:
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "number"],
                name="finding_unique_number_per_review",
                violation_error_message="This review already has a finding with this number.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="finding_number_positive",
                violation_error_message="Finding numbers start at 1.",
            ),
        ]

    def __str__(self):
        return f"{self.review.reference} finding {self.number}: {self.title}"


class Response(models.TextChoices):
    PENDING = "pending", "Awaiting response"
    ACCEPTED = "accepted", "Accepted"
    NOT_ACCEPTED = "not_accepted", "Not accepted"


class Recommendation(models.Model):
    """Addressed to the partnership as a whole, or to one or more named agencies."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    to_partnership = models.BooleanField(
        "addressed to the partnership",
        default=False,
        help_text="Addressed to the safeguarding partners together rather than to named agencies.",
    )
    agencies = models.ManyToManyField(Agency, blank=True, related_name="recommendations")
    findings = models.ManyToManyField(Finding, blank=True, related_name="recommendations")
    response = models.CharField(max_length=16, choices=Response.choices, default=Response.PENDING)
    response_reason = models.TextField(
        blank=True, help_text="Required when the recommendation is not accepted."
    )
    responded_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VisibleToQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[agencies, findings])

    class Meta:
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "number"],
                name="recommendation_unique_number_per_review",
                violation_error_message="This review already has a recommendation with this number.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="recommendation_number_positive",
                violation_error_message="Recommendation numbers start at 1.",
            ),
            required_with(
                "response_reason",
                Q(response=Response.NOT_ACCEPTED),
                name="recommendation_not_accepted_has_reason",
                message="Give the reason the recommendation was not accepted.",
            ),
            models.CheckConstraint(
                condition=Q(response=Response.PENDING, responded_on__isnull=True)
                | (~Q(response=Response.PENDING) & Q(responded_on__isnull=False)),
                name="recommendation_response_dated",
                violation_error_message="Record the date of the response, and only once there is one.",
            ),
        ]

    def __str__(self):
        return f"{self.review.reference} recommendation {self.number}"


class ReviewUserObjectPermission(UserObjectPermissionBase):
    """Object permissions of one person on a review (direct foreign key: deleted with it)."""

    content_object = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="user_permissions")


class ReviewGroupObjectPermission(GroupObjectPermissionBase):
    """Object permissions of a panel, readers or agency group on a review."""

    content_object = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="group_permissions")


class FindingUserObjectPermission(UserObjectPermissionBase):
    """Object permissions of one person on a finding (direct foreign key: deleted with it)."""

    content_object = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="user_permissions")


class FindingGroupObjectPermission(GroupObjectPermissionBase):
    """Object permissions of a panel, readers or agency group on a finding."""

    content_object = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="group_permissions")


class RecommendationUserObjectPermission(UserObjectPermissionBase):
    """Object permissions of one person on a recommendation (direct foreign key: deleted with it)."""

    content_object = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="user_permissions"
    )


class RecommendationGroupObjectPermission(GroupObjectPermissionBase):
    """Object permissions of a panel, readers or agency group on a recommendation."""

    content_object = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="group_permissions"
    )


class ReviewScopedQuerySet(VisibleToQuerySet):
    """Records that belong to a review and are seen by whoever sees their review.

    They carry no object permissions of their own: one rule (the review's) decides, so they can never
    drift apart from it.
    """

    def with_permission(self, user, action: str):
        return self.filter(review__in=Review.objects.with_permission(user, action).values("pk"))


class MetDeadline(models.Model):
    """A statutory deadline a review has met, on time or late: the clock's verdict, stored.

    Working days and bank holidays are worked out in Python (reviews/clock), so the verdict is stored
    whenever a review's dates change (reviews/clock/stored.py) and the timeliness figures are a count in
    the database. Derived, never edited: no history, no page of its own. It is read only through the
    reviews a person may see.
    """

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="met_deadlines")
    key = models.CharField(max_length=40, help_text="The clock rule's key, e.g. notify_panel.")
    due_on = models.DateField()
    met_on = models.DateField()
    on_time = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "key"], name="met_deadline_once_per_review"),
            models.CheckConstraint(
                condition=Q(on_time=True, met_on__lte=F("due_on")) | Q(on_time=False, met_on__gt=F("due_on")),
                name="met_deadline_on_time_agrees",
            ),
        ]

    def __str__(self):
        return f"{self.review_id} {self.key}: {'on time' if self.on_time else 'late'}"


class StageChange(models.Model):
    """One step of a review's lifecycle: who moved it, when, from which stage to which, and why."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=20, choices=Stage.choices)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    changed_on = models.DateField(help_text="The day the review entered the new stage.")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="stage_changes"
    )
    rationale = models.TextField(blank=True)
    skipped = models.JSONField(
        default=list, blank=True, help_text="Stages passed over on the way, each named and explained."
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ReviewScopedQuerySet.as_manager()

    class Meta:
        ordering = ["review", "recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_stage=F("to_stage")),
                name="stage_change_changes_stage",
                violation_error_message="A stage change must move the review to another stage.",
            ),
            models.CheckConstraint(
                condition=Q(skipped=[]) | ~Q(rationale=""),
                name="stage_change_skip_explained",
                violation_error_message="Skipping a stage needs a rationale.",
            ),
        ]

    def __str__(self):
        return f"{self.review.reference}: {self.get_from_stage_display()} to {self.get_to_stage_display()}"


class LearningBrief(models.Model):
    """The 7-minute briefing of a review.

    Background, key messages, strengths and what needs to improve come from the review and its
    findings; the brief adds what only the partnership can say.
    """

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="learning_brief")
    why_it_matters = models.TextField(blank=True)
    reflective_questions = models.TextField(blank=True, help_text="One question per line.")
    partnership_response = models.TextField(
        blank=True, help_text="What the partnership has done or will do in response."
    )
    issued_on = models.DateField(null=True, blank=True, help_text="When the brief went to agencies.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReviewScopedQuerySet.as_manager()
    history = HistoricalRecords()

    def __str__(self):
        return f"Learning brief of {self.review.reference}"


class BriefUse(models.TextChoices):
    TEAM_MEETING = "team_meeting", "Team meeting"
    TRAINING = "training", "Training"
    FORUM = "forum", "Practitioner forum"
    SUPERVISION = "supervision", "Supervision"
    NEWSLETTER = "newsletter", "Newsletter or bulletin"
    OTHER = "other", "Other"


class DisseminationQuerySet(ReviewScopedQuerySet):
    """Who sees a review in full (panel, readers, its lead reviewer) sees every agency's record;
    agency staff see, and record, their own agency's for the reviews they see."""

    def with_permission(self, user, action: str):
        whole_reviews = Review.objects.with_permission(user, action).filter(
            Q(partnership__panel_group__user=user)
            | Q(partnership__readers_group__user=user)
            | Q(lead_reviewer=user)
        )
        seen_reviews = Review.objects.with_permission(user, "view")
        return self.filter(
            Q(review__in=whole_reviews.values("pk"))
            # A subquery, not a join through the group's members: one row per record, however many.
            | Q(review__in=seen_reviews.values("pk"), agency__in=Agency.objects.filter(group__user=user))
        )


class Dissemination(models.Model):
    """An agency received a learning brief, and how it used it."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="disseminations")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="disseminations")
    received_on = models.DateField()
    used_how = models.CharField("how it was used", max_length=16, choices=BriefUse.choices, blank=True)
    used_on = models.DateField(null=True, blank=True)
    reached = models.PositiveIntegerField(
        "practitioners reached", null=True, blank=True, help_text="About how many people took part."
    )
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DisseminationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "agency", "received_on"]
        constraints = [
            not_before(
                "used_on",
                "received_on",
                name="dissemination_used_after_received",
                message="The brief cannot be used before the agency received it.",
            ),
            models.CheckConstraint(
                condition=(Q(used_how="") & Q(used_on__isnull=True))
                | (~Q(used_how="") & Q(used_on__isnull=False)),
                name="dissemination_use_dated",
                violation_error_message="Say how the brief was used and when, or neither.",
            ),
        ]

    def __str__(self):
        return f"{self.review.reference} brief to {self.agency}"

    def clean(self):
        if self.agency_id and self.review_id and self.agency.partnership_id != self.review.partnership_id:
            raise ValidationError({"agency": "Choose an agency of the review's own partnership."})
