"""Recording a review's statutory dates that are not changes of stage: the notification, the rapid review
sent, the Panel told of the decision, the report sent, publication or a decision not to publish.

Only panel staff (who may change the review) use this page: a review the user cannot see answers 404,
one they see but may not change answers 403, on GET and POST alike. Publication too soon after the report
was sent comes back as a warning, with the answers kept and a "Save anyway" button that confirms them.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import selectors, statutory_dates
from ..forms.dates import StatutoryDateForm
from ..models import Review


def _review_to_change(user, pk: int) -> Review:
    return selectors.review_for_changing(
        user, pk, refusal="Only the partnership's panel staff may record this review's dates."
    )


def _current_dates(review: Review) -> list[dict]:
    """One summary row per date that applies to the review, recorded or not."""
    rows = []
    for field in statutory_dates.recordable_fields(review):
        row = {"field": field, "label": statutory_dates.date_label(field), "on": getattr(review, field)}
        if field == "not_published_on":
            row["reason"] = review.not_published_reason
        rows.append(row)
    return rows


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def review_dates(request, pk: int):
    review = _review_to_change(request.user, pk)
    warning = ""
    if request.method == "POST":
        form = StatutoryDateForm(request.POST, review=review)
        if form.is_valid():
            answers = form.answers()
            try:
                statutory_dates.statutory_date_record(
                    review, by=request.user, confirmed="confirm" in request.POST, **answers
                )
            except statutory_dates.ShortNotice as notice:
                warning = notice.message
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                label = statutory_dates.date_label(answers["field"])
                messages.success(
                    request, f"{label}: {answers['on']:%-d %B %Y} recorded for {review.reference}"
                )
                return redirect("review_dates", review.pk)
    else:
        form = StatutoryDateForm(
            initial=StatutoryDateForm.initial_for(review, request.GET.get("field")), review=review
        )
    context = {"review": review, "form": form, "warning": warning, "dates": _current_dates(review)}
    return render(request, "reviews/dates/dates_form.html", context)


urlpatterns = [
    path("reviews/<int:pk>/dates/", review_dates, name="review_dates"),
]
