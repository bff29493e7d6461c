"""The lifecycle pages (stage, decision, convert, close) and the stage panel of the review page."""

import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from actions.models import Action, Status
from reviews import lifecycle
from reviews.models import Decision, Review, Stage, StageChange
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

D = datetime.date


def url(name, review):
    return reverse(name, args=[review.pk])


def date_data(name, value: datetime.date) -> dict:
    return {f"{name}_day": value.day, f"{name}_month": value.month, f"{name}_year": value.year}


def decide(review, by, decision=Decision.LCSPR):
    lifecycle.decision_record(
        review, decision=decision, on=D(2024, 2, 9), rationale="The criteria are met.", by=by
    )


# --- Who may use the pages ------------------------------------------------------------------------------

PAGES = ["review_stage_change", "review_decision", "review_convert", "review_close"]


@pytest.mark.parametrize("name", PAGES)
def test_a_reader_of_the_review_gets_403_on_get_and_post(client, world, board_member, name):
    review = world.reviews["B"]
    sign_in(client, board_member)

    assert client.get(url(name, review)).status_code == 403
    assert client.post(url(name, review), {"rationale": "x"}).status_code == 403
    assert Review.objects.get(pk=review.pk).status == Stage.RAPID_REVIEW


@pytest.mark.parametrize("name", PAGES)
def test_someone_who_cannot_see_the_review_gets_404(client, world, outsider, name):
    sign_in(client, outsider)

    assert client.get(url(name, world.reviews["B"])).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_the_pages_are_not_cached(client, world, panel_member, name):
    sign_in(client, panel_member)

    response = client.get(url(name, world.reviews["B"]))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


# --- Changing the stage ---------------------------------------------------------------------------------


def test_the_stage_page_offers_the_stages_of_the_kind(client, world, panel_member):
    sign_in(client, panel_member)

    response = client.get(url("review_stage_change", world.reviews["B"]))

    choices = dict(response.context["form"].fields["to_stage"].choices)
    assert list(choices) == [Stage.NOTIFIED, Stage.DECISION, Stage.ACTION_PLANNING, Stage.MONITORING]
    assert response.context["form"]["to_stage"].value() == Stage.DECISION
    assertContains(response, "Change the stage of the review")


def test_posting_the_next_stage_moves_the_review(client, world, panel_member):
    review = world.reviews["B"]
    sign_in(client, panel_member)

    response = client.post(
        url("review_stage_change", review), {"to_stage": Stage.DECISION, **date_data("on", D(2024, 2, 2))}
    )

    assert response.status_code == 302
    assert response["Location"].endswith(url("review_detail", review) + "#stage")
    change = StageChange.objects.get(review=review)
    assert (change.to_stage, change.changed_on, change.changed_by) == (
        Stage.DECISION,
        D(2024, 2, 2),
        panel_member,
    )


def test_bad_answers_show_the_error_summary_and_save_nothing(client, world, panel_member):
    review = world.reviews["B"]
    sign_in(client, panel_member)

    response = client.post(
        url("review_stage_change", review), {"to_stage": "", "on_day": "31", "on_month": "2"}
    )

    assert response.status_code == 200
    assertContains(response, "There is a problem")
    assertContains(response, "<title>Error: ", count=1)
    assertContains(response, "Choose the stage")
    assert not StageChange.objects.filter(review=review).exists()


def test_moving_back_without_a_rationale_shows_the_service_error_beside_it(client, world, panel_member):
    review = world.reviews["B"]
    sign_in(client, panel_member)

    response = client.post(
        url("review_stage_change", review), {"to_stage": Stage.NOTIFIED, **date_data("on", D(2024, 2, 2))}
    )

    assert response.status_code == 200
    assert "Explain why the review moves back" in " ".join(response.context["form"].errors["rationale"])
    assertContains(response, 'href="#id_rationale"')
    assert Review.objects.get(pk=review.pk).status == Stage.RAPID_REVIEW


def test_a_skip_asks_why_each_stage_is_skipped_before_saving(client, world, panel_member):
    review = world.reviews["A"]  # evidence gathering
    sign_in(client, panel_member)
    answers = {
        "to_stage": Stage.FINAL_REPORT,
        "rationale": "The reviewer sent the final report straight away.",
        **date_data("on", D(2024, 6, 3)),
    }

    asked = client.post(url("review_stage_change", review), answers)

    assert asked.status_code == 200
    assert not asked.context["form"].errors
    assertContains(asked, "Why is draft report skipped?")
    assertContains(asked, 'name="skips_asked" value="draft"')
    assert Review.objects.get(pk=review.pk).status == Stage.EVIDENCE

    saved = client.post(
        url("review_stage_change", review),
        {**answers, "skips_asked": "draft", "skip_draft": "No draft was circulated."},
    )

    assert saved.status_code == 302
    change = StageChange.objects.filter(review=review).last()
    assert change.skipped == [{"stage": "draft", "reason": "No draft was circulated."}]


