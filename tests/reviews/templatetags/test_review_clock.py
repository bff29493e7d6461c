"""The statutory deadlines panel: the inclusion tag on its own, and on the review page."""

from datetime import date

import pytest
from django.template import Context, Template
from django.urls import reverse
from pytest_django.asserts import assertContains, assertInHTML

from agencies.models import Nation
from reviews.models import Review, ReviewKind
from tests.conftest import sign_in
from tests.factories import PartnershipFactory, ReviewFactory

pytestmark = pytest.mark.django_db

TAG = Template("{% load review_clock %}{% review_deadlines review today %}")


def render(review, today):
    return TAG.render(Context({"review": review, "today": today}))


def loaded(review):
    """The review as the review page loads it: with its partnership."""
    return Review.objects.select_related("partnership").get(pk=review.pk)


def test_lcspr_panel_shows_each_deadline_with_its_tag_and_text(django_assert_num_queries):
    # The factory's LCSPR: notified, rapid review sent and the Panel told on time; decision on
    # Friday 9 February 2024, so the final report was due Friday 9 August 2024.
    review = loaded(ReviewFactory())

    with django_assert_num_queries(0):
        html = render(review, date(2024, 8, 13))

    assert "Statutory deadlines" in html
    assertInHTML(
        """<tr class="govuk-table__row">
          <th scope="row" class="govuk-table__header">Receive the final report
            <span class="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0">Working Together: final
            report expected within about 6 months of the decision to review.</span></th>
          <td class="govuk-table__cell">9 August 2024</td>
          <td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--red">Overdue</strong>
            <p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">2 working days late</p></td>
        </tr>""",
        html,
    )
    assertInHTML('<strong class="govuk-tag govuk-tag--green">Met</strong>', html, count=3)
    assert "Met on 15 January 2024" in html
    assert "Not known yet" in html


def test_due_deadline_shows_a_blue_tag_and_days_left():
    html = render(loaded(ReviewFactory()), date(2024, 8, 7))

    assertInHTML('<strong class="govuk-tag govuk-tag--blue">Due</strong>', html)
    assert "2 working days left" in html


def test_welsh_cpr_panel_uses_welsh_rules_and_flags_policy():
    partnership = PartnershipFactory(nation=Nation.WALES)
    review = loaded(
        ReviewFactory(
            partnership=partnership, kind=ReviewKind.CPR_CONCISE, panel_informed_on=date(2024, 2, 20)
        )
    )

    html = render(review, date(2024, 3, 1))

    # Decision on Friday 9 February 2024: the Welsh Government was due to hear by Friday 16 February,
    # and heard on Tuesday 20 February, 2 working days late.
    assert "Tell the Welsh Government the decision" in html
    assert "Notify the national Panel" not in html
    assert "Partnership policy." in html
    assertInHTML('<strong class="govuk-tag govuk-tag--red">Late</strong>', html)
    assert "Met 2 working days late" in html


def test_kind_without_a_clock_says_so():
    review = loaded(ReviewFactory(kind=ReviewKind.THEMATIC))

    html = render(review, date(2024, 3, 1))

    assert "No statutory deadlines apply to a thematic or learning review in England." in html


def test_review_page_shows_the_deadlines_panel(client, world, panel_chair):
    sign_in(client, panel_chair)

    response = client.get(reverse("review_detail", args=[world.reviews["A"].pk]))

    assertContains(response, "Statutory deadlines")
    assertContains(response, "Notify the national Panel")
    assertContains(response, "Met on 15 January 2024")
