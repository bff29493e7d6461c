"""Search over findings and recommendations, and similar findings of other reviews.

Every assertion holds on SQLite (the word fallback) and on PostgreSQL (full-text search): words are
chosen so that stemming and substring matching agree.
"""

import pytest

from actions.models import Status
from reviews.models import Finding, FindingKind, Recommendation, ReviewKind, Theme
from reviews.search import (
    FINDING,
    RECOMMENDATION,
    fallback_words,
    highlight,
    search,
    significant_words,
    similar_findings,
)
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    FindingFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db


def theme(slug):
    return Theme.objects.get(slug=slug)


def found(results):
    """(kind, review reference, number) of each result on the page, in order."""
    return [(r.kind, r.review.reference, r.number) for r in results.page.object_list]


@pytest.fixture
def drift(world):
    """Findings about drift in review A (North) and S (South), and a recommendation answering it."""
    a, s = world.reviews["A"], world.reviews["S"]
    in_title = FindingFactory(
        review=a,
        title="Drift in planning for the baby",
        text="Meetings were postponed again and again.",
        themes=[theme("drift")],
        agencies=[world.agencies["north_csc"]],
    )
    in_text = FindingFactory(
        review=a,
        title="Plans were not reviewed",
        text="There was drift because the core group did not meet.",
        kind=FindingKind.TO_IMPROVE,
        themes=[theme("supervision")],
        agencies=[world.agencies["north_police"]],
    )
    south = FindingFactory(
        review=s,
        title="Drift in the southern plan",
        text="Drift again.",
        themes=[theme("drift")],
        agencies=[world.agencies["south_csc"]],
    )
    recommendation = RecommendationFactory(
        review=a,
        text="Children's social care should escalate drift in child protection plans to a manager.",
        agencies=[world.agencies["north_csc"]],
        findings=[in_title],
    )
    return {"in_title": in_title, "in_text": in_text, "south": south, "recommendation": recommendation}


def test_finds_findings_and_recommendations_of_the_users_partnership_only(world, panel_chair, drift):
    results = search(panel_chair, "drift")

    assert results.count == 3
    assert set(found(results)) == {
        (FINDING, "REF-A", drift["in_title"].number),
        (FINDING, "REF-A", drift["in_text"].number),
        (RECOMMENDATION, "REF-A", drift["recommendation"].number),
    }


def test_a_word_in_the_title_ranks_above_a_word_in_the_text(panel_chair, drift):
    results = search(panel_chair, "drift", kinds=[FINDING])

    assert [r.pk for r in results.page.object_list] == [drift["in_title"].pk, drift["in_text"].pk]


def test_every_word_must_appear(panel_chair, drift):
    assert [r.pk for r in search(panel_chair, "drift postponed").page.object_list] == [drift["in_title"].pk]
    assert search(panel_chair, "drift unicorn").count == 0


def test_matching_ignores_case(panel_chair, drift):
    assert search(panel_chair, "DRIFT").count == search(panel_chair, "drift").count == 3


@pytest.mark.parametrize("query", ["   ", '"', '""  "'])
def test_a_query_with_no_words_finds_nothing(panel_chair, drift, query):
    assert search(panel_chair, query).count == 0


def test_kinds_limit_what_is_searched(panel_chair, drift):
    results = search(panel_chair, "drift", kinds=[RECOMMENDATION])

    assert found(results) == [(RECOMMENDATION, "REF-A", drift["recommendation"].number)]


def test_theme_filter_applies_to_findings_and_the_findings_a_recommendation_cites(panel_chair, drift):
    results = search(panel_chair, "drift", themes=["drift"])

    assert {(r.kind, r.pk) for r in results.page.object_list} == {
        (FINDING, drift["in_title"].pk),
        (RECOMMENDATION, drift["recommendation"].pk),
    }


def test_a_recommendation_shows_the_themes_of_the_findings_it_cites(panel_chair, drift):
    (result,) = search(panel_chair, "drift", kinds=[RECOMMENDATION]).page.object_list

    assert [t.slug for t in result.themes] == ["drift"]


def test_finding_kind_filter_leaves_recommendations_out(panel_chair, drift):
    results = search(panel_chair, "drift", finding_kinds=[FindingKind.TO_IMPROVE])

    assert [(r.kind, r.pk) for r in results.page.object_list] == [(FINDING, drift["in_text"].pk)]
    assert results.page.object_list[0].finding_kind == "Practice to improve"


def test_review_kind_filter(world, panel_chair, drift):
    rapid = FindingFactory(review=world.reviews["B"], title="Drift before the rapid review", text="Slow.")

    assert [r.pk for r in search(panel_chair, "drift", review_kinds=[ReviewKind.RAPID_REVIEW]).page] == [
        rapid.pk
    ]
    assert rapid.pk not in [r.pk for r in search(panel_chair, "drift", review_kinds=[ReviewKind.LCSPR]).page]


