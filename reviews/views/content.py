"""A review's content: its case coding, findings and recommendations.

Panel staff code a review and write its findings and recommendations; the review's lead reviewer
writes its findings. A review or record the user cannot see answers 404, one they see but may not
change answers 403, on GET and POST alike.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from .. import authoring, selectors
from ..forms.content import CaseCodingForm, FindingForm, RecommendationForm
from ..models import CaseCoding, Finding, Recommendation, Review
from ..search import similar_findings

# The number of similar findings of other reviews shown once a finding is saved.
SIMILAR_SHOWN = 5


def _review_to_change(user, pk: int) -> Review:
    return selectors.review_for_changing(user, pk)


def _review_for_findings(user, pk: int) -> Review:
    review = selectors.review_for_reading(user, pk)
    if not authoring.may_write_findings(user, review):
        raise PermissionDenied("Only panel staff and the review's lead reviewer may write its findings.")
    return review


def _finding_to_change(user, pk: int, number: int) -> Finding:
    finding = get_object_or_404(
        Finding.objects.visible_to(user).select_related("review__partnership"), review_id=pk, number=number
    )
    if not Finding.objects.changeable_by(user).filter(pk=finding.pk).exists():
        raise PermissionDenied("You may not change this finding.")
    return finding


def _recommendation_to_change(user, pk: int, number: int) -> Recommendation:
    recommendation = get_object_or_404(
        Recommendation.objects.visible_to(user).select_related("review__partnership"),
        review_id=pk,
        number=number,
    )
    if not Recommendation.objects.changeable_by(user).filter(pk=recommendation.pk).exists():
        raise PermissionDenied("Only the partnership's panel staff may change this recommendation.")
    return recommendation


# --- Case coding -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def review_coding(request, pk: int):
    review = _review_to_change(request.user, pk)
    coding = CaseCoding.objects.filter(review=review).first()
    if request.method == "POST":
        form = CaseCodingForm(request.POST)
        if form.is_valid():
            try:
                authoring.coding_save(review=review, by=request.user, **form.answers())
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, "Case coding saved")
                return redirect(reverse("review_detail", args=[review.pk]) + "#coding")
    else:
        form = CaseCodingForm(initial=CaseCodingForm.initial_from(coding))
    return render(
        request, "reviews/content/coding_form.html", {"review": review, "form": form, "coding": coding}
    )


# --- Findings ----------------------------------------------------------------------------------------


def _finding_page(request, review, form, finding=None):
    return render(
        request, "reviews/content/finding_form.html", {"review": review, "form": form, "finding": finding}
    )


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def finding_add(request, pk: int):
    review = _review_for_findings(request.user, pk)
    if request.method == "POST":
        form = FindingForm(request.POST, review=review)
        if form.is_valid():
            try:
                finding = authoring.finding_add(review=review, by=request.user, **form.answers())
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                return redirect("finding_saved", review.pk, finding.number)
    else:
        form = FindingForm(review=review)
    return _finding_page(request, review, form)


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def finding_edit(request, pk: int, number: int):
    finding = _finding_to_change(request.user, pk, number)
    review = finding.review
    if request.method == "POST":
        form = FindingForm(request.POST, review=review, finding=finding)
        if form.is_valid():
            try:
                authoring.finding_edit(finding=finding, by=request.user, **form.answers())
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                return redirect("finding_saved", review.pk, finding.number)
    else:
        form = FindingForm(review=review, finding=finding)
    return _finding_page(request, review, form, finding)


@require_safe
@login_required
@never_cache
def finding_saved(request, pk: int, number: int):
    """The saved finding, and the most similar findings of other reviews with the state of their actions:
    learning that keeps coming back shows here, while the finding is still being written."""
    finding = _finding_to_change(request.user, pk, number)
    finding = Finding.objects.prefetch_related("themes", "agencies").get(pk=finding.pk)
    return render(
        request,
        "reviews/content/finding_saved.html",
        {
            "review": finding.review,
            "finding": finding,
            "similar": similar_findings(request.user, finding, limit=SIMILAR_SHOWN),
        },
    )


# --- Recommendations ---------------------------------------------------------------------------------


def _save_recommendation(request, review, form, save):
    """Save valid answers through `save`, unless they are addressed too broadly and not yet confirmed for
    these very addressees: then the form comes back with the warning and a "Save anyway" button."""
    answers = form.answers()
    warning = authoring.breadth_warning(
        review, to_partnership=answers["to_partnership"], agencies=answers["agencies"]
    )
    addressees = form.addressees_key()
    if warning and request.POST.get("confirmed_addressees") != addressees:
        return None, {"breadth_warning": warning, "addressees_key": addressees}
    try:
        return save(**answers), {}
    except ValidationError as error:
        form.add_service_errors(error)
        return None, {}


def _recommendation_page(request, review, form, recommendation=None, extra=None):
    context = {"review": review, "form": form, "recommendation": recommendation, **(extra or {})}
    return render(request, "reviews/content/recommendation_form.html", context)


def _recommendation_saved(request, review, recommendation):
    messages.success(request, f"Recommendation {recommendation.number} saved")
    return redirect(reverse("review_detail", args=[review.pk]) + f"#recommendation-{recommendation.number}")


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def recommendation_add(request, pk: int):
    review = _review_to_change(request.user, pk)
    extra = {}
    if request.method == "POST":
        form = RecommendationForm(request.POST, review=review)
        if form.is_valid():

            def save(**answers):
                return authoring.recommendation_add(review=review, by=request.user, **answers)

            recommendation, extra = _save_recommendation(request, review, form, save)
            if recommendation is not None:
                return _recommendation_saved(request, review, recommendation)
    else:
        form = RecommendationForm(review=review)
    return _recommendation_page(request, review, form, extra=extra)


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def recommendation_edit(request, pk: int, number: int):
    recommendation = _recommendation_to_change(request.user, pk, number)
    review = recommendation.review
    extra = {}
    if request.method == "POST":
        form = RecommendationForm(request.POST, review=review, recommendation=recommendation)
        if form.is_valid():

            def save(**answers):
                return authoring.recommendation_edit(
                    recommendation=recommendation, by=request.user, **answers
                )

            saved, extra = _save_recommendation(request, review, form, save)
            if saved is not None:
                return _recommendation_saved(request, review, saved)
    else:
        form = RecommendationForm(review=review, recommendation=recommendation)
    return _recommendation_page(request, review, form, recommendation, extra)


urlpatterns = [
    path("reviews/<int:pk>/coding/", review_coding, name="review_coding"),
    path("reviews/<int:pk>/findings/add/", finding_add, name="finding_add"),
    path("reviews/<int:pk>/findings/<int:number>/edit/", finding_edit, name="finding_edit"),
    path("reviews/<int:pk>/findings/<int:number>/saved/", finding_saved, name="finding_saved"),
    path("reviews/<int:pk>/recommendations/add/", recommendation_add, name="recommendation_add"),
    path(
        "reviews/<int:pk>/recommendations/<int:number>/edit/", recommendation_edit, name="recommendation_edit"
    ),
]
