"""Search across findings and recommendations, and "the same learning recurs": similar earlier findings.

Everything starts from `Finding.objects.visible_to(user)` and `Recommendation.objects.visible_to(user)`
(and `Action.objects.visible_to(user)` for the action counts), so a person only ever finds what they may
read.

On PostgreSQL the search is full-text (English stemming, websearch syntax: "quoted phrases", OR, -word),
ranked by `ts_rank` with finding titles weighing more than text, and excerpts come from `ts_headline`.
Elsewhere (the embedded SQLite default) a simple fallback applies: every word of the query must appear,
case-insensitively, as a substring of the title or text; results rank by how many words appear in the
title; excerpts are cut in Python around the first match.
"""

import re
import secrets
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    Prefetch,
    Q,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from actions.models import Action, Status

from .models import Finding, FindingKind, Recommendation, Review, Theme

FINDING = "finding"
RECOMMENDATION = "recommendation"
KINDS = (FINDING, RECOMMENDATION)
MAX_QUERY_LENGTH = 200
PAGE_SIZE = 20
SEARCH_CONFIG = "english"
# The SQLite fallback looks for at most this many words; a longer query is cut, not refused.
MAX_FALLBACK_WORDS = 20
EXCERPT_LENGTH = 240
# Similar findings: how much one shared theme weighs against text similarity (which is scaled to 0..3).
THEME_WEIGHT = 1.0
TEXT_WEIGHT = 3.0
MAX_SIMILARITY_WORDS = 40