def test_the_match_is_highlighted(panel_chair, drift):
    results = search(panel_chair, "postponed", kinds=[FINDING])

    (result,) = results.page.object_list
    assert "<mark>postponed</mark>" in result.excerpt
    assert "Drift in planning" in result.title


def test_stored_markup_is_escaped_in_titles_and_excerpts(world, panel_chair):
    FindingFactory(
        review=world.reviews["A"],
        title='<img src=x onerror="alert(1)"> tampering',
        text='<script>alert("x")</script> tampering with records & <b>bold</b>',
    )
    RecommendationFactory(
        review=world.reviews["A"], text="<script>alert(2)</script> tampering", to_partnership=True
    )

    results = search(panel_chair, "tampering")

    assert results.count == 2
    for result in results.page.object_list:
        assert "<mark>tampering</mark>" in result.excerpt
        # PostgreSQL's headline may drop markup from the excerpt; whatever is left is escaped.
        for html in (result.title, result.excerpt):
            assert "<" not in html.replace("<mark>", "").replace("</mark>", "")
    (finding,) = [r for r in results.page.object_list if r.kind == FINDING]
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in finding.title


def test_results_come_in_pages_of_twenty(world, panel_chair):
    for n in range(25):
        FindingFactory(review=world.reviews["C"], title=f"Oversight gap {n}", text="Supervision lapsed.")

    first = search(panel_chair, "oversight")
    second = search(panel_chair, "oversight", page=2)

    assert first.count == second.count == 25
    assert len(first.page.object_list) == 20 and len(second.page.object_list) == 5
    assert not {r.pk for r in first.page.object_list} & {r.pk for r in second.page.object_list}


LEAK_QUERIES = [
    "drift",
    "southern",
    "information",
    "neglect",
    "drift OR southern",
    '"drift"',
    "-unicorn drift",
]


@pytest.mark.parametrize("persona", ["csc_lead", "police_lead", "outsider", "no_roles", "lead_reviewer"])
def test_nobody_finds_what_they_may_not_see(world, drift, persona):
    user = world.people[persona]
    visible = {(FINDING, pk) for pk in Finding.objects.visible_to(user).values_list("pk", flat=True)} | {
        (RECOMMENDATION, pk) for pk in Recommendation.objects.visible_to(user).values_list("pk", flat=True)
    }

    for query in LEAK_QUERIES:
        results = search(user, query)
        assert {(r.kind, r.pk) for r in results.page.object_list} <= visible, query


def test_agency_lead_finds_only_what_concerns_their_agency(world, csc_lead, drift):
    results = search(csc_lead, "drift")

    # Finding "in_text" concerns police and the South finding another partnership.
    assert {(r.kind, r.pk) for r in results.page.object_list} == {
        (FINDING, drift["in_title"].pk),
        (RECOMMENDATION, drift["recommendation"].pk),
    }


def test_other_partnership_finds_its_own_only(world, outsider, drift):
    results = search(outsider, "drift")

    assert [(r.kind, r.pk) for r in results.page.object_list] == [(FINDING, drift["south"].pk)]


def test_fallback_words_drop_quotes_and_repeats():
    assert fallback_words('"Drift" drift  delay') == ["Drift", "delay"]


def test_highlight_escapes_and_marks_every_occurrence():
    html = highlight("<b>Drift</b> & drift", ["drift"], whole=True)

    assert html == "&lt;b&gt;<mark>Drift</mark>&lt;/b&gt; &amp; <mark>drift</mark>"


def test_highlight_cuts_an_excerpt_around_the_first_match():
    text = "word " * 100 + "drift " + "word " * 100

    html = highlight(text, ["drift"], length=60)

    assert html.startswith("…") and html.endswith("…")
    assert "<mark>drift</mark>" in html
    assert len(html) < 120


def test_significant_words_leave_out_stop_words_and_short_words():
    assert significant_words("The child's voice was not heard by an agency", "Voice") == [
        "childs",
        "voice",
        "heard",
        "agency",
    ]


# --- similar findings ------------------------------------------------------------------------------


