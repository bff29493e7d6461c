"""The review register, and registering a review from a serious incident notification."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from config.paging import elided_pages

from .. import registration, selectors
from ..clock import next_deadline
from ..filters import ReviewRegisterFilter, with_register_year
from ..forms.register import NotificationForm
from ..models import Stage

REGISTER_PAGE_SIZE = 25
# The answers given so far: only ids, choices, ISO dates and text typed (NotificationForm.session_answers).
NOTIFY_SESSION_KEY = "review_notify"

STAGE_TAG_CLASSES = {
    Stage.NOTIFIED: "govuk-tag--grey",
    Stage.RAPID_REVIEW: "govuk-tag--purple",
    Stage.DECISION: "govuk-tag--purple",
    Stage.PUBLICATION: "govuk-tag--turquoise",
    Stage.ACTION_PLANNING: "govuk-tag--yellow",
    Stage.MONITORING: "govuk-tag--yellow",
    Stage.CLOSED: "govuk-tag--green",
}


@require_safe
@login_required
@never_cache
def review_register(request):
    reviews = with_register_year(selectors.review_list_for(request.user))
    filterset = ReviewRegisterFilter(request.GET, queryset=reviews, request=request)
    page = Paginator(filterset.qs, REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    today = timezone.localdate()
    for review in rows:
        review.stage_tag_class = STAGE_TAG_CLASSES.get(review.status, "govuk-tag--blue")
        review.next_deadline = next_deadline(review, today=today)
    return render(
        request,
        "reviews/register/register.html",
        {
            "filter_form": filterset.form,
            "selected_filters": filterset.selected(request.GET),
            "page": page,
            "page_range": elided_pages(page),
            "rows": rows,
            "may_register": registration.partnerships_for_registering(request.user).exists(),
        },
    )


def _registering_partnerships(user):
    """The partnerships `user` may register a review for; none at all is a 403."""
    partnerships = registration.partnerships_for_registering(user)
    if not partnerships.exists():
        raise PermissionDenied("Only panel staff register reviews.")
    return partnerships


def _question_page(request, form):
    return render(request, "reviews/register/notify.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def review_notify(request):
    partnerships = _registering_partnerships(request.user)
    if request.method == "POST":
        form = NotificationForm(request.POST, partnerships=partnerships, user=request.user)
        if form.is_valid():
            request.session[NOTIFY_SESSION_KEY] = form.session_answers()
            return redirect("review_notify_check")
    else:
        kept = request.session.get(NOTIFY_SESSION_KEY)
        initial = NotificationForm.initial_from_session(kept) if kept else None
        form = NotificationForm(initial=initial, partnerships=partnerships, user=request.user)
    return _question_page(request, form)


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def review_notify_check(request):
    partnerships = _registering_partnerships(request.user)
    kept = request.session.get(NOTIFY_SESSION_KEY)
    if not kept or not partnerships.filter(pk=kept.get("partnership")).exists():
        # Nothing answered yet, or answers for a partnership the person no longer sits on the panel of.
        request.session.pop(NOTIFY_SESSION_KEY, None)
        return redirect("review_notify")
    # Check the answers again: another review may have taken the reference since they were given.
    data = NotificationForm.data_from_session(kept)
    form = NotificationForm(data, partnerships=partnerships, user=request.user)
    if not form.is_valid():
        return _question_page(request, form)
    if request.method == "POST":
        try:
            review = registration.review_register(**form.answers())
        except ValidationError as error:
            for field, field_messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_messages)
            return _question_page(request, form)
        del request.session[NOTIFY_SESSION_KEY]
        messages.success(request, f"Review {review.reference} registered")
        return redirect("review_detail", review.pk)
    return render(request, "reviews/register/check.html", {"form": form, "answers": form.answers()})


urlpatterns = [
    path("reviews/", review_register, name="review_register"),
    path("reviews/new/", review_notify, name="review_notify"),
    path("reviews/new/check/", review_notify_check, name="review_notify_check"),
]
