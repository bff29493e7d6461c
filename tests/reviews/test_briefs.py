"""Learning briefs: what a brief shows to whom, who may write it, and the record of its dissemination."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reviews import briefs
from reviews.brief_pdf import NoFetching, brief_document, refusing_url_fetcher
from reviews.models import Dissemination, FindingKind, LearningBrief, Review
from tests.factories import AgencyFactory, FindingFactory

pytestmark = pytest.mark.django_db

SEP_3 = datetime.date(2024, 9, 3)
SEP_17 = datetime.date(2024, 9, 17)


@pytest.fixture
def review_a(world):
    """Review A with one finding of each kind beyond the three learning findings of the world:
    a strength that concerns the police and a practice to improve that concerns CSC."""
    a = world.reviews["A"]
    FindingFactory(
        review=a,
        kind=FindingKind.STRENGTH,
        title="Police officers persisted",
        text="Officers visited again.",
        agencies=[world.agencies["north_police"]],
    )
    FindingFactory(
        review=a,
        kind=FindingKind.TO_IMPROVE,
        title="Share information earlier",
        text="Practitioners waited to share.",
        agencies=[world.agencies["north_csc"]],
    )
    return a


def titles(findings):
    return [finding.title for finding in findings]


# --- Content --------------------------------------------------------------------------------------------


def test_findings_land_in_the_section_of_their_kind(panel_chair, review_a, world):
    content = briefs.brief_content(panel_chair, review_a)

    assert [f.pk for f in content.key_messages] == [world.findings[n].pk for n in ("A1", "A2", "A3")]
    assert titles(content.strengths) == ["Police officers persisted"]
    assert titles(content.to_improve) == ["Share information earlier"]


def test_agency_staff_see_only_the_findings_and_recommendations_they_may_see(csc_lead, review_a, world):
    content = briefs.brief_content(csc_lead, review_a)

    assert [f.pk for f in content.key_messages] == [world.findings["A1"].pk]
    assert content.strengths == []
    assert titles(content.to_improve) == ["Share information earlier"]
    # A1 is addressed to CSC and A3 to the partnership; A2 (police) and A4 (health, schools) are not CSC's.
    assert [(r.number, r.addressed_to) for r in content.recommendations] == [
        (world.recommendations["A1"].number, "CSC"),
        (world.recommendations["A3"].number, "The partnership"),
    ]


def test_brief_parts_come_from_the_brief(panel_chair, world):
    brief = LearningBrief.objects.get(review=world.reviews["A"])
    brief.reflective_questions = "  What did the child see?\n\n   \nWho challenged whom?  "
    brief.save()

    content = briefs.brief_content(panel_chair, world.reviews["A"])

    assert content.exists
    assert content.background == world.reviews["A"].background
    assert content.why_it_matters == brief.why_it_matters
    assert content.reflective_questions == ["What did the child see?", "Who challenged whom?"]
    assert content.partnership_response == brief.partnership_response
    assert content.issued_on == brief.issued_on
    assert content.partnership_name == world.north.name


def test_a_review_without_a_brief_still_gives_its_own_parts(panel_chair, world):
    content = briefs.brief_content(panel_chair, world.reviews["B"])

    assert not content.exists
    assert content.background == world.reviews["B"].background
    assert content.reflective_questions == []
    assert len(content.key_messages) == 2


def test_no_content_for_someone_who_cannot_see_the_review(outsider, world):
    with pytest.raises(Review.DoesNotExist):
        briefs.brief_content(outsider, world.reviews["A"])


def test_the_pdf_document_is_a4(panel_chair, review_a):
    document = brief_document(briefs.brief_content(panel_chair, review_a))

    assert len(document.pages) >= 1
    # A4 in CSS pixels (96 per inch).
    assert (document.pages[0].width, document.pages[0].height) == pytest.approx((793.7, 1122.5), abs=1)


def test_the_pdf_fetches_nothing(panel_chair, world, monkeypatch, caplog):
    # Whatever the template held, WeasyPrint would ask our fetcher, and it refuses.
    page = (
        '<link rel="stylesheet" href="https://example.org/x.css"><img src="file:///etc/hostname"><p>Brief</p>'
    )
    monkeypatch.setattr("reviews.brief_pdf.render_to_string", lambda *args, **kwargs: page)

    with caplog.at_level("WARNING", logger="weasyprint"):
        brief_document(briefs.brief_content(panel_chair, world.reviews["A"]))

    refused = [record.getMessage() for record in caplog.records if "NoFetching" in record.getMessage()]
    assert len(refused) == 2
    with pytest.raises(NoFetching):
        refusing_url_fetcher().fetch("https://example.org/tracking.png")


# --- Writing the brief ------------------------------------------------------------------------------------


def test_panel_staff_write_a_brief(panel_member, world):
    review = world.reviews["B"]

    brief = briefs.brief_save(
        review=review,
        by=panel_member,
        why_it_matters="  Adolescents are children too. ",
        reflective_questions="Who listened to the child?\n\nWho held the plan?\n",
        partnership_response="Training on vulnerable adolescents.",
        issued_on=datetime.date(2024, 10, 1),
    )

    brief.refresh_from_db()
    assert brief.review == review
    assert brief.why_it_matters == "Adolescents are children too."
    assert brief.reflective_questions == "Who listened to the child?\nWho held the plan?"
    assert brief.history.first().history_user == panel_member


def test_saving_again_changes_the_one_brief(panel_chair, world):
    briefs.brief_save(review=world.reviews["A"], by=panel_chair, why_it_matters="Changed")

    assert LearningBrief.objects.filter(review=world.reviews["A"]).count() == 1
    assert LearningBrief.objects.get(review=world.reviews["A"]).why_it_matters == "Changed"


@pytest.mark.parametrize("persona", ["board_member", "lead_reviewer", "csc_lead", "outsider"])
def test_only_panel_staff_write_the_brief(world, persona):
    with pytest.raises(PermissionDenied):
        briefs.brief_save(review=world.reviews["B"], by=world.people[persona], why_it_matters="No")

    assert not LearningBrief.objects.filter(review=world.reviews["B"]).exists()


# --- Who may record dissemination -------------------------------------------------------------------------


def agency_names(queryset):
    return sorted(agency.name for agency in queryset)


def test_panel_staff_record_for_every_active_agency_of_the_partnership(panel_chair, world):
    AgencyFactory(partnership=world.north, name="Northshire Closed Service", is_active=False)

    assert agency_names(briefs.recordable_agencies(panel_chair, world.reviews["A"])) == sorted(
        agency.name for key, agency in world.agencies.items() if key.startswith("north")
    )


def test_agency_staff_record_only_for_their_own_agency(csc_lead, police_lead, world):
    assert agency_names(briefs.recordable_agencies(csc_lead, world.reviews["A"])) == [
        "Northshire Children's Social Care"
    ]
    assert agency_names(briefs.recordable_agencies(police_lead, world.reviews["B"])) == ["Northshire Police"]
    # CSC does not see review B.
    assert not briefs.recordable_agencies(csc_lead, world.reviews["B"]).exists()


@pytest.mark.parametrize("persona", ["board_member", "scrutineer", "lead_reviewer", "outsider", "no_roles"])
def test_readers_record_for_nobody(world, persona):
    assert not briefs.recordable_agencies(world.people[persona], world.reviews["A"]).exists()


# --- Recording dissemination ------------------------------------------------------------------------------


def answers(agency, **extra):
    return {"agency": agency, "received_on": SEP_3, **extra}


def test_agency_lead_records_their_agency_receiving_and_using_the_brief(csc_lead, world):
    record = briefs.dissemination_record(
        review=world.reviews["A"],
        by=csc_lead,
        **answers(
            world.agencies["north_csc"], used_how="training", used_on=SEP_17, reached=30, notes=" Two teams "
        ),
    )

    record.refresh_from_db()
    assert (record.agency, record.used_how, record.used_on, record.reached) == (
        world.agencies["north_csc"],
        "training",
        SEP_17,
        30,
    )
    assert record.notes == "Two teams"
    assert record.recorded_by == csc_lead
    assert record.history.first().history_user == csc_lead


def test_agency_lead_cannot_record_for_another_agency(csc_lead, world):
    before = Dissemination.objects.count()

    with pytest.raises(PermissionDenied):
        briefs.dissemination_record(
            review=world.reviews["A"], by=csc_lead, **answers(world.agencies["north_police"])
        )

    assert Dissemination.objects.count() == before


def test_panel_cannot_record_for_an_agency_of_another_partnership(panel_chair, world):
    with pytest.raises(PermissionDenied):
        briefs.dissemination_record(
            review=world.reviews["A"], by=panel_chair, **answers(world.agencies["south_csc"])
        )


def test_no_record_without_a_brief(panel_chair, world):
    with pytest.raises(ValidationError, match="no learning brief"):
        briefs.dissemination_record(
            review=world.reviews["B"], by=panel_chair, **answers(world.agencies["north_health"])
        )

    assert not Dissemination.objects.filter(review=world.reviews["B"]).exists()


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        (
            {"used_how": "forum", "used_on": datetime.date(2024, 9, 1)},
            "used_on",
            "The brief cannot be used before the agency received it.",
        ),
        ({"used_how": "forum"}, "used_on", "Say how the brief was used and when, or neither."),
        ({"used_on": SEP_17}, "used_how", "Say how the brief was used and when, or neither."),
    ],
)
def test_the_models_rules_come_back_beside_their_field(panel_chair, world, extra, field, message):
    before = Dissemination.objects.count()

    with pytest.raises(ValidationError) as caught:
        briefs.dissemination_record(
            review=world.reviews["A"], by=panel_chair, **answers(world.agencies["north_health"], **extra)
        )

    assert caught.value.message_dict == {field: [message]}
    assert Dissemination.objects.count() == before


def csc_record(world):
    return Dissemination.objects.get(review=world.reviews["A"], agency=world.agencies["north_csc"])


def police_record(world):
    return Dissemination.objects.get(review=world.reviews["A"], agency=world.agencies["north_police"])


def test_agency_lead_changes_their_own_record(csc_lead, world):
    record = briefs.dissemination_change(
        dissemination=csc_record(world), by=csc_lead, **answers(world.agencies["north_csc"], reached=40)
    )

    assert Dissemination.objects.get(pk=record.pk).reached == 40


def test_agency_lead_cannot_change_another_agencys_record(csc_lead, world):
    with pytest.raises(PermissionDenied):
        briefs.dissemination_change(
            dissemination=police_record(world), by=csc_lead, **answers(world.agencies["north_csc"])
        )

    assert police_record(world).reached == 12


def test_agency_lead_cannot_move_their_record_to_another_agency(csc_lead, world):
    record = csc_record(world)

    with pytest.raises(PermissionDenied):
        briefs.dissemination_change(
            dissemination=record, by=csc_lead, **answers(world.agencies["north_police"])
        )

    assert Dissemination.objects.get(pk=record.pk).agency == world.agencies["north_csc"]


def test_board_member_changes_no_record(board_member, world):
    with pytest.raises(PermissionDenied):
        briefs.dissemination_change(
            dissemination=police_record(world), by=board_member, **answers(world.agencies["north_police"])
        )


# --- The dissemination table ----------------------------------------------------------------------------


def test_whole_review_readers_see_every_agency_and_who_has_not_received_it(board_member, world):
    table = briefs.dissemination_table(board_member, world.reviews["A"])

    assert table.every_agency
    # One row per record even though CSC's group has two members.
    assert [(row.agency.short_name, len(row.records)) for row in table.rows] == [
        ("CSC", 1),
        ("ICB", 0),
        ("Police", 1),
        ("Schools", 0),
    ]
    assert (table.agency_count, table.received_count, table.used_count, table.reached) == (4, 2, 2, 24)
    assert [agency.short_name for agency in table.not_received] == ["ICB", "Schools"]
    assert table.changeable_ids == frozenset()


def test_panel_staff_may_change_every_record(panel_member, world):
    table = briefs.dissemination_table(panel_member, world.reviews["A"])

    assert table.changeable_ids == {csc_record(world).pk, police_record(world).pk}


def test_agency_staff_see_only_their_own_agency(csc_owner, world):
    table = briefs.dissemination_table(csc_owner, world.reviews["A"])

    assert not table.every_agency
    assert [row.agency.short_name for row in table.rows] == ["CSC"]
    assert table.changeable_ids == {csc_record(world).pk}


def test_a_received_brief_not_yet_used_counts_as_received_only(panel_chair, world):
    briefs.dissemination_record(
        review=world.reviews["A"], by=panel_chair, **answers(world.agencies["north_health"])
    )

    table = briefs.dissemination_table(panel_chair, world.reviews["A"])

    assert (table.received_count, table.used_count) == (3, 2)


# --- The reach shown on the review page -------------------------------------------------------------------


def test_reach_counts_every_agency_for_whole_review_readers(scrutineer, world):
    reach = briefs.brief_reach(scrutineer, world.reviews["A"], every_agency=True)

    assert [(r.agency.short_name, r.received, r.used) for r in reach.rows] == [
        ("CSC", True, True),
        ("ICB", False, False),
        ("Police", True, True),
        ("Schools", False, False),
    ]
    assert (reach.received_count, reach.agency_count, reach.used_count) == (2, 4, 2)


def test_reach_of_agency_staff_is_their_own_agency(csc_owner, world):
    reach = briefs.brief_reach(csc_owner, world.reviews["A"], every_agency=False)

    assert [(r.agency.short_name, r.received, r.used) for r in reach.rows] == [("CSC", True, True)]


def test_a_brief_received_but_not_used(panel_chair, world):
    briefs.dissemination_record(
        review=world.reviews["A"], by=panel_chair, **answers(world.agencies["north_health"])
    )

    reach = briefs.brief_reach(panel_chair, world.reviews["A"], every_agency=True)

    assert (reach.received_count, reach.used_count) == (3, 2)