@pytest.fixture
def recurring(world):
    """A finding about drift in review A; similar findings in B, C and South, and an unrelated one in C."""
    ag = world.agencies
    source = FindingFactory(
        review=world.reviews["A"],
        title="Drift in child protection planning",
        text="Core group meetings were cancelled and the plan stalled for months.",
        themes=[theme("drift"), theme("supervision")],
        agencies=[ag["north_csc"]],
    )
    close = FindingFactory(
        review=world.reviews["B"],
        title="Child protection planning drifted",
        text="Core group meetings were cancelled; the plan stalled.",
        themes=[theme("drift"), theme("supervision")],
        agencies=[ag["north_police"]],
    )
    themed_only = FindingFactory(
        review=world.reviews["C"],
        title="Managers did not notice",
        text="Case audits were rare.",
        themes=[theme("supervision")],
    )
    unrelated = FindingFactory(
        review=world.reviews["C"],
        title="Housing moves",
        text="The family moved home four times.",
        themes=[theme("housing")],
    )
    south = FindingFactory(
        review=world.reviews["S"],
        title="Drift in child protection planning",
        text="Core group meetings were cancelled and the plan stalled for months.",
        themes=[theme("drift"), theme("supervision")],
        agencies=[ag["south_csc"]],
    )
    same_review = FindingFactory(
        review=world.reviews["A"],
        title="Drift in child protection planning again",
        text="Core group meetings were cancelled and the plan stalled for months.",
        themes=[theme("drift")],
    )
    return {
        "source": source,
        "close": close,
        "themed_only": themed_only,
        "unrelated": unrelated,
        "south": south,
        "same_review": same_review,
    }


def test_similar_findings_come_from_other_reviews_the_user_may_see(panel_chair, recurring):
    similar = similar_findings(panel_chair, recurring["source"])

    pks = [item.finding.pk for item in similar]
    assert pks[0] == recurring["close"].pk
    assert recurring["themed_only"].pk in pks
    assert recurring["unrelated"].pk not in pks
    assert recurring["south"].pk not in pks
    assert recurring["same_review"].pk not in pks


def test_similar_findings_name_the_shared_themes(panel_chair, recurring):
    similar = {item.finding.pk: item for item in similar_findings(panel_chair, recurring["source"])}

    assert [t.slug for t in similar[recurring["close"].pk].shared_themes] == ["drift", "supervision"]
    assert [t.slug for t in similar[recurring["themed_only"].pk].shared_themes] == ["supervision"]
    assert similar[recurring["close"].pk].score > similar[recurring["themed_only"].pk].score


def test_similar_findings_respect_the_limit(panel_chair, recurring):
    assert len(similar_findings(panel_chair, recurring["source"], limit=1)) == 1


def test_similar_findings_count_the_actions_that_answer_them_by_status(world, panel_chair, recurring):
    close = recurring["close"]
    recommendation = RecommendationFactory(review=close.review, to_partnership=True, findings=[close])
    plan = world.plans["B-police"]
    ActionFactory(plan=plan, recommendations=[recommendation], status=Status.IN_PROGRESS)
    ActionFactory(plan=plan, recommendations=[recommendation], status=Status.IN_PROGRESS)
    ActionFactory(plan=plan, recommendations=[recommendation], status=Status.NOT_STARTED)

    similar = {item.finding.pk: item for item in similar_findings(panel_chair, recurring["source"])}

    assert similar[close.pk].action_counts == [("Not started", 1), ("In progress", 2)]
    assert similar[close.pk].action_total == 3
    assert similar[recurring["themed_only"].pk].action_counts == []


def test_similar_findings_count_only_actions_the_user_may_see(world, police_lead, recurring):
    close = recurring["close"]
    recommendation = RecommendationFactory(review=close.review, to_partnership=True, findings=[close])
    ActionFactory(plan=world.plans["B-police"], recommendations=[recommendation], status=Status.IN_PROGRESS)
    ActionFactory(plan=world.plans["B-health"], recommendations=[recommendation], status=Status.NOT_STARTED)
    # A police action answering a recommendation to health: police see the action, not the link.
    to_health = RecommendationFactory(
        review=close.review, agencies=[world.agencies["north_health"]], findings=[close]
    )
    ActionFactory(plan=world.plans["B-police"], recommendations=[to_health], status=Status.SUPERSEDED)
    # police_lead sees finding A2 of review A (it concerns police) and finding "close" of review B.
    source = world.findings["A2"]
    source.title, source.text = recurring["source"].title, recurring["source"].text
    source.save()

    similar = {item.finding.pk: item for item in similar_findings(police_lead, source)}

    assert similar[close.pk].action_counts == [("In progress", 1)]


def test_agency_lead_never_gets_another_agencys_or_partnerships_similar_finding(world, csc_lead, recurring):
    # csc_lead sees review A's findings about CSC only; close (police) and South are not theirs.
    ActionPlanFactory(review=world.reviews["B"], agency=world.agencies["north_csc"])
    similar = similar_findings(csc_lead, recurring["source"])

    pks = {item.finding.pk for item in similar}
    assert recurring["close"].pk not in pks
    assert recurring["south"].pk not in pks
    assert pks <= set(Finding.objects.visible_to(csc_lead).values_list("pk", flat=True))


def test_a_finding_with_no_themes_and_no_words_has_no_similar_findings(world, panel_chair):
    lonely = FindingFactory(review=world.reviews["C"], title="On", text="It is so.", themes=[])

    assert similar_findings(panel_chair, lonely) == []
