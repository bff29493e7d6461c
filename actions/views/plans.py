"""An agency's action plan for a review, and its actions: starting a plan, writing actions, recording
progress, revising target dates and milestones.

A plan or action the user cannot see answers 404; one they see but may not change answers 403, on GET
and POST alike (actions.selectors). The services check the same rights again and save; nothing
personal is logged.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from reviews.models import Recommendation
from reviews.selectors import review_for_reading

from .. import services
from ..choices import Status
from ..forms.plans import ActionForm, AgencyChoiceForm, MilestoneForm, ProgressForm, ReviseDateForm
from ..models import Action, Milestone
from ..permissions import action_rights, agencies_writable_by, plan_rights
from ..rag import computed_rag
from ..selectors import (
    action_for_reading,
    action_for_updating,
    action_for_writing,
    plan_for_reading,
    plan_for_writing,
)

# Statuses from which the owner may mark an action complete (actions.services.action_mark_complete).
OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.NOT_ACHIEVED)
# Fields whose change the history timeline does not name: bookkeeping, or shown elsewhere on the page.
HISTORY_UNNAMED_FIELDS = ["created_at", "updated_at", "recommendations"]


# --- The plan ----------------------------------------------------------------------------------------


@require_safe
@login_required
@never_cache
def plan_detail(request, pk: int):
    plan = plan_for_reading(request.user, pk)
    actions = (
        plan.actions.with_rag(timezone.localdate())
        .select_related("owner")
        .prefetch_related("recommendations")
        .order_by("number")
    )
    return render(
        request,
        "actions/plans/plan_detail.html",
        {"plan": plan, "review": plan.review, "actions": actions, "rights": plan_rights(request.user, plan)},
    )


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def plan_create(request, pk: int):
    """Start an agency's plan: panel staff choose the agency, an agency lead confirms their own."""
    review = review_for_reading(request.user, pk)
    writable = agencies_writable_by(request.user, review)
    if not writable.exists():
        raise PermissionDenied("Only panel staff and agency leads may start an action plan.")
    existing = list(review.action_plans.filter(agency__in=writable).select_related("agency"))
    choices = writable.exclude(pk__in=[plan.agency_id for plan in existing]).order_by("name")
    form = AgencyChoiceForm(request.POST or None, agencies=choices)
    choices = list(choices)
    if request.method == "POST" and choices and form.is_valid():
        plan = services.plan_create(review=review, agency=form.cleaned_data["agency"], by=request.user)
        messages.success(request, f"Action plan started for {plan.agency}")
        return redirect("plan_detail", plan.pk)
    return render(
        request,
        "actions/plans/plan_create.html",
        {"review": review, "form": form, "choices": choices, "existing": existing},
    )


# --- Writing actions ---------------------------------------------------------------------------------


