"""A review's lifecycle: moving it to another stage, recording its decision, converting a rapid review into
an LCSPR and closing it.

Only panel staff (who may change the review) use these pages: a review the user cannot see answers 404,
one they see but may not change answers 403, on GET and POST alike. Converting and closing are asked,
then checked: the check page posts the answers again with its confirm button, and they are checked
again before anything is saved.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import lifecycle, selectors
from ..forms.lifecycle import CloseForm, ConvertForm, DecisionForm, StageChangeForm
from ..models import Review, Stage

PAGES = "reviews/lifecycle"


def _review_to_change(user, pk: int) -> Review:
    return selectors.review_for_changing(
        user, pk, refusal="Only the partnership's panel staff may change this review's stage."
    )


def _back_to_review(review: Review):
    return redirect(reverse("review_detail", args=[review.pk]) + "#stage")


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def review_stage_change(request, pk: int):
    review = _review_to_change(request.user, pk)
    if review.status == Stage.CLOSED:
        refusal = "The review is closed: its stage can no longer change"
        return render(request, f"{PAGES}/stage_form.html", {"review": review, "refusal": refusal})
    if request.method == "POST":
        form = StageChangeForm(request.POST, review=review)
        if form.is_valid() and not form.asking_skip_reasons:
            try:
                change = lifecycle.stage_advance(review, by=request.user, **form.answers())
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                stage = change.get_to_stage_display().lower()
                messages.success(request, f"{review.reference} moved to {stage}")
                return _back_to_review(review)
    else:
        form = StageChangeForm(review=review)
    return render(request, f"{PAGES}/stage_form.html", {"review": review, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def review_decision(request, pk: int):
    review = _review_to_change(request.user, pk)
    refusal = lifecycle.decision_refusal(review)
    if refusal:
        return render(request, f"{PAGES}/decision_form.html", {"review": review, "refusal": refusal})
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                lifecycle.decision_record(review, by=request.user, **form.answers())
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, f"Decision on {review.reference} recorded")
                return _back_to_review(review)
    else:
        form = DecisionForm(initial=DecisionForm.initial_from(review))
    return render(request, f"{PAGES}/decision_form.html", {"review": review, "form": form})


def _asked_then_checked(request, review, *, form_class, refusal, pages, save):
    """The question page, the check page, and saving once the check page is confirmed.

    `refusal` (a reason the change cannot be made now) is shown instead of the questions.
    """
    if refusal:
        return render(request, pages["question"], {"review": review, "refusal": refusal})
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and "change" not in request.POST and form.is_valid():
        if "confirm" not in request.POST:
            return render(request, pages["check"], {"review": review, "form": form})
        try:
            return save(form.answers())
        except ValidationError as error:
            form.add_service_errors(error)
    elif "change" in request.POST:
        # Back to the questions from the check page, answers kept and not yet judged.
        form = form_class(initial=_initial_from_post(form_class, request.POST))
    return render(request, pages["question"], {"review": review, "form": form})


def _initial_from_post(form_class, data) -> dict:
    bound = form_class(data)
    bound.is_valid()
    return {name: value for name, value in bound.cleaned_data.items() if value not in (None, "")}


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def review_convert(request, pk: int):
    review = _review_to_change(request.user, pk)

    def save(answers):
        lcspr = lifecycle.rapid_review_convert(review, by=request.user, **answers)
        messages.success(request, f"{review.reference} converted into {lcspr.reference}")
        return redirect("review_detail", lcspr.pk)

    return _asked_then_checked(
        request,
        review,
        form_class=ConvertForm,
        refusal=lifecycle.conversion_refusal(review),
        pages={"question": f"{PAGES}/convert_form.html", "check": f"{PAGES}/convert_check.html"},
        save=save,
    )


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def review_close(request, pk: int):
    review = _review_to_change(request.user, pk)

    def save(answers):
        lifecycle.review_close(review, by=request.user, **answers)
        messages.success(request, f"{review.reference} closed")
        return _back_to_review(review)

    return _asked_then_checked(
        request,
        review,
        form_class=CloseForm,
        refusal=lifecycle.closure_refusal(review),
        pages={"question": f"{PAGES}/close_form.html", "check": f"{PAGES}/close_check.html"},
        save=save,
    )


urlpatterns = [
    path("reviews/<int:pk>/stage/", review_stage_change, name="review_stage_change"),
    path("reviews/<int:pk>/decision/", review_decision, name="review_decision"),
    path("reviews/<int:pk>/convert/", review_convert, name="review_convert"),
    path("reviews/<int:pk>/close/", review_close, name="review_close"),
]
