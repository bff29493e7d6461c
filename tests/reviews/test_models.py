"""Reviews, case coding, themes, findings and recommendations: constraints, clean() rules and history.

Each constraint case starts from a valid saved row and changes some fields. The database must refuse
the change when it arrives by `QuerySet.update()` (no model validation on that path), and
`full_clean()` must refuse it with the constraint's own message and nothing else.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from reviews.models import (
    AgeBand,
    CaseCoding,
    Decision,
    Finding,
    Recommendation,
    Response,
    Review,
    ReviewKind,
    Stage,
    Theme,
)

from ..factories import (
    AgencyFactory,
    CaseCodingFactory,
    FindingFactory,
    PartnershipFactory,
    RecommendationFactory,
    ReviewFactory,
)

pytestmark = pytest.mark.django_db

EARLIER = datetime.date(2024, 3, 1)
LATER = datetime.date(2024, 3, 4)
DECIDED = {"decision": Decision.LCSPR, "decision_rationale": "Learning about neglect across agencies."}
CLOSED = {"status": Stage.CLOSED, "closure_rationale": "Every action verified; learning disseminated."}


def assert_database_refuses(obj, constraint, values):
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        type(obj).objects.filter(pk=obj.pk).update(**values)
    if constraint and not (
        connection.vendor == "sqlite" and "UNIQUE constraint failed" in str(refused.value)
    ):
        # PostgreSQL names every constraint; SQLite names check constraints but lists columns for unique ones.
        assert constraint in str(refused.value)


def assert_full_clean_says(obj, values, message):
    for name, value in values.items():
        setattr(obj, name, value)
    with pytest.raises(ValidationError) as invalid:
        obj.full_clean()
    assert invalid.value.messages == [message]


# --- the rows each case starts from -------------------------------------------------------------------


def undated_review():
    return ReviewFactory(undated=True)


def second_review():
    first = ReviewFactory(reference="LCSPR-2024-01")
    return ReviewFactory(partnership=first.partnership, reference="LCSPR-2024-02")


def second_conversion():
    """An LCSPR; another LCSPR was already converted from the same rapid review."""
    rapid = ReviewFactory(rapid=True)
    ReviewFactory(partnership=rapid.partnership, converted_from=rapid)
    return ReviewFactory(partnership=rapid.partnership)


def converted_again(review):
    return {"converted_from": Review.objects.get(converted_to__isnull=False, partnership=review.partnership)}


def coding():
    return CaseCodingFactory()


def second_coding():
    """A coding of a review that already has one, moved here by the change."""
    CaseCodingFactory()
    return CaseCodingFactory()


def coded_review_of_other(coding):
    return {"review": CaseCoding.objects.exclude(pk=coding.pk).get().review}


def theme():
    return Theme.objects.get(slug="poverty")


def second_finding():
    first = FindingFactory(number=1)
    return FindingFactory(review=first.review, number=2)


def second_recommendation():
    first = RecommendationFactory(number=1)
    return RecommendationFactory(review=first.review, number=2)


def ordered(constraint, later, earlier, message, **extra):
    """A case where `later` falls before `earlier`."""
    return pytest.param(
        undated_review, constraint, {later: EARLIER, earlier: LATER, **extra}, message, id=constraint
    )


CHILD_FROM_SIX_MESSAGE = (
    "Alcohol or drug misuse, mental health problems, bullying and sexual exploitation "
    "are coded only for children aged 6 and over."
)
DECISION_MESSAGE = "A decision needs its date and its rationale."
CLOSED_MESSAGE = "A closed review needs its closing date and a closure rationale."
RESPONSE_DATED_MESSAGE = "Record the date of the response, and only once there is one."

CASES = [
    # Review
    pytest.param(
        second_review,
        "review_unique_reference_per_partnership",
        {"reference": "LCSPR-2024-01"},
        "This partnership already has a review with this reference.",
        id="review_unique_reference_per_partnership",
    ),
    pytest.param(
        second_conversion,
        None,
        converted_again,
        "Review with this Converted from already exists.",
        id="review-converted-from-one-to-one",
    ),
    ordered(
        "review_aware_after_incident",
        "aware_on",
        "incident_on",
        "The local authority cannot become aware before the incident.",
    ),
    ordered(
        "review_notified_after_aware",
        "notified_on",
        "aware_on",
        "The notification cannot come before the local authority became aware.",
    ),
    ordered(
        "review_rapid_review_after_notified",
        "rapid_review_sent_on",
        "notified_on",
        "The rapid review cannot be sent before the notification.",
    ),
    ordered(
        "review_decision_after_notified",
        "decision_on",
        "notified_on",
        "The decision cannot come before the notification.",
        **DECIDED,
    ),
    ordered(
        "review_panel_informed_after_decision",
        "panel_informed_on",
        "decision_on",
        "The national Panel cannot be informed of a decision before it is made.",
        **DECIDED,
    ),
    ordered(
        "review_commissioned_after_decision",
        "commissioned_on",
        "decision_on",
        "A review cannot be commissioned before the decision to commission it.",
        **DECIDED,
    ),
    ordered(
        "review_report_after_commissioned",
        "final_report_on",
        "commissioned_on",
        "The final report cannot arrive before the review was commissioned.",
    ),
    ordered(
        "review_published_after_sent",
        "published_on",
        "report_sent_on",
        "The report must be sent to the Panel and Secretary of State before publication.",
    ),
    ordered(
        "review_closed_after_notified",
        "closed_on",
        "notified_on",
        "A review cannot close before it was notified.",
        **CLOSED,
    ),
    pytest.param(
        undated_review,
        "review_decision_dated_with_rationale",
        {"decision": Decision.LCSPR, "decision_rationale": "Learning about neglect."},
        DECISION_MESSAGE,
        id="review-decision-without-date",
    ),
    pytest.param(
        undated_review,
        "review_decision_dated_with_rationale",
        {"decision": Decision.NO_FURTHER_REVIEW, "decision_on": EARLIER},
        DECISION_MESSAGE,
        id="review-decision-without-rationale",
    ),
    pytest.param(
        undated_review,
        "review_decision_dated_with_rationale",
        {"decision_on": EARLIER},
        DECISION_MESSAGE,
        id="review-decision-date-without-decision",
    ),
    pytest.param(
        undated_review,
        "review_published_or_not",
        {
            "report_sent_on": EARLIER,
            "published_on": LATER,
            "not_published_on": LATER,
            "not_published_reason": "The family asked that it not be published.",
        },
        "A review is either published or has a decision not to publish, not both.",
        id="review_published_or_not",
    ),
    pytest.param(
        undated_review,
        "review_not_published_has_reason",
        {"not_published_on": LATER},
        "A decision not to publish needs its reason.",
        id="review_not_published_has_reason",
    ),
    pytest.param(
        undated_review,
        "review_closed_with_date_and_rationale",
        {"status": Stage.CLOSED},
        CLOSED_MESSAGE,
        id="review-closed-without-date",
    ),
    pytest.param(
        undated_review,
        "review_closed_with_date_and_rationale",
        {"status": Stage.CLOSED, "closed_on": LATER},
        CLOSED_MESSAGE,
        id="review-closed-without-rationale",
    ),
    pytest.param(
        undated_review,
        "review_closed_with_date_and_rationale",
        {"closed_on": LATER, "closure_rationale": "Nothing more to learn."},
        CLOSED_MESSAGE,
        id="review-closing-date-while-open",
    ),
    # CaseCoding
    pytest.param(
        second_coding,
        None,
        coded_review_of_other,
        "Case coding with this Review already exists.",
        id="coding-one-per-review",
    ),
    pytest.param(
        coding,
        "coding_violent_crime_within_record",
        {"parent_violent_crime": True},
        "Violent crime is a kind of criminal record: tick the criminal record too.",
        id="coding_violent_crime_within_record",
    ),
    pytest.param(
        coding,
        "coding_acrimonious_within_separation",
        {"family_separation_acrimonious": True},
        "An acrimonious separation is a separation: tick parental separation too.",
        id="coding_acrimonious_within_separation",
    ),
    pytest.param(
        coding,
        "coding_behaviour_not_under_1",
        {"age_band": AgeBand.UNDER_1, "child_behaviour_problems": True},
        "Behaviour problems are not coded for children under 1.",
        id="coding_behaviour_not_under_1",
    ),
    *[
        pytest.param(
            coding,
            "coding_older_child_characteristics_from_6",
            {"age_band": band, flag: True},
            CHILD_FROM_SIX_MESSAGE,
            id=f"coding-{flag}-at-{band}",
        )
        for band, flag in [
            (AgeBand.AGE_1_5, "child_alcohol_misuse"),
            (AgeBand.AGE_1_5, "child_drug_misuse"),
            (AgeBand.AGE_1_5, "child_mental_health"),
            (AgeBand.AGE_1_5, "child_bullying"),
            (AgeBand.UNDER_1, "child_cse"),
        ]
    ],
    # Theme
    pytest.param(
        theme,
        None,
        {"name": "Neglect and its cumulative impact"},
        "Theme with this Name already exists.",
        id="theme-name-unique",
    ),
    pytest.param(
        theme, None, {"slug": "neglect"}, "Theme with this Slug already exists.", id="theme-slug-unique"
    ),
    # Finding
    pytest.param(
        second_finding,
        "finding_unique_number_per_review",
        {"number": 1},
        "This review already has a finding with this number.",
        id="finding_unique_number_per_review",
    ),
    pytest.param(
        second_finding,
        "finding_number_positive",
        {"number": 0},
        "Finding numbers start at 1.",
        id="finding_number_positive",
    ),
    # Recommendation
    pytest.param(
        second_recommendation,
        "recommendation_unique_number_per_review",
        {"number": 1},
        "This review already has a recommendation with this number.",
        id="recommendation_unique_number_per_review",
    ),
    pytest.param(
        second_recommendation,
        "recommendation_number_positive",
        {"number": 0},
        "Recommendation numbers start at 1.",
        id="recommendation_number_positive",
    ),
    pytest.param(
        second_recommendation,
        "recommendation_not_accepted_has_reason",
        {"response": Response.NOT_ACCEPTED, "responded_on": LATER},
        "Give the reason the recommendation was not accepted.",
        id="recommendation_not_accepted_has_reason",
    ),
    pytest.param(
        second_recommendation,
        "recommendation_response_dated",
        {"responded_on": LATER},
        RESPONSE_DATED_MESSAGE,
        id="recommendation-pending-with-date",
    ),
    pytest.param(
        second_recommendation,
        "recommendation_response_dated",
        {"response": Response.ACCEPTED},
        RESPONSE_DATED_MESSAGE,
        id="recommendation-accepted-without-date",
    ),
    pytest.param(
        second_recommendation,
        "recommendation_response_dated",
        {"response": Response.NOT_ACCEPTED, "response_reason": "Covered by the neglect strategy."},
        RESPONSE_DATED_MESSAGE,
        id="recommendation-not-accepted-without-date",
    ),
]


@pytest.mark.parametrize("make, constraint, values, message", CASES)
def test_database_refuses(make, constraint, values, message):
    obj = make()
    assert_database_refuses(obj, constraint, values(obj) if callable(values) else values)


@pytest.mark.parametrize("make, constraint, values, message", CASES)
def test_full_clean_explains(make, constraint, values, message):
    obj = make()
    assert_full_clean_says(obj, values(obj) if callable(values) else values, message)


def test_every_constraint_has_a_case():
    tested = {param.values[1] for param in CASES} | {"review_not_converted_from_itself"}
    for model in (Review, CaseCoding, Theme, Finding, Recommendation):
        assert {constraint.name for constraint in model._meta.constraints} <= tested, model


class TestReviewConversion:
    def test_database_refuses_a_review_converted_from_itself(self):
        review = ReviewFactory(rapid=True)

        assert_database_refuses(review, "review_not_converted_from_itself", {"converted_from": review})

    def test_full_clean_refuses_a_review_converted_from_itself(self):
        review = ReviewFactory(rapid=True)

        assert_full_clean_says(
            review, {"converted_from": review}, "A review cannot be converted from itself."
        )

    def test_only_a_rapid_review_can_be_converted(self):
        lcspr = ReviewFactory()
        review = ReviewFactory.build(partnership=lcspr.partnership, converted_from=lcspr)

        with pytest.raises(ValidationError) as invalid:
            review.full_clean()

        assert invalid.value.message_dict == {"converted_from": ["Only a rapid review can be converted."]}

    def test_a_review_of_another_partnership_cannot_be_converted(self):
        rapid = ReviewFactory(rapid=True)
        review = ReviewFactory.build(partnership=PartnershipFactory(), converted_from=rapid)

        with pytest.raises(ValidationError) as invalid:
            review.full_clean()

        assert invalid.value.message_dict == {"converted_from": ["Choose a review of the same partnership."]}

    def test_a_rapid_review_converts_into_an_lcspr_and_keeps_the_link(self):
        rapid = ReviewFactory(rapid=True)

        lcspr = ReviewFactory(partnership=rapid.partnership, kind=ReviewKind.LCSPR, converted_from=rapid)

        rapid.refresh_from_db()
        assert rapid.converted_to == lcspr


class TestWhatIsAllowed:
    @pytest.mark.parametrize(
        "later, earlier, extra",
        [
            ("aware_on", "incident_on", {}),
            ("notified_on", "aware_on", {}),
            ("rapid_review_sent_on", "notified_on", {}),
            ("decision_on", "notified_on", DECIDED),
            ("panel_informed_on", "decision_on", DECIDED),
            ("commissioned_on", "decision_on", DECIDED),
            ("final_report_on", "commissioned_on", {}),
            ("published_on", "report_sent_on", {}),
            ("closed_on", "notified_on", CLOSED),
        ],
    )
    def test_statutory_dates_may_fall_on_the_same_day(self, later, earlier, extra):
        review = undated_review()
        for name, value in {later: EARLIER, earlier: EARLIER, **extra}.items():
            setattr(review, name, value)

        review.full_clean()
        review.save()

        assert Review.objects.filter(pk=review.pk, **{later: EARLIER, earlier: EARLIER}).exists()

    def test_a_decision_not_to_publish_with_its_reason(self):
        review = ReviewFactory(not_published_on=LATER, not_published_reason="The family asked us not to.")

        assert review.not_published_reason

    def test_a_closed_review_with_date_and_rationale(self):
        review = ReviewFactory(closed_on=LATER, **CLOSED)

        assert review.status == Stage.CLOSED

    def test_older_children_may_have_every_characteristic(self):
        coding = CaseCodingFactory(
            age_band=AgeBand.AGE_11_15,
            child_behaviour_problems=True,
            child_alcohol_misuse=True,
            child_drug_misuse=True,
            child_mental_health=True,
            child_bullying=True,
            child_cse=True,
            parent_criminal_record=True,
            parent_violent_crime=True,
            family_separation=True,
            family_separation_acrimonious=True,
        )

        assert coding.pk

    def test_under_six_year_olds_may_have_behaviour_problems_from_age_1(self):
        assert CaseCodingFactory(age_band=AgeBand.AGE_1_5, child_behaviour_problems=True).pk

    def test_finding_and_recommendation_numbers_restart_in_each_review(self):
        first, second = ReviewFactory(), ReviewFactory()

        for review in (first, second):
            FindingFactory(review=review, number=1)
            RecommendationFactory(review=review, number=1)

        assert (
            Finding.objects.filter(number=1).count() == Recommendation.objects.filter(number=1).count() == 2
        )

    def test_recommendation_not_accepted_with_its_reason(self):
        assert RecommendationFactory(not_accepted=True).response == Response.NOT_ACCEPTED


class TestHistory:
    def test_editing_a_review_keeps_what_it_said_before(self):
        review = ReviewFactory(title="Neglect of a toddler", status=Stage.EVIDENCE)

        review.title = "Neglect of a young child"
        review.status = Stage.DRAFT
        review.save()

        assert review.history.count() == 2
        before = review.history.earliest()
        assert (before.title, before.status) == ("Neglect of a toddler", Stage.EVIDENCE)
        assert review.history.as_of(before.history_date).title == "Neglect of a toddler"
        assert review.history.latest().status == Stage.DRAFT

    def test_changing_a_findings_themes_is_recorded(self):
        neglect, poverty = Theme.objects.get(slug="neglect"), Theme.objects.get(slug="poverty")
        finding = FindingFactory(themes=[neglect])
        recorded = finding.history.count()

        finding.themes.add(poverty)

        assert finding.history.count() == recorded + 1
        latest, before = finding.history.all()[:2]
        assert {row.theme for row in before.themes.all()} == {neglect}
        assert {row.theme for row in latest.themes.all()} == {neglect, poverty}

    def test_editing_a_finding_keeps_its_old_text(self):
        finding = FindingFactory(text="The school's concerns were not shared.")

        finding.text = "The school's concerns were shared late."
        finding.save()

        assert finding.history.earliest().text == "The school's concerns were not shared."

    def test_responding_to_a_recommendation_keeps_the_pending_state(self):
        recommendation = RecommendationFactory()
        recorded = recommendation.history.count()

        recommendation.response = Response.ACCEPTED
        recommendation.responded_on = LATER
        recommendation.save()

        assert recommendation.history.count() == recorded + 1
        before = recommendation.history.all()[1]
        assert (before.response, before.responded_on) == (Response.PENDING, None)
        assert recommendation.history.as_of(before.history_date).response == Response.PENDING

    def test_readdressing_a_recommendation_is_recorded(self):
        first_agency = AgencyFactory()
        recommendation = RecommendationFactory(
            review=ReviewFactory(partnership=first_agency.partnership), agencies=[first_agency]
        )
        second_agency = AgencyFactory(partnership=first_agency.partnership)

        recommendation.agencies.set([second_agency])

        # Oldest first: what the recommendation was addressed to after each recorded change.
        addressed = [
            {row.agency for row in record.agencies.all()}
            for record in recommendation.history.order_by("history_date", "history_id")
        ]
        assert {first_agency} in addressed
        assert addressed[-1] == {second_agency}
