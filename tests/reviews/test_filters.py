"""The review register's filters: each one, together, and what a wrong value does."""

import datetime

import pytest
from django.http import QueryDict
from django.test import RequestFactory

from reviews import selectors
from reviews.filters import ReviewRegisterFilter, with_register_year
from reviews.models import ReviewKind, Stage, Theme
from tests.factories import FindingFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def filtered(user, query: str = "") -> tuple[ReviewRegisterFilter, set[str]]:
    request = RequestFactory().get("/reviews/", QueryDict(query))
    request.user = user
    reviews = with_register_year(selectors.review_list_for(user))
    filterset = ReviewRegisterFilter(request.GET, queryset=reviews, request=request)
    return filterset, {review.reference for review in filterset.qs}


def notified_review(partnership, reference: str, notified_on: datetime.date, **kwargs):
    """A review notified on the given day (and nothing since)."""
    return ReviewFactory(
        partnership=partnership,
        reference=reference,
        undated=True,
        incident_on=notified_on - datetime.timedelta(days=7),
        aware_on=notified_on - datetime.timedelta(days=5),
        notified_on=notified_on,
        **kwargs,
    )


def test_no_filter_gives_every_review_the_person_may_see(world, panel_chair):
    filterset, shown = filtered(panel_chair)

    assert filterset.is_valid()
    assert shown == {"REF-A", "REF-B", "REF-C"}


def test_kind_filter_keeps_the_kinds_ticked(world, panel_chair):
    assert filtered(panel_chair, "kind=rapid_review")[1] == {"REF-B"}
    assert filtered(panel_chair, "kind=rapid_review&kind=thematic")[1] == {"REF-B", "REF-C"}


def test_stage_filter_keeps_reviews_at_the_stages_ticked(world, panel_chair):
    assert filtered(panel_chair, f"stage={Stage.RAPID_REVIEW}")[1] == {"REF-B"}
    assert filtered(panel_chair, f"stage={Stage.EVIDENCE}")[1] == {"REF-A", "REF-C"}
    assert filtered(panel_chair, f"stage={Stage.CLOSED}")[1] == set()


def test_year_is_the_year_notified_or_else_the_year_entered(world, panel_chair):
    later = notified_review(world.north, "REF-2025", datetime.date(2025, 2, 3))
    not_sent = ReviewFactory(partnership=world.north, reference="REF-NOT-SENT", undated=True)
    entered = not_sent.created_at.year

    assert filtered(panel_chair, "year=2025")[1] == {later.reference}
    assert not_sent.reference in filtered(panel_chair, f"year={entered}")[1]
    assert filtered(panel_chair, "year=2024")[1] == {"REF-A", "REF-B", "REF-C"}


def test_year_choices_are_the_years_the_person_has_reviews_in(world, panel_chair, outsider):
    notified_review(world.south, "S-2023", datetime.date(2023, 5, 2))

    chair_years = [value for value, _ in filtered(panel_chair)[0].form.fields["year"].choices if value]
    outsider_years = [value for value, _ in filtered(outsider)[0].form.fields["year"].choices if value]

    assert chair_years == [2024]
    assert outsider_years == [2024, 2023]


def test_theme_filter_counts_only_findings_the_person_may_see(world, panel_chair, csc_lead, police_lead):
    housing = Theme.objects.get(slug="housing")
    # Review A's finding A2 concerns the police: CSC reads review A but not that finding.
    world.findings["A2"].themes.add(housing)

    assert filtered(panel_chair, "theme=housing")[1] == {"REF-A"}
    assert filtered(police_lead, "theme=housing")[1] == {"REF-A"}
    assert filtered(csc_lead, "theme=housing")[1] == set()
    assert filtered(csc_lead, "theme=neglect")[1] == {"REF-A"}


def test_theme_filter_never_reaches_another_partnership(world, outsider):
    FindingFactory(review=world.reviews["A"], themes=[Theme.objects.get(slug="pre-birth")])

    assert filtered(outsider, "theme=pre-birth")[1] == set()


def test_filters_combine(world, panel_chair):
    notified_review(world.north, "RR-2025", datetime.date(2025, 1, 6), kind=ReviewKind.RAPID_REVIEW)

    assert filtered(panel_chair, "kind=rapid_review&year=2025")[1] == {"RR-2025"}
    assert filtered(panel_chair, "kind=rapid_review&year=2024")[1] == {"REF-B"}
    assert filtered(panel_chair, "kind=lcspr&stage=rapid_review")[1] == set()
    assert filtered(panel_chair, "kind=lcspr&kind=thematic&theme=neglect")[1] == {"REF-A", "REF-C"}


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("kind=not-a-kind", "kind", "Choose kinds of review from the list"),
        ("stage=nowhere", "stage", "Choose stages from the list"),
        ("year=1066", "year", "Choose a year from the list"),
        ("year=soon", "year", "Choose a year from the list"),
        ("theme=no-such-theme", "theme", "Choose a theme from the list"),
    ],
)
def test_invalid_value_is_an_error_on_its_filter(world, panel_chair, query, field, message):
    filterset, shown = filtered(panel_chair, f"{query}&kind=rapid_review" if field != "kind" else query)

    assert not filterset.is_valid()
    assert filterset.errors[field] == [message]
    # The values that are valid still filter.
    assert shown == ({"REF-B"} if field != "kind" else {"REF-A", "REF-B", "REF-C"})


def test_selected_filters_each_link_to_the_query_without_them(world, panel_chair):
    query = "kind=rapid_review&kind=thematic&theme=neglect&page=2"
    filterset, _ = filtered(panel_chair, query)

    selected = filterset.selected(QueryDict(query))

    assert [group["heading"] for group in selected] == ["Kind of review", "Theme of a finding"]
    kinds = selected[0]["items"]
    assert [item["label"] for item in kinds] == [ReviewKind.RAPID_REVIEW.label, ReviewKind.THEMATIC.label]
    assert QueryDict(kinds[0]["remove_query"]) == QueryDict("kind=thematic&theme=neglect")
    theme = selected[1]["items"][0]
    assert theme["label"] == Theme.objects.get(slug="neglect").name
    assert QueryDict(theme["remove_query"]) == QueryDict("kind=rapid_review&kind=thematic")


def test_invalid_values_are_not_shown_as_selected(world, panel_chair):
    query = "kind=not-a-kind&year=2024"
    filterset, _ = filtered(panel_chair, query)

    selected = filterset.selected(QueryDict(query))

    assert [group["heading"] for group in selected] == ["Year"]
    assert selected[0]["items"][0]["label"] == "2024"
