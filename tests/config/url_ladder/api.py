"""The REST API at /api/v1/: lists, records, their writes and actions, the schema and its docs.

A request without credentials answers 401, naming the token scheme. Lists show each person only what
they may see (any signed-in person gets 200, however little is in it); a record they may not see answers
404 to every verb, as if it did not exist. A board member reads but does not write: the service refuses
a valid write with 403, and an endpoint without a POST answers 405. The right role's writes are real
ones, sent as JSON with data valid in the ladder's world.

Review B and police's plan in it are the records: csc_lead (the other agency) has nothing in review B.
"""

from actions.choices import Status
from actions.models import Action, EvidencePurpose
from actions.reminder_models import Notification
from tests.factories import EvidenceFactory, ProgressUpdateFactory

from .rungs import Rung, review_b

SIGNED_OUT = 401


def open_to_everyone_signed_in(*, read_only_write=405):
    """Lists, the API root, the schema and its docs: 200 for anyone signed in."""
    return {
        "anonymous": SIGNED_OUT,
        "no_roles": 200,
        "other_partnership": 200,
        "other_agency": 200,
        "read_only_write": read_only_write,
        "right_role": 200,
    }


def a_record(*, read_only_write, other_agency=404):
    """One record of North: nobody outside it, nor the agency it does not concern, may know it exists."""
    return {
        "anonymous": SIGNED_OUT,
        "no_roles": 404,
        "other_partnership": 404,
        "other_agency": other_agency,
        "read_only_write": read_only_write,
        "right_role": 200,
    }


def a_list_to_write_to(*, read_only_write=403):
    return open_to_everyone_signed_in(read_only_write=read_only_write) | {"right_role": 201}


def pk_of(kind, name):
    return lambda world: [getattr(world, kind)[name].pk]


def police_action(world):
    return world.actions["B-police-1"]


def police_action_with_completion_evidence(world):
    action = police_action(world)
    EvidenceFactory(action=action, purpose=EvidencePurpose.COMPLETION, added_by=world.police_lead)
    return [action.pk]


def police_action_marked_complete(world):
    action = police_action(world)
    EvidenceFactory(action=action, purpose=EvidencePurpose.COMPLETION, added_by=world.police_lead)
    Action.objects.filter(pk=action.pk).update(
        status=Status.AWAITING_VERIFICATION, completed_by=world.police_lead
    )
    return [action.pk]


def police_progress_update(world):
    return [ProgressUpdateFactory(action=police_action(world), author=world.police_lead).pk]


def police_evidence(world):
    return [EvidenceFactory(action=police_action(world), added_by=world.police_lead).pk]


def csc_owners_notification(world):
    return [Notification.objects.get(recipient=world.csc_owner).pk]


def registration(world):
    return {
        "partnership": world.north.pk,
        "reference": "RR-2026-09",
        "kind": "rapid_review",
        "title": "Injury to a baby (Child TB)",
        "incident_on": "2026-11-02",
        "aware_on": "2026-11-03",
    }


def finding_in_review_b(world):
    return {
        "review": world.reviews["B"].pk,
        "title": "Fathers unseen",
        "text": "No agency asked about the father.",
        "agencies": [world.agencies["north_police"].pk],
    }


def recommendation_in_review_b(world):
    return {
        "review": world.reviews["B"].pk,
        "text": "Ask about every adult in the household.",
        "agencies": [world.agencies["north_police"].pk],
    }


def action_in_police_plan(world):
    return {
        "plan": world.plans["B-police"].pk,
        "number": "2",
        "description": "Brief every response officer on the household checklist.",
        "recommendations": [world.recommendations["B2"].pk],
        "target_date": "2027-06-30",
    }


def progress_on_police_action(world):
    return {
        "action": police_action(world).pk,
        "narrative": "Half the officers briefed.",
        "status": "in_progress",
    }


def evidence_for_police_action(world):
    return {
        "action": police_action(world).pk,
        "purpose": EvidencePurpose.COMPLETION,
        "title": "Briefing register",
        "link": "https://intranet.example.org/briefing-register",
    }


def constant(data):
    return lambda world: data


NOTIFIED_AGAIN = {"field": "notified_on", "on": "2024-01-16", "reason": "The e-mail log shows the 16th."}
REVISED = {"new_date": "2027-01-31", "reason": "The briefing programme starts later."}