# Words that say nothing about what a finding is about. PostgreSQL drops its own stop words too.
_STOP_WORDS_TEXT = """
    a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself just
    may me might more most must my myself no nor not now of off on once only or other ought our ours
    ourselves out over own same she should so some such than that the their theirs them themselves
    then there these they this those through to too under until up upon very was we were what when
    where which while who whom why will with within without would you your yours yourself yourselves
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


# --- search ----------------------------------------------------------------------------------------


@dataclass
class SearchResult:
    kind: str  # FINDING or RECOMMENDATION
    pk: int
    review: Review
    number: int
    title: SafeString  # highlighted; empty for a recommendation, which has no title
    excerpt: SafeString  # highlighted
    themes: list[Theme]
    finding_kind: str = ""  # the finding's kind label; empty for a recommendation

    @property
    def kind_label(self) -> str:
        return "Finding" if self.kind == FINDING else "Recommendation"


@dataclass
class SearchResults:
    query: str
    count: int
    page: Page  # its object_list holds the SearchResult rows of this page


def search(
    user,
    query: str,
    *,
    kinds=KINDS,
    themes=(),
    review_kinds=(),
    finding_kinds=(),
    page=1,
    per_page=PAGE_SIZE,
) -> SearchResults:
    """Findings and recommendations the user may see that match `query`, best first, one page of them.

    `themes` are theme slugs (a recommendation carries the themes of the visible findings it cites),
    `review_kinds` ReviewKind values and `finding_kinds` FindingKind values; a finding-kind filter
    leaves recommendations out, as they have no kind. Two queries rank and count every match whatever
    the data; a few more fill in the page.
    """
    query = query.strip()
    finding_kinds = [kind for kind in finding_kinds if kind in FindingKind.values]
    parts = []
    if FINDING in kinds:
        parts.append(_ranked_findings(user, query, themes, review_kinds, finding_kinds))
    if RECOMMENDATION in kinds and not finding_kinds:
        parts.append(_ranked_recommendations(user, query, themes, review_kinds))
    # Nothing to look for (say, a query of quotes only) finds nothing rather than everything.
    if not parts or not query or not (uses_full_text() or fallback_words(query)):
        paginator = Paginator([], per_page)
    else:
        ranked = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        paginator = Paginator(ranked.order_by("-rank", "reference", "result_kind", "number_"), per_page)
    current = paginator.get_page(page)
    current.object_list = _hydrate(user, query, list(current.object_list))
    return SearchResults(query=query, count=paginator.count, page=current)


def _ranked_columns(queryset, kind: str, rank):
    # Both sides of the union select the same columns, in the same order, all as annotations.
    return (
        queryset.annotate(
            result_kind=Value(kind),
            item_id=F("pk"),
            rank=rank,
            reference=F("review__reference"),
            number_=F("number"),
        )
        .values("result_kind", "item_id", "rank", "reference", "number_")
        .order_by()
    )


def _ranked_findings(user, query, themes, review_kinds, finding_kinds):
    findings = Finding.objects.visible_to(user)
    if themes:
        findings = findings.filter(pk__in=Finding.objects.filter(themes__slug__in=themes).values("pk"))
    if review_kinds:
        findings = findings.filter(review__kind__in=review_kinds)
    if finding_kinds:
        findings = findings.filter(kind__in=finding_kinds)
    if uses_full_text():
        vector = SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
            "text", weight="B", config=SEARCH_CONFIG
        )
        search_query = _websearch(query)
        findings = findings.annotate(document=vector).filter(document=search_query)
        rank = SearchRank(F("document"), search_query)
    else:
        words = fallback_words(query)
        for word in words:
            findings = findings.filter(Q(title__icontains=word) | Q(text__icontains=word))
        rank = _count_of([Q(title__icontains=word) for word in words])
    return _ranked_columns(findings, FINDING, rank)


def _ranked_recommendations(user, query, themes, review_kinds):
    recommendations = Recommendation.objects.visible_to(user)
    if themes:
        themed = Finding.objects.visible_to(user).filter(themes__slug__in=themes)
        recommendations = recommendations.filter(
            pk__in=Recommendation.objects.filter(findings__in=themed.values("pk")).values("pk")
        )
    if review_kinds:
        recommendations = recommendations.filter(review__kind__in=review_kinds)
    if uses_full_text():
        search_query = _websearch(query)
        recommendations = recommendations.annotate(
            document=SearchVector("text", weight="B", config=SEARCH_CONFIG)
        ).filter(document=search_query)
        rank = SearchRank(F("document"), search_query)
    else:
        for word in fallback_words(query):
            recommendations = recommendations.filter(text__icontains=word)
        # No title to match: every recommendation ranks below a finding with the words in its title.
        rank = Value(0, output_field=IntegerField())
    return _ranked_columns(recommendations, RECOMMENDATION, rank)


def _websearch(query: str) -> SearchQuery:
    return SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)


def _count_of(conditions) -> Case | Value:
    """How many of the conditions hold, as one SQL expression."""
    if not conditions:
        return Value(0, output_field=IntegerField())
    total = None
    for condition in conditions:
        term = Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())
        total = term if total is None else total + term
    return total


def fallback_words(query: str) -> list[str]:
    """The words the SQLite fallback looks for: split on spaces, quotes dropped, each once."""
    words = []
    for word in query.replace('"', " ").split():
        if word.lower() not in (w.lower() for w in words):
            words.append(word)
    return words[:MAX_FALLBACK_WORDS]


def _hydrate(user, query: str, rows: list[dict]) -> list[SearchResult]:
    """Turn one page of ranked (kind, id) rows into results, with highlighted title and excerpt."""
    ids = defaultdict(list)
    for row in rows:
        ids[row["result_kind"]].append(row["item_id"])
    found = {}
    marker = _Marker()
    if ids[FINDING]:
        findings = (
            Finding.objects.visible_to(user).filter(pk__in=ids[FINDING]).select_related("review")
        ).prefetch_related("themes")
        findings = _with_headlines(findings, query, marker, title=True)
        for finding in findings:
            found[(FINDING, finding.pk)] = SearchResult(
                kind=FINDING,
                pk=finding.pk,
                review=finding.review,
                number=finding.number,
                title=_highlighted(finding, "title", query, marker, whole=True),
                excerpt=_highlighted(finding, "text", query, marker),
                themes=list(finding.themes.all()),
                finding_kind=finding.get_kind_display(),
            )
    if ids[RECOMMENDATION]:
        cited = Finding.objects.visible_to(user).prefetch_related("themes")
        recommendations = (
            Recommendation.objects.visible_to(user)
            .filter(pk__in=ids[RECOMMENDATION])
            .select_related("review")
            .prefetch_related(Prefetch("findings", queryset=cited, to_attr="visible_findings"))
        )
        recommendations = _with_headlines(recommendations, query, marker, title=False)
        for recommendation in recommendations:
            themes = {t.pk: t for f in recommendation.visible_findings for t in f.themes.all()}
            found[(RECOMMENDATION, recommendation.pk)] = SearchResult(
                kind=RECOMMENDATION,
                pk=recommendation.pk,
                review=recommendation.review,
                number=recommendation.number,
                title=mark_safe(""),  # noqa: S308 - a constant empty string
                excerpt=_highlighted(recommendation, "text", query, marker),
                themes=sorted(themes.values(), key=lambda theme: theme.name),
            )
    return [found[key] for row in rows if (key := (row["result_kind"], row["item_id"])) in found]


class _Marker:
    """Highlight markers no stored text can contain: random per search, turned into <mark> after escaping."""

    def __init__(self):
        token = secrets.token_hex(8)
        self.start = f"[[start-{token}]]"
        self.stop = f"[[stop-{token}]]"

    def to_html(self, text: str) -> SafeString:
        html = escape(text).replace(self.start, "<mark>").replace(self.stop, "</mark>")
        return mark_safe(html)  # noqa: S308 - the text was escaped above; only our own tags are added


def _with_headlines(queryset, query, marker, *, title: bool):
    if not uses_full_text():
        return queryset
    search_query = _websearch(query)
    selections = {"start_sel": marker.start, "stop_sel": marker.stop, "config": SEARCH_CONFIG}
    queryset = queryset.annotate(
        text_headline=SearchHeadline(
            "text", search_query, max_words=40, min_words=20, max_fragments=2, **selections
        )
    )
    if title:
        queryset = queryset.annotate(
            title_headline=SearchHeadline("title", search_query, highlight_all=True, **selections)
        )
    return queryset


def _highlighted(obj, field_name: str, query: str, marker: "_Marker", *, whole=False) -> SafeString:
    if uses_full_text():
        return marker.to_html(getattr(obj, f"{field_name}_headline"))
    return highlight(getattr(obj, field_name), fallback_words(query), whole=whole)


def highlight(text: str, words, *, whole=False, length=EXCERPT_LENGTH) -> SafeString:
    """Escape `text` and wrap each case-insensitive occurrence of the words in <mark>.

    Unless `whole`, only an excerpt of about `length` characters around the first match is kept.
    """
    spans = _match_spans(text, words)
    start, end = 0, len(text)
    if not whole and len(text) > length:
        first = spans[0][0] if spans else 0
        start = max(0, first - length // 3)
        end = min(len(text), start + length)
    pieces = ["…" if start else ""]
    position = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        pieces.append(escape(text[position:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    pieces.append(escape(text[position:end]))
    pieces.append("…" if end < len(text) else "")
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of the stored text was escaped


def _match_spans(text: str, words) -> list[tuple[int, int]]:
    """Where the words occur in `text`, overlapping matches merged, in order."""
    lowered = text.lower()
    spans = []
    for word in words:
        needle = word.lower()
        if not needle:
            continue
        at = lowered.find(needle)
        while at != -1:
            spans.append((at, at + len(needle)))
            at = lowered.find(needle, at + len(needle))
    merged = []
    for span in sorted(spans):
        if merged and span[0] <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], span[1]))
        else:
            merged.append(span)
    return merged


# --- similar findings ------------------------------------------------------------------------------


@dataclass
class SimilarFinding:
    finding: Finding
    shared_themes: list[Theme]
    score: float
    # (Status label, count) in the order of Status, only the statuses some action has.
    action_counts: list[tuple[str, int]] = field(default_factory=list)

    @property
    def review(self) -> Review:
        return self.finding.review

    @property
    def action_total(self) -> int:
        return sum(count for _, count in self.action_counts)


def significant_words(*texts: str, limit=MAX_SIMILARITY_WORDS) -> list[str]:
    """The words of the texts that say what they are about: lower case, no stop words, each once.

    Only letters and digits survive, so the words are safe inside a raw tsquery.
    """
    words = []
    for text in texts:
        for match in WORD.finditer(text.lower()):
            word = match.group().replace("'", "")
            if len(word) > 2 and word not in STOP_WORDS and word not in words:
                words.append(word)
    return words[:limit]


def similar_findings(user, finding: Finding, *, limit=5) -> list[SimilarFinding]:
    """The findings of other reviews the user may see that are most like `finding`.

    Each shared theme adds THEME_WEIGHT; text similarity adds up to TEXT_WEIGHT: on PostgreSQL the
    normalised ts_rank of an OR query of the finding's significant words against the other finding's
    title and text, elsewhere the share of those words the other finding contains. Findings with
    neither a shared theme nor a shared word are left out. The same few queries, however many findings.
    """
    theme_ids = list(finding.themes.values_list("pk", flat=True))
    words = significant_words(finding.title, finding.text)
    candidates = (
        Finding.objects.visible_to(user)
        .exclude(review_id=finding.review_id)
        .annotate(
            shared_theme_count=Count("themes", filter=Q(themes__in=theme_ids), distinct=True)
            if theme_ids
            else Value(0, output_field=IntegerField())
        )
    )
    if uses_full_text() and words:
        vector = SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
            "text", weight="B", config=SEARCH_CONFIG
        )
        # Normalisation 32 scales the rank into 0..1.
        text_score = SearchRank(
            vector, SearchQuery(" | ".join(words), search_type="raw", config=SEARCH_CONFIG), normalization=32
        )
    elif words:
        share = _count_of([Q(title__icontains=word) | Q(text__icontains=word) for word in words])
        text_score = Cast(share, FloatField()) / Value(float(len(words)))
    else:
        text_score = Value(0.0, output_field=FloatField())
    ranked = (
        candidates.annotate(text_score=Cast(text_score, FloatField()))
        .annotate(
            score=Cast(F("shared_theme_count"), FloatField()) * Value(THEME_WEIGHT)
            + F("text_score") * Value(TEXT_WEIGHT)
        )
        .filter(score__gt=0)
        .select_related("review")
        .prefetch_related("themes")
        .order_by("-score", "review__reference", "number")[:limit]
    )
    found = list(ranked)
    counts = _action_counts(user, [f.pk for f in found])
    wanted = set(theme_ids)
    return [
        SimilarFinding(
            finding=f,
            shared_themes=[theme for theme in f.themes.all() if theme.pk in wanted],
            score=f.score,
            action_counts=[
                (label, counts[f.pk][value]) for value, label in Status.choices if counts[f.pk][value]
            ],
        )
        for f in found
    ]


def _action_counts(user, finding_ids) -> dict[int, Counter]:
    """Per finding, how many of the actions the user may see answer it, by status, in one query.

    An action answers a finding when it is linked to a recommendation (that the user may see) citing it.
    """
    counts = defaultdict(Counter)
    if not finding_ids:
        return counts
    rows = (
        Action.objects.visible_to(user)
        .filter(
            recommendations__in=Recommendation.objects.visible_to(user).values("pk"),
            recommendations__findings__in=finding_ids,
        )
        .values("recommendations__findings", "status")
        .annotate(total=Count("pk", distinct=True))
        .order_by()
    )
    for row in rows:
        counts[row["recommendations__findings"]][row["status"]] = row["total"]
    return counts
