"""Writing a review's content: its case coding, findings and recommendations.

Who may write what:
- panel staff (partnership administrator, panel chair, panel member) change their partnership's
  reviews, so they code them and write their findings and recommendations;
- the review's own independent lead reviewer writes its findings, while they hold the role, and
  nothing else.

Every write here is one transaction checked with full_clean: a refused save leaves nothing behind,
many-to-many links included. The messages of the models' check constraints are moved beside the
field they are about, so a form can show them there. History rows name `by` even when no request is
being served (the history middleware names the person on the web).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from agencies.constraints import full_clean_beside_fields
from agencies.models import Agency, Membership, Role

from .models import CaseCoding, Finding, FindingKind, Recommendation, Response, Review, Theme

# The national analysis asks for "a limited number of recommendations" (seed 004, learning from the
# triennial review of SCRs 2014-2017) without giving a figure: above this many the review page says so.
# Partnerships that settle on another figure set MANY_RECOMMENDATIONS.
DEFAULT_MANY_RECOMMENDATIONS = 10


def many_recommendations() -> int:
    return getattr(settings, "MANY_RECOMMENDATIONS", DEFAULT_MANY_RECOMMENDATIONS)


# --- Who may write ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContentRights:
    """What one person may do with one review's content."""

    may_change_review: bool  # panel staff: coding, findings, recommendations
    may_write_findings: bool  # panel staff, and the review's lead reviewer while they hold the role
    reads_whole_review: bool  # panel, board, scrutineers, the lead reviewer: not agency staff


