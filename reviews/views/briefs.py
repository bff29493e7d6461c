"""A review's learning brief (the 7-minute briefing): the page, its PDF, and its dissemination.

Whoever sees a review reads its brief, as much of it as they may see. Panel staff write the brief
and record its dissemination for any agency of the partnership; agency staff record it for their
own agency. A review or record the user cannot see answers 404, one they see but may not change
answers 403, on GET and POST alike.
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from agencies.models import AccessEvent, Agency
from agencies.services import access_record

from .. import briefs, selectors
from ..brief_pdf import brief_pdf
from ..forms.briefs import DisseminationForm, LearningBriefForm
from ..models import Dissemination, LearningBrief, Review


def _brief_seen(user, review: Review) -> LearningBrief:
    """The review's brief; a review with no brief yet has nothing to download or disseminate."""
    brief = LearningBrief.objects.visible_to(user).filter(review=review).first()
    if brief is None:
        raise Http404("This review has no learning brief yet.")
    return brief


def _back_to_brief(review: Review, anchor: str = "") -> str:
    return reverse("learning_brief", args=[review.pk]) + anchor


@require_safe
@login_required
@never_cache
def learning_brief(request, pk: int):
    review = selectors.review_for_reading(request.user, pk)
    content = briefs.brief_content(request.user, review)
    may_edit = briefs.may_write_brief(request.user, review)
    return render(
        request,
        "reviews/briefs/brief.html",
        {
            "review": content.review,
            "content": content,
            "may_edit": may_edit,
            "table": briefs.dissemination_table(request.user, review) if content.exists else None,
            "may_record": content.exists and briefs.recordable_agencies(request.user, review).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def learning_brief_edit(request, pk: int):
    review = selectors.review_for_reading(request.user, pk)
    if not briefs.may_write_brief(request.user, review):
        raise PermissionDenied("Only the partnership's panel staff may write the learning brief.")
    brief = LearningBrief.objects.visible_to(request.user).filter(review=review).first()
    if request.method == "POST":
        form = LearningBriefForm(request.POST)
        if form.is_valid():
            try:
                briefs.brief_save(review=review, by=request.user, **form.answers())
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, "Learning brief saved")
                return redirect(_back_to_brief(review))
    else:
        form = LearningBriefForm(initial=LearningBriefForm.initial_from(brief))
    return render(request, "reviews/briefs/brief_form.html", {"review": review, "brief": brief, "form": form})


def _safe_filename(reference: str) -> str:
    # A reference is typed by people: keep the header to characters every browser reads the same way.
    return re.sub(r"[^A-Za-z0-9._-]+", "-", reference).strip("-") or "review"


@require_safe
@login_required
@never_cache
def learning_brief_pdf(request, pk: int):
    review = selectors.review_for_reading(request.user, pk)
    _brief_seen(request.user, review)
    content = briefs.brief_content(request.user, review)
    pdf = brief_pdf(content)
    # A download leaves the service with the case's learning in it: recorded like an export.
    access_record(user=request.user, event=AccessEvent.EXPORTED, obj=review)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{_safe_filename(review.reference)}-learning-brief.pdf"'
    )
    return response


# --- Dissemination ---------------------------------------------------------------------------------------


def _dissemination_page(request, review, form, record=None):
    return render(
        request, "reviews/briefs/dissemination_form.html", {"review": review, "form": form, "record": record}
    )


def _recorded(request, review, record):
    messages.success(request, f"Brief recorded for {record.agency.name}")
    return redirect(_back_to_brief(review, "#dissemination"))


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def dissemination_add(request, pk: int):
    review = selectors.review_for_reading(request.user, pk)
    _brief_seen(request.user, review)
    agencies = briefs.recordable_agencies(request.user, review)
    if not agencies.exists():
        raise PermissionDenied("Only panel staff and the staff of an agency may record its use of the brief.")
    if request.method == "POST":
        form = DisseminationForm(request.POST, agencies=agencies)
        if form.is_valid():
            try:
                record = briefs.dissemination_record(review=review, by=request.user, **form.answers())
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                return _recorded(request, review, record)
    else:
        form = DisseminationForm(agencies=agencies)
    return _dissemination_page(request, review, form)


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def dissemination_edit(request, pk: int, dissemination_pk: int):
    review = selectors.review_for_reading(request.user, pk)
    record = get_object_or_404(
        Dissemination.objects.visible_to(request.user).filter(review=review).select_related("agency"),
        pk=dissemination_pk,
    )
    if not Dissemination.objects.changeable_by(request.user).filter(pk=record.pk).exists():
        raise PermissionDenied("You may not change this record.")
    # The record's own agency stays a choice even if it is no longer active.
    recordable = briefs.recordable_agencies(request.user, review)
    agencies = Agency.objects.filter(Q(pk__in=recordable.values("pk")) | Q(pk=record.agency_id)).order_by(
        "name"
    )
    if request.method == "POST":
        form = DisseminationForm(request.POST, agencies=agencies)
        if form.is_valid():
            try:
                record = briefs.dissemination_change(dissemination=record, by=request.user, **form.answers())
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                return _recorded(request, review, record)
    else:
        form = DisseminationForm(initial=DisseminationForm.initial_from(record), agencies=agencies)
    return _dissemination_page(request, review, form, record)


urlpatterns = [
    path("reviews/<int:pk>/brief/", learning_brief, name="learning_brief"),
    path("reviews/<int:pk>/brief/edit/", learning_brief_edit, name="learning_brief_edit"),
    path("reviews/<int:pk>/brief.pdf", learning_brief_pdf, name="learning_brief_pdf"),
    path("reviews/<int:pk>/brief/dissemination/add/", dissemination_add, name="dissemination_add"),
    path(
        "reviews/<int:pk>/brief/dissemination/<int:dissemination_pk>/edit/",
        dissemination_edit,
        name="dissemination_edit",
    ),
]