def _action_form_page(request, plan, form, action=None):
    return render(
        request,
        "actions/plans/action_form.html",
        {"plan": plan, "review": plan.review, "form": form, "action": action},
    )


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def action_create(request, pk: int):
    plan = plan_for_writing(request.user, pk)
    form = ActionForm(request.POST or None, plan=plan, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(plan=plan, by=request.user, **form.answers())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Action {action.number} added")
            return redirect("action_detail", action.pk)
    return _action_form_page(request, plan, form)


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def action_edit(request, pk: int):
    action = action_for_writing(request.user, pk)
    plan = action.plan
    form = ActionForm(request.POST or None, plan=plan, user=request.user, action=action)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_edit(action=action, by=request.user, **form.answers())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Action {form.cleaned_data['number']} saved")
            return redirect("action_detail", action.pk)
    return _action_form_page(request, plan, form, action)


# --- The action page ---------------------------------------------------------------------------------


def _field_label(name: str) -> str:
    try:
        return str(Action._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a field since removed from the model: show its name
        return name.replace("_", " ")


def _changed_fields(row, previous, *, with_recommendations: bool) -> list[str]:
    delta = row.diff_against(previous, excluded_fields=HISTORY_UNNAMED_FIELDS)
    changed = [_field_label(change.field) for change in delta.changes]
    if not changed and with_recommendations:
        # Only then look at the recommendations: their history costs a query per row, and a row with no
        # field changed is rare (a recommendation added or removed, or a save that changed nothing).
        delta = row.diff_against(previous, included_fields=["recommendations"])
        if delta.changes:
            changed = ["recommendations it responds to"]
    return changed


def history_timeline(action: Action) -> list[dict]:
    """The action's history, newest first: who changed what and when. Saves that changed nothing and the
    linking of recommendations as the action was created are left out."""
    rows = list(action.history.select_related("history_user").order_by("history_date", "history_id"))
    timeline = []
    previous = None
    for row in rows:
        if previous is None or row.history_type == "+":
            timeline.append({"when": row.history_date, "who": row.history_user, "what": "Created the action"})
        # The row after the creation links the new action's recommendations: part of creating it.
        elif changed := _changed_fields(row, previous, with_recommendations=previous.history_type != "+"):
            what = "Changed: " + ", ".join(changed)
            timeline.append({"when": row.history_date, "who": row.history_user, "what": what})
        previous = row
    return timeline[::-1]


@require_safe
@login_required
@never_cache
def action_detail(request, pk: int):
    user = request.user
    action = action_for_reading(user, pk)
    today = timezone.localdate()
    computed = computed_rag(
        status=action.status,
        due_on=action.due_date,
        revised=action.revised_target_date is not None,
        today=today,
    )
    return render(
        request,
        "actions/plans/action_detail.html",
        {
            "action": action,
            "plan": action.plan,
            "review": action.plan.review,
            "rights": action_rights(user, action),
            "computed_rag": computed,
            "recommendations": Recommendation.objects.visible_to(user)
            .filter(actions=action)
            .order_by("number"),
            "milestones": action.milestones.order_by("due_on"),
            "progress_updates": action.progress_updates.select_related("author").order_by(
                "-written_on", "-created_at"
            ),
            "evidence": action.evidence.select_related("added_by").order_by("-created_at"),
            "date_changes": action.date_changes.select_related("changed_by").order_by("changed_at"),
            "verifications": action.verifications.select_related("decided_by").order_by("decided_at"),
            "history": history_timeline(action),
            "may_complete": action.status in OPEN_STATUSES,
            "today": today,
        },
    )


# --- Progress, dates and milestones ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def progress_add(request, pk: int):
    user = request.user
    action = action_for_updating(user, pk)
    rights = action_rights(user, action)
    computed = computed_rag(
        status=action.status,
        due_on=action.due_date,
        revised=action.revised_target_date is not None,
        today=timezone.localdate(),
    )
    form = ProgressForm(request.POST or None, action=action, is_panel=rights.is_panel, computed=computed)
    if request.method == "POST" and form.is_valid():
        try:
            services.progress_add(action=action, by=user, **form.answers())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Progress update added")
            return redirect(reverse("action_detail", args=[action.pk]) + "#progress")
    return render(
        request,
        "actions/plans/progress_form.html",
        {"action": action, "plan": action.plan, "review": action.plan.review, "form": form},
    )


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def action_revise_date(request, pk: int):
    action = action_for_writing(request.user, pk)
    form = ReviseDateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_revise_date(action=action, by=request.user, **form.answers())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Target date revised")
            return redirect(reverse("action_detail", args=[action.pk]) + "#dates")
    return render(
        request,
        "actions/plans/revise_date_form.html",
        {
            "action": action,
            "plan": action.plan,
            "review": action.plan.review,
            "form": form,
            "date_changes": action.date_changes.select_related("changed_by").order_by("changed_at"),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def milestone_add(request, pk: int):
    action = action_for_writing(request.user, pk)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_add(action=action, by=request.user, **form.answers())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Milestone added")
            return redirect(reverse("action_detail", args=[action.pk]) + "#milestones")
    return render(
        request,
        "actions/plans/milestone_form.html",
        {"action": action, "plan": action.plan, "review": action.plan.review, "form": form},
    )


@require_POST
@login_required
@never_cache
def milestone_met(request, pk: int, mid: int):
    """Mark a milestone met today."""
    action = action_for_updating(request.user, pk)
    milestone = get_object_or_404(Milestone, pk=mid, action=action)
    if milestone.completed_on:
        messages.info(request, f"This milestone was already met on {milestone.completed_on:%-d %B %Y}")
    else:
        services.milestone_complete(milestone=milestone, by=request.user, completed_on=timezone.localdate())
        messages.success(request, "Milestone marked as met")
    return redirect(reverse("action_detail", args=[action.pk]) + "#milestones")


urlpatterns = [
    path("plans/<int:pk>/", plan_detail, name="plan_detail"),
    path("reviews/<int:pk>/plans/new/", plan_create, name="plan_create"),
    path("plans/<int:pk>/actions/new/", action_create, name="action_create"),
    path("actions/<int:pk>/", action_detail, name="action_detail"),
    path("actions/<int:pk>/edit/", action_edit, name="action_edit"),
    path("actions/<int:pk>/progress/", progress_add, name="progress_add"),
    path("actions/<int:pk>/target-date/", action_revise_date, name="action_revise_date"),
    path("actions/<int:pk>/milestones/new/", milestone_add, name="milestone_add"),
    path("actions/<int:pk>/milestones/<int:mid>/met/", milestone_met, name="milestone_met"),
]
