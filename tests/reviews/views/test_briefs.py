"""The learning brief pages: the brief, writing it, its PDF, and recording its dissemination."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from agencies.models import AccessEvent, AccessLogEntry
from reviews.models import Dissemination, FindingKind, LearningBrief
from tests.conftest import sign_in
from tests.factories import FindingFactory

pytestmark = pytest.mark.django_db


def url(name, world, review="A", *extra):
    return reverse(name, args=[world.reviews[review].pk, *extra])


@pytest.fixture
def police_strength(world):
    """A strength of review A that concerns only the police."""
    return FindingFactory(
        review=world.reviews["A"],
        kind=FindingKind.STRENGTH,
        title="Officers kept returning to the home",
        text="Persistence paid off.",
        agencies=[world.agencies["north_police"]],
    )


def police_record(world):
    return Dissemination.objects.get(review=world.reviews["A"], agency=world.agencies["north_police"])


def csc_record(world):
    return Dissemination.objects.get(review=world.reviews["A"], agency=world.agencies["north_csc"])


# --- The brief page ----------------------------------------------------------------------------------------


def test_the_brief_page_shows_the_seven_minute_briefing(client, world, panel_chair, police_strength):
    sign_in(client, panel_chair)

    response = client.get(url("learning_brief", world))

    assert response.status_code == 200
    brief = LearningBrief.objects.get(review=world.reviews["A"])
    for heading in (
        "The review",
        "Why it matters",
        "Key messages",
        "What worked well",
        "What needs to improve",
        "Reflective questions",
        "The partnership's response",
        "Recommendations",
    ):
        assertContains(response, heading)
    assertContains(response, brief.why_it_matters)
    assertContains(response, "<li>Who holds the chronology?</li>", html=True)
    assertContains(response, police_strength.title)
    assertContains(response, "Issued to agencies on 2 September 2024")
    assertContains(response, url("learning_brief_pdf", world))
    assertContains(response, url("learning_brief_edit", world))
    assertContains(response, "Received by 2 of 4 agencies, used by 2")
    assert "no-store" in response["Cache-Control"]


def test_agency_staff_read_the_brief_without_what_is_not_theirs(client, world, csc_lead, police_strength):
    sign_in(client, csc_lead)

    response = client.get(url("learning_brief", world))

    assert response.status_code == 200
    assertNotContains(response, police_strength.title)
    assertNotContains(response, url("learning_brief_edit", world))
    assertNotContains(response, "Northshire Police")
    assertNotContains(response, url("dissemination_edit", world, "A", police_record(world).pk))
    assertContains(response, url("dissemination_edit", world, "A", csc_record(world).pk))
    assertContains(response, url("dissemination_add", world))


def test_a_review_without_a_brief_invites_the_panel_to_write_one(client, world, panel_chair):
    sign_in(client, panel_chair)

    response = client.get(url("learning_brief", world, "B"))

    assertContains(response, "No learning brief yet")
    assertContains(response, url("learning_brief_edit", world, "B"))
    assertNotContains(response, url("learning_brief_pdf", world, "B"))


def test_readers_are_told_there_is_no_brief_yet_without_a_link_to_write_one(client, world, board_member):
    sign_in(client, board_member)

    response = client.get(url("learning_brief", world, "B"))

    assertContains(response, "No learning brief yet")
    assertNotContains(response, url("learning_brief_edit", world, "B"))


def test_a_review_the_user_cannot_see_is_not_found(client, world, outsider):
    sign_in(client, outsider)

    assert client.get(url("learning_brief", world)).status_code == 404


# --- The review page's panel -----------------------------------------------------------------------------


def test_the_review_page_links_to_the_brief_with_its_reach(client, world, panel_chair):
    sign_in(client, panel_chair)

    response = client.get(url("review_detail", world))

    assertContains(response, 'id="brief"')
    assertContains(response, "Received by 2 of 4 agencies, used by 2.")
    assertContains(response, url("learning_brief", world))
    assertContains(response, url("learning_brief_pdf", world))
    assertContains(response, url("learning_brief_edit", world))


def test_agency_staff_see_their_own_agency_on_the_review_page(client, world, csc_lead):
    sign_in(client, csc_lead)

    response = client.get(url("review_detail", world))

    assertContains(response, "Northshire Children&#x27;s Social Care: received and used.")
    assertNotContains(response, "Received by")
    assertNotContains(response, url("learning_brief_edit", world))


def test_the_review_page_says_when_there_is_no_brief(client, world, panel_chair):
    sign_in(client, panel_chair)

    response = client.get(url("review_detail", world, "B"))

    assertContains(response, "No learning brief yet.")
    assertContains(response, url("learning_brief_edit", world, "B"))


# --- Writing the brief -----------------------------------------------------------------------------------


BRIEF_ANSWERS = {
    "why_it_matters": "Adolescents are children too.",
    "reflective_questions": "Who listened to the child?\nWho held the plan?",
    "partnership_response": "Training on vulnerable adolescents.",
    "issued_on_day": "1",
    "issued_on_month": "10",
    "issued_on_year": "2024",
}


def test_panel_staff_write_the_brief(client, world, panel_member):
    sign_in(client, panel_member)

    response = client.post(url("learning_brief_edit", world, "B"), BRIEF_ANSWERS)

    assertRedirects(response, url("learning_brief", world, "B"))
    brief = LearningBrief.objects.get(review=world.reviews["B"])
    assert brief.issued_on == datetime.date(2024, 10, 1)
    assert brief.reflective_questions == "Who listened to the child?\nWho held the plan?"
    assert brief.history.first().history_user == panel_member


def test_the_brief_form_starts_from_the_brief(client, world, panel_chair):
    sign_in(client, panel_chair)

    response = client.get(url("learning_brief_edit", world))

    assertContains(response, "Change the learning brief")
    assertContains(response, LearningBrief.objects.get(review=world.reviews["A"]).why_it_matters)
    assertContains(response, 'name="issued_on_year" value="2024"')


def test_a_wrong_date_is_an_error_and_nothing_is_saved(client, world, panel_chair):
    sign_in(client, panel_chair)

    response = client.post(url("learning_brief_edit", world, "B"), BRIEF_ANSWERS | {"issued_on_month": "13"})

    assert response.status_code == 200
    assertContains(response, "<title>Error: ", count=1)
    assertContains(response, "govuk-error-summary")
    assertContains(response, "must be a real date")
    assert not LearningBrief.objects.filter(review=world.reviews["B"]).exists()


@pytest.mark.parametrize("persona", ["board_member", "lead_reviewer", "csc_lead"])
def test_readers_may_not_write_the_brief(client, world, persona):
    sign_in(client, world.people[persona])

    assert client.get(url("learning_brief_edit", world)).status_code == 403
    assert client.post(url("learning_brief_edit", world), BRIEF_ANSWERS).status_code == 403
    assert (
        LearningBrief.objects.get(review=world.reviews["A"]).why_it_matters != BRIEF_ANSWERS["why_it_matters"]
    )


# --- The PDF -----------------------------------------------------------------------------------------------


def pdf_text(response) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_the_pdf_is_an_attachment_logged_as_an_export(client, world, panel_chair, police_strength):
    sign_in(client, panel_chair)

    response = client.get(url("learning_brief_pdf", world))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="REF-A-learning-brief.pdf"'
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response)
    assert "REF-A" in text
    assert world.north.name in text
    assert police_strength.title in text
    assert "OFFICIAL" not in text
    entry = AccessLogEntry.objects.get(event=AccessEvent.EXPORTED)
    assert (entry.user, entry.object_id, entry.object_label) == (panel_chair, world.reviews["A"].pk, "REF-A")


def test_agency_staffs_pdf_holds_only_what_they_may_see(client, world, csc_lead, police_strength):
    sign_in(client, csc_lead)

    response = client.get(url("learning_brief_pdf", world))

    assert response.status_code == 200
    assert police_strength.title not in pdf_text(response)


def test_an_unusual_reference_gives_a_plain_filename(client, world, panel_chair):
    review = world.reviews["A"]
    review.reference = 'LCSPR 2024/02 "B"'
    review.save()
    sign_in(client, panel_chair)

    response = client.get(url("learning_brief_pdf", world))

    assert response["Content-Disposition"] == 'attachment; filename="LCSPR-2024-02-B-learning-brief.pdf"'


def test_no_pdf_without_a_brief_and_nothing_logged(client, world, panel_chair):
    sign_in(client, panel_chair)

    assert client.get(url("learning_brief_pdf", world, "B")).status_code == 404
    assert not AccessLogEntry.objects.filter(event=AccessEvent.EXPORTED).exists()


def test_no_pdf_of_a_review_the_user_cannot_see(client, world, outsider):
    sign_in(client, outsider)

    assert client.get(url("learning_brief_pdf", world)).status_code == 404
    assert not AccessLogEntry.objects.exists()


# --- Recording dissemination -----------------------------------------------------------------------------


def received(agency, **extra):
    return {
        "agency": str(agency.pk),
        "received_on_day": "3",
        "received_on_month": "9",
        "received_on_year": "2024",
        **extra,
    }


def test_agency_lead_records_their_agency_using_the_brief(client, world, csc_lead):
    sign_in(client, csc_lead)
    before = Dissemination.objects.count()

    response = client.post(
        url("dissemination_add", world),
        received(
            world.agencies["north_csc"],
            used_how="training",
            used_on_day="20",
            used_on_month="9",
            used_on_year="2024",
            reached="25",
        ),
    )

    assertRedirects(response, url("learning_brief", world) + "#dissemination")
    assert Dissemination.objects.count() == before + 1
    record = Dissemination.objects.latest("pk")
    assert (record.agency, record.used_how, record.reached, record.recorded_by) == (
        world.agencies["north_csc"],
        "training",
        25,
        csc_lead,
    )


def test_the_agency_leads_form_offers_only_their_agency(client, world, csc_lead):
    sign_in(client, csc_lead)

    response = client.get(url("dissemination_add", world))

    form = response.context["form"]
    assert list(form.fields["agency"].queryset) == [world.agencies["north_csc"]]
    assert form["agency"].value() == world.agencies["north_csc"].pk
    assertNotContains(response, "Northshire Police")


def test_agency_lead_cannot_record_for_another_agency(client, world, csc_lead):
    sign_in(client, csc_lead)
    before = Dissemination.objects.count()

    response = client.post(url("dissemination_add", world), received(world.agencies["north_police"]))

    assert response.status_code == 200
    assertContains(response, "Select one of the agencies you may record for")
    assert Dissemination.objects.count() == before


def test_the_models_rules_are_shown_beside_the_answer(client, world, panel_chair):
    sign_in(client, panel_chair)
    before = Dissemination.objects.count()

    response = client.post(
        url("dissemination_add", world),
        received(
            world.agencies["north_health"],
            used_how="forum",
            used_on_day="1",
            used_on_month="9",
            used_on_year="2024",
        ),
    )

    assert response.status_code == 200
    assertContains(response, "<title>Error: ", count=1)
    assertContains(response, 'href="#id_used_on_0">The brief cannot be used before the agency received it.')
    assert Dissemination.objects.count() == before


def test_a_use_without_its_date_is_an_error(client, world, panel_chair):
    sign_in(client, panel_chair)

    response = client.post(
        url("dissemination_add", world), received(world.agencies["north_health"], used_how="forum")
    )

    assertContains(response, 'href="#id_used_on_0">Say how the brief was used and when, or neither.')
    assert not Dissemination.objects.filter(agency=world.agencies["north_health"]).exists()


def test_nothing_to_record_before_there_is_a_brief(client, world, panel_chair):
    sign_in(client, panel_chair)

    assert client.get(url("dissemination_add", world, "B")).status_code == 404


@pytest.mark.parametrize("persona", ["board_member", "lead_reviewer"])
def test_readers_record_nothing(client, world, persona):
    sign_in(client, world.people[persona])
    before = Dissemination.objects.count()

    assert client.get(url("dissemination_add", world)).status_code == 403
    assert (
        client.post(url("dissemination_add", world), received(world.agencies["north_health"])).status_code
        == 403
    )
    assert Dissemination.objects.count() == before


def test_agency_lead_changes_their_own_record(client, world, csc_lead):
    record = csc_record(world)
    sign_in(client, csc_lead)

    assertContains(client.get(url("dissemination_edit", world, "A", record.pk)), 'name="reached" value="12"')
    response = client.post(
        url("dissemination_edit", world, "A", record.pk), received(world.agencies["north_csc"], reached="40")
    )

    assertRedirects(response, url("learning_brief", world) + "#dissemination")
    record.refresh_from_db()
    assert (record.reached, record.used_how, record.used_on) == (40, "", None)


def test_agency_lead_cannot_see_another_agencys_record(client, world, csc_lead):
    sign_in(client, csc_lead)
    record = police_record(world)

    assert client.get(url("dissemination_edit", world, "A", record.pk)).status_code == 404
    assert (
        client.post(
            url("dissemination_edit", world, "A", record.pk), received(world.agencies["north_csc"])
        ).status_code
        == 404
    )
    assert police_record(world).agency == world.agencies["north_police"]


def test_a_record_is_reached_only_through_its_own_review(client, world, panel_chair):
    sign_in(client, panel_chair)

    assert client.get(url("dissemination_edit", world, "B", police_record(world).pk)).status_code == 404


def test_panel_staff_change_any_agencys_record(client, world, panel_member):
    sign_in(client, panel_member)
    record = police_record(world)

    response = client.post(
        url("dissemination_edit", world, "A", record.pk),
        received(
            world.agencies["north_police"],
            used_how="supervision",
            used_on_day="4",
            used_on_month="9",
            used_on_year="2024",
        ),
    )

    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.used_how, record.used_on) == ("supervision", datetime.date(2024, 9, 4))