def test_a_skip_without_its_reason_once_asked_is_an_error(client, world, panel_member):
    review = world.reviews["A"]
    sign_in(client, panel_member)

    response = client.post(
        url("review_stage_change", review),
        {
            "to_stage": Stage.FINAL_REPORT,
            "rationale": "Straight to the final report.",
            "skips_asked": "draft",
            **date_data("on", D(2024, 6, 3)),
        },
    )

    assert response.status_code == 200
    assertContains(response, "Say why draft report is skipped")
    assertContains(response, 'href="#id_skip_draft"')
    assert Review.objects.get(pk=review.pk).status == Stage.EVIDENCE


# --- The decision -------------------------------------------------------------------------------------


def test_recording_the_decision(client, world, panel_chair):
    review = world.reviews["B"]
    sign_in(client, panel_chair)

    response = client.post(
        url("review_decision", review),
        {
            "decision": Decision.OTHER_LEARNING,
            "rationale": "A multi-agency audit will cover the learning.",
            **date_data("on", D(2024, 2, 9)),
            **date_data("panel_informed_on", D(2024, 2, 12)),
        },
    )

    assert response.status_code == 302
    row = Review.objects.get(pk=review.pk)
    assert (row.status, row.decision, row.panel_informed_on) == (
        Stage.DECISION,
        Decision.OTHER_LEARNING,
        D(2024, 2, 12),
    )


def test_a_decision_without_a_rationale_shows_the_error_summary(client, world, panel_chair):
    review = world.reviews["B"]
    sign_in(client, panel_chair)

    response = client.post(
        url("review_decision", review), {"decision": Decision.LCSPR, **date_data("on", D(2024, 2, 9))}
    )

    assert response.status_code == 200
    assertContains(response, "There is a problem")
    assertContains(response, "Give the rationale for the decision")
    assert Review.objects.get(pk=review.pk).decision == ""


def test_a_review_past_its_decision_explains_why_it_cannot_change(client, world, panel_chair):
    review = world.reviews["A"]
    sign_in(client, panel_chair)

    shown = client.get(url("review_decision", review))
    posted = client.post(
        url("review_decision", review),
        {"decision": Decision.NO_FURTHER_REVIEW, "rationale": "Again.", **date_data("on", D(2024, 2, 9))},
    )

    assertContains(shown, "moved past its decision")
    assertNotContains(shown, 'name="rationale"')
    assertContains(posted, "moved past its decision")
    assert Review.objects.get(pk=review.pk).decision == Decision.LCSPR


def test_a_closed_review_explains_that_its_stage_cannot_change(client, world, panel_chair):
    review = world.reviews["C"]
    lifecycle.review_close(review, by=panel_chair, on=D(2025, 1, 6), rationale="Done.")
    sign_in(client, panel_chair)

    response = client.get(url("review_stage_change", review))

    assertContains(response, "The review is closed")
    assertNotContains(response, 'name="to_stage"')
    assertNotContains(client.get(url("review_detail", review)), url("review_stage_change", review))


# --- Converting ----------------------------------------------------------------------------------------


def test_a_rapid_review_without_an_lcspr_decision_explains_why_it_cannot_convert(client, world, panel_chair):
    sign_in(client, panel_chair)

    response = client.get(url("review_convert", world.reviews["B"]))

    assertContains(response, "Record the decision to commission an LCSPR")
    assertNotContains(response, 'name="reference"')


def test_converting_is_asked_checked_then_saved(client, world, panel_chair):
    rapid = world.reviews["B"]
    decide(rapid, panel_chair)
    sign_in(client, panel_chair)
    answers = {
        "reference": "LCSPR-2024-09",
        "rationale": "The criteria are met.",
        **date_data("on", D(2024, 3, 1)),
    }

    question = client.get(url("review_convert", rapid))
    assertContains(question, 'name="reference"')
    check = client.post(url("review_convert", rapid), answers)

    assertContains(check, "Check your answers before converting the rapid review")
    assertContains(check, "LCSPR-2024-09")
    assertContains(check, 'name="on_day" value="1"')
    assert not Review.objects.filter(reference="LCSPR-2024-09").exists()

    saved = client.post(url("review_convert", rapid), {**answers, "confirm": "1"})

    lcspr = Review.objects.get(reference="LCSPR-2024-09")
    assert saved.status_code == 302
    assert saved["Location"] == url("review_detail", lcspr)
    assert lcspr.converted_from == rapid