ROWS = {
    "api:api-root": Rung(open_to_everyone_signed_in()),
    "api:schema": Rung(open_to_everyone_signed_in()),
    "api:docs": Rung(open_to_everyone_signed_in()),
    "api:redoc": Rung(open_to_everyone_signed_in()),
    # Agencies: read only, and every agency of a partnership is known to all who work in it.
    "api:agency-list": Rung(open_to_everyone_signed_in()),
    "api:agency-detail": Rung(
        a_record(read_only_write=405, other_agency=200),
        args=lambda world: [world.agencies["north_police"].pk],
    ),
    # Reviews: only panel staff register one (someone who registers for no partnership is refused).
    "api:review-list": Rung(a_list_to_write_to(), write_data=registration, right_role_data=registration),
    "api:review-detail": Rung(a_record(read_only_write=405), args=review_b),
    "api:review-dates": Rung(
        a_record(read_only_write=403),
        args=review_b,
        method="post",
        write_data=NOTIFIED_AGAIN,
        right_role_data=constant(NOTIFIED_AGAIN),
    ),
    "api:finding-list": Rung(
        a_list_to_write_to(), write_data=finding_in_review_b, right_role_data=finding_in_review_b
    ),
    "api:finding-detail": Rung(
        a_record(read_only_write=405),
        args=pk_of("findings", "B1"),
        right_role_data=constant({"title": "Fathers not asked about"}),
        right_role_method="patch",
    ),
    "api:recommendation-list": Rung(
        a_list_to_write_to(),
        write_data=recommendation_in_review_b,
        right_role_data=recommendation_in_review_b,
    ),
    "api:recommendation-detail": Rung(
        a_record(read_only_write=405),
        args=pk_of("recommendations", "B1"),
        right_role_data=constant({"text": "Ask about every adult in the household, every visit."}),
        right_role_method="patch",
    ),
    # Action plans, actions, progress and evidence: police's lead writes in police's plan.
    "api:action-plan-list": Rung(
        a_list_to_write_to(),
        write_data=lambda world: {
            "review": world.reviews["B"].pk,
            "agency": world.agencies["north_education"].pk,
        },
        right_role="police_lead",
        # Police read review A (a recommendation is addressed to them) and have no plan in it yet.
        right_role_data=lambda world: {
            "review": world.reviews["A"].pk,
            "agency": world.agencies["north_police"].pk,
        },
    ),
    "api:action-plan-detail": Rung(
        a_record(read_only_write=405), args=pk_of("plans", "B-police"), right_role="police_lead"
    ),
    "api:action-list": Rung(
        a_list_to_write_to(),
        write_data=action_in_police_plan,
        right_role="police_lead",
        right_role_data=action_in_police_plan,
    ),
    "api:action-detail": Rung(
        a_record(read_only_write=405),
        args=pk_of("actions", "B-police-1"),
        right_role="police_lead",
        right_role_data=constant({"description": "Brief every officer on the household checklist."}),
        right_role_method="patch",
    ),
    "api:action-revise-date": Rung(
        a_record(read_only_write=403),
        args=pk_of("actions", "B-police-1"),
        method="post",
        write_data=REVISED,
        right_role="police_lead",
        right_role_data=constant(REVISED),
    ),
    "api:action-complete": Rung(
        a_record(read_only_write=403),
        args=police_action_with_completion_evidence,
        method="post",
        write_data={"note": "Every officer briefed."},
        right_role="police_lead",
        right_role_data=constant({"note": "Every officer briefed: the register shows it."}),
    ),
    "api:action-verify": Rung(
        a_record(read_only_write=403),
        args=police_action_marked_complete,
        method="post",
        write_data={"note": "Checked against the register."},
        right_role_data=constant({"note": "Checked against the register."}),
    ),
    "api:action-return-to-agency": Rung(
        a_record(read_only_write=403),
        args=police_action_marked_complete,
        method="post",
        write_data={"reason": "Attach the signed register."},
        right_role_data=constant({"reason": "Attach the signed register."}),
    ),
    "api:progress-update-list": Rung(
        a_list_to_write_to(),
        write_data=progress_on_police_action,
        right_role="police_lead",
        right_role_data=progress_on_police_action,
    ),
    "api:progress-update-detail": Rung(
        a_record(read_only_write=405), args=police_progress_update, right_role="police_lead"
    ),
    "api:evidence-list": Rung(
        a_list_to_write_to(),
        write_data=evidence_for_police_action,
        right_role="police_lead",
        right_role_data=evidence_for_police_action,
    ),
    "api:evidence-detail": Rung(
        a_record(read_only_write=405), args=police_evidence, right_role="police_lead"
    ),
    # Notifications are their person's own: anyone else, the board member too, is told nothing exists.
    "api:notification-list": Rung(open_to_everyone_signed_in(), right_role="csc_owner"),
    "api:notification-detail": Rung(
        a_record(read_only_write=405), args=csc_owners_notification, right_role="csc_owner"
    ),
    "api:notification-read": Rung(
        a_record(read_only_write=404), args=csc_owners_notification, right_role="csc_owner", method="post"
    ),
}
