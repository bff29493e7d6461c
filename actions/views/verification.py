"""Marking an action complete, and panel staff verifying it or returning it to the agency.

The agency's staff (and panel staff) mark an action complete once evidence of completion is attached.
Panel staff then verify it or return it with the reason, never for an action they own or marked
complete themselves. The queue lists what waits for them across their partnerships.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from .. import evidence_selectors, selectors, services
from ..choices import Status
from ..forms.verification import CompleteForm, Decision, VerifyForm
from ..models import EvidencePurpose
from .evidence import action_page


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def action_complete(request, pk: int):
    action = selectors.action_for_updating(request.user, pk)
    completion_evidence = list(
        action.evidence.filter(purpose=EvidencePurpose.COMPLETION)
        .select_related("added_by")
        .order_by("created_at")
    )
    if request.method == "POST":
        form = CompleteForm(request.POST)
        if form.is_valid():
            try:
                services.action_mark_complete(action=action, by=request.user, note=form.cleaned_data["note"])
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request, f"Action {action.number} marked as complete: panel staff will verify it"
                )
                return redirect(action_page(action))
    else:
        form = CompleteForm()
    return render(
        request,
        "actions/verification/complete_form.html",
        {
            "action": action,
            "form": form,
            "evidence": completion_evidence,
            "may_complete": action.status in (Status.NOT_STARTED, Status.IN_PROGRESS, Status.NOT_ACHIEVED),
            "back": action_page(action),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def action_verify(request, pk: int):
    action = selectors.action_for_verifying(request.user, pk)
    if request.method == "POST":
        form = VerifyForm(request.POST)
        if form.is_valid():
            try:
                if form.cleaned_data["decision"] == Decision.VERIFY:
                    services.action_verify(action=action, by=request.user)
                    done = f"Action {action.number} verified"
                else:
                    services.action_return(action=action, by=request.user, reason=form.cleaned_data["reason"])
                    done = f"Action {action.number} returned to {action.plan.agency}"
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, done)
                return redirect("verification_queue")
    else:
        form = VerifyForm()
    return render(
        request,
        "actions/verification/verify_form.html",
        {
            "action": action,
            "form": form,
            "awaiting": action.status == Status.AWAITING_VERIFICATION,
            # The owner's note made when marking it complete is the latest update.
            "completion_note": action.progress_updates.filter(status=Status.AWAITING_VERIFICATION)
            .select_related("author")
            .first(),
            "evidence": action.evidence.select_related("added_by").order_by("purpose", "-created_at"),
            "earlier_decisions": action.verifications.select_related("decided_by").order_by("-decided_at"),
            "back": action_page(action),
        },
    )


@require_safe
@login_required
@never_cache
def verification_queue(request):
    user = request.user
    if not evidence_selectors.is_panel_staff_anywhere(user):
        return render(request, "actions/verification/not_panel.html", status=403)
    today = timezone.localdate()
    waiting = [
        {
            "action": action,
            "days_waiting": (today - timezone.localdate(action.completed_at)).days
            if action.completed_at
            else None,
            "own": user.pk in (action.owner_id, action.completed_by_id),
        }
        for action in evidence_selectors.awaiting_verification(user)
    ]
    rechecks = evidence_selectors.impact_rechecks_due(user, today).filter(
        action__plan__review__in=evidence_selectors.panel_reviews(user)
    )
    return render(
        request,
        "actions/verification/queue.html",
        {"waiting": waiting, "rechecks": rechecks, "today": today},
    )


urlpatterns = [
    path("actions/<int:pk>/complete/", action_complete, name="action_complete"),
    path("actions/<int:pk>/verify/", action_verify, name="action_verify"),
    path("verification/", verification_queue, name="verification_queue"),
]