def test_changing_the_answers_from_the_check_page_keeps_them(client, world, panel_chair):
    rapid = world.reviews["B"]
    decide(rapid, panel_chair)
    sign_in(client, panel_chair)

    response = client.post(
        url("review_convert", rapid),
        {"reference": "LCSPR-2024-09", "rationale": "Met.", "change": "1", **date_data("on", D(2024, 3, 1))},
    )

    assert response.status_code == 200
    assertContains(response, 'value="LCSPR-2024-09"')
    assert not response.context["form"].errors
    assert not Review.objects.filter(reference="LCSPR-2024-09").exists()


def test_a_taken_reference_on_confirm_shows_the_error_and_saves_nothing(client, world, panel_chair):
    rapid = world.reviews["B"]
    decide(rapid, panel_chair)
    sign_in(client, panel_chair)
    reviews_before = Review.objects.count()

    response = client.post(
        url("review_convert", rapid),
        {"reference": "REF-A", "rationale": "Met.", "confirm": "1", **date_data("on", D(2024, 3, 1))},
    )

    assert response.status_code == 200
    assertContains(response, "There is a problem")
    assertContains(response, "already has a review with this reference")
    assert Review.objects.count() == reviews_before


# --- Closing -------------------------------------------------------------------------------------------


def test_a_review_with_open_actions_explains_why_it_cannot_close(client, world, panel_chair):
    sign_in(client, panel_chair)

    response = client.get(url("review_close", world.reviews["A"]))

    assertContains(response, "2 actions are still open")
    assertNotContains(response, 'name="rationale"')


def test_closing_is_asked_checked_then_saved(client, world, panel_chair):
    review = world.reviews["A"]
    Action.objects.filter(plan__review=review).update(status=Status.SUPERSEDED)
    sign_in(client, panel_chair)
    answers = {"rationale": "Every action is finished.", **date_data("on", D(2025, 1, 6))}

    check = client.post(url("review_close", review), answers)

    assertContains(check, "Check your answers before closing the review")
    assert Review.objects.get(pk=review.pk).status == Stage.EVIDENCE

    saved = client.post(url("review_close", review), {**answers, "confirm": "1"})

    assert saved.status_code == 302
    row = Review.objects.get(pk=review.pk)
    assert (row.status, row.closed_on, row.closure_rationale) == (
        Stage.CLOSED,
        D(2025, 1, 6),
        "Every action is finished.",
    )


def test_closing_without_a_rationale_shows_the_error_summary(client, world, panel_chair):
    review = world.reviews["C"]
    sign_in(client, panel_chair)

    response = client.post(url("review_close", review), date_data("on", D(2025, 1, 6)))

    assertContains(response, "There is a problem")
    assertContains(response, "Give the closure rationale")
    assertContains(response, "<title>Error: ")


# --- The stage panel of the review page ---------------------------------------------------------------


def test_the_panel_shows_the_timeline_and_buttons_to_panel_staff(client, world, panel_chair):
    review = world.reviews["A"]
    lifecycle.stage_advance(
        review,
        to_stage=Stage.FINAL_REPORT,
        by=panel_chair,
        on=D(2024, 6, 3),
        rationale="Straight to the final report.",
        skip_reasons={"draft": "No draft was circulated."},
    )
    sign_in(client, panel_chair)

    response = client.get(url("review_detail", review))

    assertContains(response, 'id="stage"')
    assertContains(response, "Evidence gathering to final report")
    assertContains(response, "Scoping and commissioning to evidence gathering")
    assertContains(response, "Draft report: No draft was circulated.")
    assertContains(response, "Priya Chair")
    assertContains(response, url("review_stage_change", review))
    assertContains(response, url("review_close", review))
    assertNotContains(response, url("review_convert", review))


def test_the_panel_offers_the_decision_and_conversion_when_they_apply(client, world, panel_chair):
    review = world.reviews["B"]
    sign_in(client, panel_chair)

    assertContains(client.get(url("review_detail", review)), url("review_decision", review))

    decide(review, panel_chair)
    response = client.get(url("review_detail", review))

    assertContains(response, url("review_convert", review))


def test_readers_see_the_stage_but_no_buttons(client, world, board_member):
    review = world.reviews["A"]
    sign_in(client, board_member)

    response = client.get(url("review_detail", review))

    assertContains(response, "Scoping and commissioning to evidence gathering")
    assertNotContains(response, url("review_stage_change", review))
    assertNotContains(response, url("review_close", review))


def test_a_converted_review_links_both_ways(client, world, panel_chair):
    rapid = world.reviews["B"]
    decide(rapid, panel_chair)
    lcspr = lifecycle.rapid_review_convert(
        rapid, by=panel_chair, on=D(2024, 3, 1), reference="LCSPR-2024-09", rationale="Met."
    )
    sign_in(client, panel_chair)

    assertContains(client.get(url("review_detail", rapid)), f'href="{url("review_detail", lcspr)}"')
    assertContains(client.get(url("review_detail", lcspr)), f'href="{url("review_detail", rapid)}"')
