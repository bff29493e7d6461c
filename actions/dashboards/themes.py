"""Themes across reviews, and the tables of the national analysis computed live from the case coding.

Every figure counts only the reviews a person may see (Review.objects.visible_to), narrowed by the period
(the register's year: notified, or entered while not notified yet) and the kind of review. Each table is
one query, counted in the database. The case-coding tables describe children, so their small counts are
suppressed on the page and in every download.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.text import capfirst

from reviews.filters import with_register_year
from reviews.models import (
    UNDER_SIX,
    AgeBand,
    CaseCoding,
    ChildProtectionPlan,
    Ethnicity,
    Finding,
    Gender,
    HarmCategory,
    LivingSituation,
    Methodology,
    Nature,
    Review,
    ReviewKind,
    SocialCareInvolvement,
    YesNoUnknown,
)

from .tables import Table

NOT_RECORDED = "Not recorded"

PARENTAL_CHARACTERISTICS = (
    "parent_alcohol_misuse",
    "parent_drug_misuse",
    "parent_mental_health",
    "parent_adverse_childhood",
    "parent_intellectual_disability",
    "parent_criminal_record",
    "parent_violent_crime",
)
FAMILY_CHARACTERISTICS = (
    "family_separation",
    "family_separation_acrimonious",
    "family_domestic_abuse",
    "family_social_isolation",
    "family_transient_lifestyle",
    "family_multiple_partners",
    "family_poverty",
)
# Child characteristics, each with the children it is coded for (the case coding's own constraints).
CODED_FROM_AGE_1 = ~Q(age_band=AgeBand.UNDER_1)
CODED_FROM_AGE_6 = ~Q(age_band__in=UNDER_SIX)
CHILD_CHARACTERISTICS = (
    ("child_behaviour_problems", CODED_FROM_AGE_1),
    ("child_alcohol_misuse", CODED_FROM_AGE_6),
    ("child_drug_misuse", CODED_FROM_AGE_6),
    ("child_mental_health", CODED_FROM_AGE_6),
    ("child_bullying", CODED_FROM_AGE_6),
    ("child_cse", CODED_FROM_AGE_6),
)

# The coded answers counted one table each: (field, choices, slug, title, header of the first column).
CHOICE_TABLES = (
    ("age_band", AgeBand, "age-band", "Age of the child", "Age band"),
    ("gender", Gender, "gender", "Gender of the child", "Gender"),
    ("ethnicity", Ethnicity, "ethnicity", "Ethnicity of the child", "Ethnicity"),
    ("living_situation", LivingSituation, "living-situation", "Where the child was living", "Living"),
    (
        "social_care_involvement",
        SocialCareInvolvement,
        "social-care",
        "Children's social care involvement",
        "Involvement",
    ),
    ("child_protection_plan", ChildProtectionPlan, "child-protection-plan", "Child protection plan", "Plan"),
)


@dataclass(frozen=True)
class Period:
    """The filters of the page: register years from and to (either may be open) and a kind of review."""

    year_from: int | None = None
    year_to: int | None = None
    kind: str = ""

    def register_query(self) -> dict | None:
        """The review register's filters for the same reviews, or None when the register cannot say it
        (it filters by one year at a time, not by a span of years)."""
        query = {"kind": self.kind} if self.kind else {}
        if self.year_from is None and self.year_to is None:
            return query
        if self.year_from == self.year_to:
            return query | {"year": self.year_from}
        return None


def reviews_in(user, period: Period):
    """The reviews `user` may see in the period, as a queryset to use in subqueries."""
    reviews = with_register_year(Review.objects.visible_to(user))
    if period.year_from is not None:
        reviews = reviews.filter(register_year__gte=period.year_from)
    if period.year_to is not None:
        reviews = reviews.filter(register_year__lte=period.year_to)
    if period.kind:
        reviews = reviews.filter(kind=period.kind)
    return reviews


def theme_table(user, period: Period) -> Table:
    """Reviews per theme of their findings, most frequent first.

    Only findings the person may see count, as on the register's theme filter: a theme must not reveal
    a finding kept from them (agency staff see only the findings that concern their agency).
    """
    findings = Finding.objects.visible_to(user).filter(
        review__in=reviews_in(user, period).values("pk"), themes__isnull=False
    )
    counts = (
        findings.values("themes__slug", "themes__name")
        .annotate(reviews=Count("review", distinct=True))
        .order_by("-reviews", "themes__name")
    )
    register_query = period.register_query()
    rows, links = [], []
    for row in counts:
        rows.append([row["themes__name"], row["reviews"]])
        if register_query is None:
            links.append([None, None])
        else:
            query = urlencode(register_query | {"theme": row["themes__slug"]})
            links.append([None, f"{reverse('review_register')}?{query}"])
    caption = "Reviews with at least one finding on the theme. Each count leads to those reviews."
    if register_query is None:
        caption = (
            "Reviews with at least one finding on the theme. The register shows one year at a time: "
            "choose a single year to follow a count to its reviews."
        )
    return Table(
        slug="themes",
        title="Themes across reviews",
        headers=["Theme", "Reviews"],
        rows=rows,
        links=links,
        caption=caption,
    )


def _codings(user, period: Period):
    return CaseCoding.objects.filter(review__in=reviews_in(user, period).values("pk")).order_by()


def _label(field_name: str) -> str:
    return capfirst(str(CaseCoding._meta.get_field(field_name).verbose_name))


def _flags_table(codings, fields, *, slug: str, title: str) -> Table:
    counts = codings.aggregate(
        coded=Count("pk"), **{field: Count("pk", filter=Q(**{field: True})) for field in fields}
    )
    rows = [[_label(field), counts[field]] for field in fields]
    rows.append(["All reviews with case coding", counts["coded"]])
    return Table(
        slug=slug,
        title=title,
        headers=["Characteristic", "Reviews"],
        rows=rows,
        caption="Reviews whose report notes the characteristic.",
        small_numbers_suppressed=True,
    )


def parental_table(codings) -> Table:
    return _flags_table(codings, PARENTAL_CHARACTERISTICS, slug="parental", title="Parental characteristics")


def family_table(codings) -> Table:
    return _flags_table(codings, FAMILY_CHARACTERISTICS, slug="family", title="Family characteristics")


def child_table(codings) -> Table:
    """Each characteristic with the children it is coded for: some only from age 1 or from age 6."""
    aggregates = {
        "disability": Count("pk", filter=Q(disability=YesNoUnknown.YES)),
        "disability_of": Count("pk"),
    }
    for field, coded_for in CHILD_CHARACTERISTICS:
        aggregates[field] = Count("pk", filter=Q(**{field: True}) & coded_for)
        aggregates[f"{field}_of"] = Count("pk", filter=coded_for)
    counts = codings.aggregate(**aggregates)
    rows = [["Disability", counts["disability"], counts["disability_of"]]]
    rows += [[_label(field), counts[field], counts[f"{field}_of"]] for field, _ in CHILD_CHARACTERISTICS]
    return Table(
        slug="child",
        title="Child characteristics",
        headers=["Characteristic", "Reviews", "Out of"],
        rows=rows,
        caption=(
            "Behaviour problems are coded for children aged 1 and over; alcohol or drug misuse, mental "
            "health problems, bullying and sexual exploitation for children aged 6 and over."
        ),
        small_numbers_suppressed=True,
    )


def choice_table(codings, field: str, choices, *, slug: str, title: str, header: str) -> Table:
    """Reviews per coded answer, every answer listed (0 where none), then those not recorded."""
    answers = [*choices.choices, ("", NOT_RECORDED)]
    counts = codings.aggregate(
        **{
            f"answer_{index}": Count("pk", filter=Q(**{field: value}))
            for index, (value, _) in enumerate(answers)
        }
    )
    return Table(
        slug=slug,
        title=title,
        headers=[header, "Reviews"],
        rows=[[label, counts[f"answer_{index}"]] for index, (_, label) in enumerate(answers)],
        small_numbers_suppressed=True,
        # Every coded review has one answer: the column adds up to the reviews with case coding.
        known_sums=[[(row, 1) for row in range(len(answers))]],
    )


def harm_table(codings) -> Table:
    """Primary harm category by the nature of the harm (death or serious harm).

    No total column; even so, totals may be known, so a lone suppressed cell has another withheld with it.
    """
    natures = [*Nature.choices, ("", NOT_RECORDED)]
    counts = {
        row["harm_category"]: row
        for row in codings.values("harm_category").annotate(
            **{
                f"nature_{index}": Count("pk", filter=Q(nature=value))
                for index, (value, _) in enumerate(natures)
            }
        )
    }
    rows = []
    for value, label in [*HarmCategory.choices, ("", NOT_RECORDED)]:
        row = counts.get(value, {})
        rows.append([label, *(row.get(f"nature_{index}", 0) for index in range(len(natures)))])
    cells = [(r, c) for r in range(len(rows)) for c in range(1, len(natures) + 1)]
    return Table(
        slug="harm",
        title="Harm category and nature",
        headers=["Primary harm category", *(label for _, label in Nature.choices), "Nature not recorded"],
        rows=rows,
        small_numbers_suppressed=True,
        # The whole table adds up to the reviews with case coding; a row or column total (deaths, say)
        # may be known from elsewhere.
        known_sums=[
            cells,
            *([(r, c) for c in range(1, len(natures) + 1)] for r in range(len(rows))),
            *([(r, c) for r in range(len(rows))] for c in range(1, len(natures) + 1)),
        ],
    )


def methodology_table(user, period: Period) -> Table:
    """Reviews per methodology. Rapid reviews have none, so they are left out."""
    reviews = Review.objects.filter(pk__in=reviews_in(user, period).values("pk")).exclude(
        kind=ReviewKind.RAPID_REVIEW
    )
    counts = {
        row["methodology"]: row["reviews"]
        for row in reviews.order_by().values("methodology").annotate(reviews=Count("pk"))
    }
    answers = [*Methodology.choices, ("", NOT_RECORDED)]
    return Table(
        slug="methodology",
        title="Methodology of the review",
        headers=["Methodology", "Reviews"],
        rows=[[label, counts.get(value, 0)] for value, label in answers],
        caption="Rapid reviews have no methodology, so they are not counted.",
        small_numbers_suppressed=True,
        # The column adds up to the reviews other than rapid reviews, which the register shows.
        known_sums=[[(row, 1) for row in range(len(answers))]],
    )


def national_analysis_tables(user, period: Period) -> list[Table]:
    """The national analysis tables, in its order: one query each."""
    codings = _codings(user, period)
    return [
        parental_table(codings),
        family_table(codings),
        child_table(codings),
        *(
            choice_table(codings, field, choices, slug=slug, title=title, header=header)
            for field, choices, slug, title, header in CHOICE_TABLES
        ),
        harm_table(codings),
        methodology_table(user, period),
    ]
