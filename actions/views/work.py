""" "Your agency's work": the actions a person owns, their agency's action plans and the recommendations
addressed to their agency.

Agency leads and owners see their own actions and their agency's plans; panel staff, board members and
scrutineers (who belong to no agency) see every action and plan of their partnership they may read.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config.paging import elided_pages

from .. import evidence_selectors, work_selectors
from ..forms.plans import WorkFilterForm

ACTIONS_PER_PAGE = 50


def due_words(action, today) -> str:
    """ "3 days overdue", "Due today", "Due in 5 days": nothing once the action is done."""
    if action.is_done:
        return ""
    days = (action.due_on - today).days
    if days < 0:
        return f"{-days} day{'s' if days != -1 else ''} overdue"
    if days == 0:
        return "Due today"
    return f"Due in {days} day{'s' if days != 1 else ''}"


@require_safe
@login_required
@never_cache
def agency_work(request):
    user = request.user
    today = timezone.localdate()
    agency_ids = work_selectors.my_agency_ids(user)
    partnership_wide = not agency_ids
    partnership_ids = work_selectors.my_partnership_ids(user) if partnership_wide else []

    form = WorkFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {"when": WorkFilterForm.OPEN, "statuses": []}
    if not request.GET:
        form = WorkFilterForm(initial={"when": WorkFilterForm.OPEN})
    actions = work_selectors.work_actions(
        user, today, when=filters["when"], statuses=filters["statuses"], partnership_wide=partnership_wide
    )
    page = Paginator(actions, ACTIONS_PER_PAGE).get_page(request.GET.get("page"))
    for action in page:
        action.due_words = due_words(action, today)

    plans = list(
        work_selectors.work_plans(user, today, agency_ids=agency_ids, partnership_ids=partnership_ids)
    )
    for plan in plans:
        plan.by_status = work_selectors.status_counts(plan)
    recommendations = (
        list(work_selectors.recommendations_to_my_agencies(user, agency_ids)) if agency_ids else []
    )
    # Panel staff have no agency: their part of the work is verifying what agencies marked complete.
    awaiting_verification = evidence_selectors.awaiting_verification(user).count() if partnership_wide else 0
    return render(
        request,
        "actions/work/agency_work.html",
        {
            "form": form,
            "page": page,
            "page_range": elided_pages(page),
            "partnership_wide": partnership_wide,
            "agencies": work_selectors.agencies_named(agency_ids),
            "plans": plans,
            "recommendations": recommendations,
            "awaiting_verification": awaiting_verification,
        },
    )


urlpatterns = [
    path("actions/", agency_work, name="agency_work"),
]