def _is_signed_in(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def _active_agency_count():
    """The number of active agencies of the outer review's partnership, as a subquery."""
    active = (
        Agency.objects.filter(partnership_id=OuterRef("partnership_id"), is_active=True)
        .order_by()
        .values("partnership_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(active), 0)


def _review_facts(user, review: Review) -> Review | None:
    """The review again, with what `user` may do with it, its case coding and the number of active
    agencies of its partnership: everything the review page's content panels need, in one query."""
    this_review = Review.objects.filter(pk=OuterRef("pk"))
    holds_lead_reviewer_role = Membership.objects.filter(
        user=user, partnership_id=OuterRef("partnership_id"), role=Role.LEAD_REVIEWER
    )
    return (
        Review.objects.filter(pk=review.pk)
        .select_related("coding")
        .annotate(
            changeable=Exists(Review.objects.changeable_by(user).filter(pk=OuterRef("pk"))),
            own_lead_reviewer=Q(lead_reviewer=user) & Exists(holds_lead_reviewer_role),
            whole_reader=Exists(
                this_review.filter(
                    Q(partnership__panel_group__user=user) | Q(partnership__readers_group__user=user)
                )
            ),
            active_agency_count=_active_agency_count(),
        )
        .first()
    )


def content_rights(user, review: Review) -> ContentRights:
    """What `user` may do with `review`'s content, found in one query and kept on the review object
    for the rest of the request (the review page asks from several panels). The same query brings
    the review's case coding (review_coding) and its partnership's active agency count."""
    cache = review.__dict__.setdefault("_content_rights", {})
    key = getattr(user, "pk", None)
    if key in cache:
        return cache[key]
    facts = _review_facts(user, review) if _is_signed_in(user) else None
    if facts is None:
        rights = ContentRights(False, False, False)
    elif user.is_superuser:
        rights = ContentRights(True, True, True)
    else:
        rights = ContentRights(
            may_change_review=facts.changeable,
            may_write_findings=facts.changeable or facts.own_lead_reviewer,
            reads_whole_review=facts.whole_reader or facts.own_lead_reviewer,
        )
    if facts is not None:
        review._coding = getattr(facts, "coding", None)
        review._active_agency_count = facts.active_agency_count
    cache[key] = rights
    return rights


def review_coding(review: Review) -> CaseCoding | None:
    """The review's case coding, fetched with content_rights when that has been asked already."""
    if "_coding" not in review.__dict__:
        review._coding = CaseCoding.objects.filter(review=review).first()
    return review._coding


def may_write_findings(user, review: Review) -> bool:
    """Panel staff of the review's partnership, and the review's own lead reviewer while they hold the
    lead reviewer role in that partnership, may add findings to it and change them."""
    return content_rights(user, review).may_write_findings


def _require_review_change(by, review: Review) -> None:
    if not content_rights(by, review).may_change_review:
        raise PermissionDenied("Only the partnership's panel staff may change this review.")


def _require_finding_writer(by, review: Review) -> None:
    if not may_write_findings(by, review):
        raise PermissionDenied("Only panel staff and the review's lead reviewer may write its findings.")


# --- Case coding -------------------------------------------------------------------------------------

CODING_FIELDS = tuple(
    field.name
    for field in CaseCoding._meta.get_fields()
    if field.concrete and not field.auto_created and field.name != "review"
)

CODING_CONSTRAINT_FIELDS = {
    "coding_violent_crime_within_record": "parent_violent_crime",
    "coding_acrimonious_within_separation": "family_separation_acrimonious",
    "coding_behaviour_not_under_1": "child_behaviour_problems",
    # Several ticks break it: the message goes beside the child characteristics, whichever were ticked.
    "coding_older_child_characteristics_from_6": "child_mental_health",
}


@transaction.atomic
def coding_save(*, review: Review, by, **answers) -> CaseCoding:
    """Create the review's case coding on its first save, change it afterwards.

    `answers` are CaseCoding fields; those not given keep their value (or default).
    """
    _require_review_change(by, review)
    unknown = set(answers) - set(CODING_FIELDS)
    if unknown:
        raise TypeError(f"Not case coding fields: {sorted(unknown)}")
    # Lock the review, not the coding: on a first save there is no coding row yet to lock.
    locked = Review.objects.select_for_update().get(pk=review.pk)
    coding = CaseCoding.objects.filter(review=locked).first() or CaseCoding(review=locked)
    for name, value in answers.items():
        setattr(coding, name, value)
    full_clean_beside_fields(coding, CODING_CONSTRAINT_FIELDS)
    coding._history_user = by
    coding.save()
    return coding


# --- Findings ----------------------------------------------------------------------------------------


def theme_choices(finding: Finding | None = None):
    """The active themes, and any retired theme already on `finding` (it stays on old findings)."""
    keep = Q(is_active=True)
    if finding is not None and finding.pk:
        keep |= Q(findings=finding)
    return Theme.objects.filter(keep).distinct().order_by("name")


def agency_choices(review: Review, *, keep=()):
    """The review's partnership's active agencies, and any inactive one already named (`keep`)."""
    return Agency.objects.filter(
        Q(partnership_id=review.partnership_id) & (Q(is_active=True) | Q(pk__in=[a.pk for a in keep]))
    ).order_by("name")


def _only_from(chosen, allowed, *, field: str, message: str) -> list:
    chosen = list(chosen)
    allowed_ids = set(allowed.values_list("pk", flat=True))
    if any(item.pk not in allowed_ids for item in chosen):
        raise ValidationError({field: message})
    return chosen


def _finding_links(finding: Finding, review: Review, themes, agencies) -> tuple[list, list]:
    current_agencies = list(finding.agencies.all()) if finding.pk else []
    themes = _only_from(
        themes, theme_choices(finding), field="themes", message="Choose from the listed themes."
    )
    agencies = _only_from(
        agencies,
        agency_choices(review, keep=current_agencies),
        field="agencies",
        message="Choose agencies of the review's own partnership.",
    )
    return themes, agencies


def _finding_write(finding: Finding, *, by, kind, title, text, themes, agencies) -> Finding:
    finding.kind = kind
    finding.title = title.strip()
    finding.text = text.strip()
    themes, agencies = _finding_links(finding, finding.review, themes, agencies)
    full_clean_beside_fields(finding, {})
    finding._history_user = by
    finding.save()
    finding.themes.set(themes)
    finding.agencies.set(agencies)
    return finding


@transaction.atomic
def finding_add(
    *, review: Review, by, title: str, text: str, kind: str = FindingKind.LEARNING, themes=(), agencies=()
) -> Finding:
    """Add a finding with the next free number of its review.

    The review row is locked while the number is chosen, so two people adding at once get 4 and 5
    rather than one of them a clash.
    """
    _require_finding_writer(by, review)
    locked = Review.objects.select_for_update().get(pk=review.pk)
    taken = Finding.objects.filter(review=locked).aggregate(highest=Max("number"))["highest"] or 0
    finding = Finding(review=locked, number=taken + 1)
    return _finding_write(finding, by=by, kind=kind, title=title, text=text, themes=themes, agencies=agencies)


@transaction.atomic
def finding_edit(
    *, finding: Finding, by, title: str, text: str, kind: str = FindingKind.LEARNING, themes=(), agencies=()
) -> Finding:
    if not Finding.objects.changeable_by(by).filter(pk=finding.pk).exists():
        raise PermissionDenied("You may not change this finding.")
    finding = Finding.objects.select_for_update().select_related("review").get(pk=finding.pk)
    return _finding_write(finding, by=by, kind=kind, title=title, text=text, themes=themes, agencies=agencies)


# --- Recommendations ---------------------------------------------------------------------------------

RECOMMENDATION_CONSTRAINT_FIELDS = {
    "recommendation_not_accepted_has_reason": "response_reason",
    "recommendation_response_dated": "responded_on",
}

ADDRESSED_TO_EVERY_AGENCY = (
    "This recommendation is addressed to every agency of the partnership. The national analysis found "
    "that recommendations addressed to all agencies let staff feel absolved of responsibility: name the "
    "agencies that must act, or address it to the partnership."
)
ADDRESSED_TO_NOBODY = (
    "This recommendation is addressed to no agency and not to the partnership, so nobody owns it: "
    "name the agencies that must act, or address it to the partnership."
)


def active_agency_count(review: Review) -> int:
    """How many active agencies the review's partnership has, kept on the review for the request."""
    if "_active_agency_count" not in review.__dict__:
        review._active_agency_count = Agency.objects.filter(
            partnership_id=review.partnership_id, is_active=True
        ).count()
    return review._active_agency_count


def breadth_warning(review: Review, *, to_partnership: bool, agencies) -> str:
    """The warning for a recommendation addressed too broadly or to nobody; empty when there is none.

    `agencies` are the Agency rows it names (all of the review's partnership: the m2m guard sees to
    that), so naming every active agency means naming as many active ones as the partnership has.
    """
    if to_partnership:
        return ""
    agencies = list(agencies)
    if not agencies:
        return ADDRESSED_TO_NOBODY
    every = active_agency_count(review)
    if every > 1 and sum(1 for agency in agencies if agency.is_active) >= every:
        return ADDRESSED_TO_EVERY_AGENCY
    return ""


def _response_write(
    recommendation: Recommendation, *, response: str, response_reason: str, responded_on: datetime.date | None
) -> None:
    recommendation.response = response
    recommendation.response_reason = response_reason.strip()
    recommendation.responded_on = responded_on


def _recommendation_write(
    recommendation: Recommendation, *, by, agencies, findings, **fields
) -> Recommendation:
    review = recommendation.review
    current_agencies = list(recommendation.agencies.all()) if recommendation.pk else []
    agencies = _only_from(
        agencies,
        agency_choices(review, keep=current_agencies),
        field="agencies",
        message="Choose agencies of the review's own partnership.",
    )
    findings = _only_from(
        findings,
        Finding.objects.filter(review=review),
        field="findings",
        message="Choose findings of this review.",
    )
    recommendation.text = fields["text"].strip()
    recommendation.to_partnership = fields["to_partnership"]
    _response_write(
        recommendation,
        response=fields["response"],
        response_reason=fields["response_reason"],
        responded_on=fields["responded_on"],
    )
    full_clean_beside_fields(recommendation, RECOMMENDATION_CONSTRAINT_FIELDS)
    recommendation._history_user = by
    recommendation.save()
    recommendation.agencies.set(agencies)
    recommendation.findings.set(findings)
    return recommendation


@transaction.atomic
def recommendation_add(
    *,
    review: Review,
    by,
    text: str,
    to_partnership: bool = False,
    agencies=(),
    findings=(),
    response: str = Response.PENDING,
    response_reason: str = "",
    responded_on: datetime.date | None = None,
) -> Recommendation:
    """Add a recommendation with the next free number of its review (the review row is locked while
    the number is chosen). Callers show breadth_warning() first: a broad one is saved when confirmed."""
    _require_review_change(by, review)
    locked = Review.objects.select_for_update().select_related("partnership").get(pk=review.pk)
    taken = Recommendation.objects.filter(review=locked).aggregate(highest=Max("number"))["highest"] or 0
    recommendation = Recommendation(review=locked, number=taken + 1)
    return _recommendation_write(
        recommendation,
        by=by,
        agencies=agencies,
        findings=findings,
        text=text,
        to_partnership=to_partnership,
        response=response,
        response_reason=response_reason,
        responded_on=responded_on,
    )


@transaction.atomic
def recommendation_edit(
    *,
    recommendation: Recommendation,
    by,
    text: str,
    to_partnership: bool = False,
    agencies=(),
    findings=(),
    response: str = Response.PENDING,
    response_reason: str = "",
    responded_on: datetime.date | None = None,
) -> Recommendation:
    if not Recommendation.objects.changeable_by(by).filter(pk=recommendation.pk).exists():
        raise PermissionDenied("Only the partnership's panel staff may change this recommendation.")
    recommendation = (
        Recommendation.objects.select_for_update().select_related("review").get(pk=recommendation.pk)
    )
    return _recommendation_write(
        recommendation,
        by=by,
        agencies=agencies,
        findings=findings,
        text=text,
        to_partnership=to_partnership,
        response=response,
        response_reason=response_reason,
        responded_on=responded_on,
    )


@transaction.atomic
def recommendation_respond(
    *,
    recommendation: Recommendation,
    by,
    response: str,
    response_reason: str = "",
    responded_on: datetime.date | None = None,
) -> Recommendation:
    """Record the partnership's response: accepted, or not accepted with a reason, and when."""
    if not Recommendation.objects.changeable_by(by).filter(pk=recommendation.pk).exists():
        raise PermissionDenied("Only the partnership's panel staff may record a response.")
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    _response_write(
        recommendation, response=response, response_reason=response_reason, responded_on=responded_on
    )
    full_clean_beside_fields(recommendation, RECOMMENDATION_CONSTRAINT_FIELDS)
    recommendation._history_user = by
    recommendation.save()
    return recommendation
