"""Who may see and write what through the API, for the fuzz test to hold each answer against.

Reading: a record in an answer must be one of `Model.objects.visible_to(person)` (the pages' query), the
agencies of `agencies_visible_to`, or the person's own notifications.

Writing follows the services' rules (reviews/registration.py, reviews/authoring.py,
reviews/statutory_dates.py, actions/services.py, actions/permissions.py), restated here from the person's
memberships rather than from the grants those services read, so a grant given too widely shows:

- panel staff (administrator, chair, member) write everything of their own partnership's reviews;
- a review's lead reviewer writes its findings while they hold the lead reviewer role there;
- an agency's leads start its plans, add and edit its actions and revise their dates;
- an agency's leads and action owners also mark its actions complete and add progress and evidence;
- only panel staff verify or return an action, never one they own or marked complete;
- a person marks only their own notifications read.
"""

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.urls import Resolver404, resolve
from rest_framework.settings import api_settings

from actions.models import Action, ActionPlan, Evidence, ProgressUpdate
from actions.reminder_models import Notification
from agencies.models import AGENCY_ROLES, PANEL_ROLES, Membership, Role
from agencies.selectors import agencies_visible_to
from reviews.models import Finding, Recommendation, Review

API = "/api/v1/"

# Methods that change nothing: their answers are held only to what the person may see.
READS = {"GET", "HEAD", "OPTIONS"}


def resource_of(path: str) -> str:
    """'/api/v1/actions/{id}/verify/' -> 'actions'."""
    return path.removeprefix(API).split("/", 1)[0]


# --- Reading ----------------------------------------------------------------------------------------

VISIBLE = {
    "agencies": agencies_visible_to,
    "reviews": Review.objects.visible_to,
    "findings": Finding.objects.visible_to,
    "recommendations": Recommendation.objects.visible_to,
    "action-plans": ActionPlan.objects.visible_to,
    "actions": Action.objects.visible_to,
    "progress-updates": ProgressUpdate.objects.visible_to,
    "evidence": Evidence.objects.visible_to,
    "notifications": lambda person: Notification.objects.filter(recipient=person),
}


def answered_ids(body) -> list:
    """The ids of the records an answer shows: each of a page of results, or the one record."""
    if isinstance(body, dict) and isinstance(body.get("results"), list):
        return [row.get("id") for row in body["results"] if isinstance(row, dict)]
    if isinstance(body, dict) and "id" in body:
        return [body["id"]]
    return []


def unseeable_ids(person, resource: str, body) -> list:
    """The ids in `body` of records of `resource` that `person` may not see."""
    ids = answered_ids(body)
    if not ids:
        return []
    seen = set(VISIBLE[resource](person).filter(pk__in=ids).values_list("pk", flat=True))
    return [pk for pk in ids if pk not in seen]


def read_refusal(person, resource: str, body) -> str:
    """What `body` shows that `person` may not see; "" if nothing."""
    if resource not in VISIBLE:
        return f"no read rule for {resource}: add one to tests/api/access.py"
    hidden = unseeable_ids(person, resource, body)
    return f"showed {resource} {hidden}, which the persona may not see" if hidden else ""


# --- Writing ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """Where a written record belongs: its review's partnership, the review and the agency, if any."""

    partnership_id: int
    review: Review | None = None
    agency_id: int | None = None
    action: Action | None = None


def _review_record(review_id, agency_id=None) -> Record:
    review = Review.objects.get(pk=review_id)
    return Record(review.partnership_id, review=review, agency_id=agency_id)


def _action_record(action_id) -> Record:
    action = Action.objects.select_related("plan__review").get(pk=action_id)
    plan = action.plan
    return Record(plan.review.partnership_id, review=plan.review, agency_id=plan.agency_id, action=action)


# Where the record in a 2xx answer belongs, by resource.
RECORD_OF = {
    "reviews": lambda body: _review_record(body["id"]),
    "findings": lambda body: _review_record(body["review"]),
    "recommendations": lambda body: _review_record(body["review"]),
    "action-plans": lambda body: _review_record(body["review"], body["agency"]),
    "actions": lambda body: _action_record(body["id"]),
    "progress-updates": lambda body: _action_record(body["action"]),
    "evidence": lambda body: _action_record(body["action"]),
}


@dataclass(frozen=True)
class Roles:
    """What one person's memberships let them do, by partnership and agency."""

    person_id: int
    panel: frozenset
    lead_reviewer: frozenset
    leads: frozenset
    staff: frozenset

    @classmethod
    def of(cls, person) -> "Roles":
        memberships = list(
            Membership.objects.filter(user=person).values_list("role", "partnership_id", "agency_id")
        )

        def where(roles, index):
            return frozenset(row[index] for row in memberships if row[0] in roles)

        return cls(
            person_id=person.pk,
            panel=where(PANEL_ROLES, 1),
            lead_reviewer=where((Role.LEAD_REVIEWER,), 1),
            leads=where((Role.AGENCY_LEAD,), 2),
            staff=where(AGENCY_ROLES, 2),
        )


def _panel(roles: Roles, record: Record) -> bool:
    return record.partnership_id in roles.panel


def _finding_writer(roles: Roles, record: Record) -> bool:
    review = record.review
    own_review = review.lead_reviewer_id == roles.person_id and review.partnership_id in roles.lead_reviewer
    return _panel(roles, record) or own_review


def _plan_writer(roles: Roles, record: Record) -> bool:
    return _panel(roles, record) or record.agency_id in roles.leads


def _action_updater(roles: Roles, record: Record) -> bool:
    return _panel(roles, record) or record.agency_id in roles.staff


def _verifier(roles: Roles, record: Record) -> bool:
    action = record.action
    # A return clears who marked the action complete, so only its owner can be told from the answer.
    own = roles.person_id in (action.owner_id, action.completed_by_id)
    return _panel(roles, record) and not own


# Who may get a 2xx from each operation that writes, by "METHOD path" as the schema names it.
WRITERS = {
    "POST /api/v1/reviews/": _panel,
    "POST /api/v1/reviews/{id}/dates/": _panel,
    "POST /api/v1/findings/": _finding_writer,
    "PUT /api/v1/findings/{id}/": _finding_writer,
    "PATCH /api/v1/findings/{id}/": _finding_writer,
    "POST /api/v1/recommendations/": _panel,
    "PUT /api/v1/recommendations/{id}/": _panel,
    "PATCH /api/v1/recommendations/{id}/": _panel,
    "POST /api/v1/action-plans/": _plan_writer,
    "POST /api/v1/actions/": _plan_writer,
    "PUT /api/v1/actions/{id}/": _plan_writer,
    "PATCH /api/v1/actions/{id}/": _plan_writer,
    "POST /api/v1/actions/{id}/revise-date/": _plan_writer,
    "POST /api/v1/actions/{id}/complete/": _action_updater,
    "POST /api/v1/actions/{id}/verify/": _verifier,
    "POST /api/v1/actions/{id}/return/": _verifier,
    "POST /api/v1/progress-updates/": _action_updater,
    "POST /api/v1/evidence/": _action_updater,
}


def write_refusal(person, roles: Roles, operation: str, body) -> str:
    """Why `person` should not have got a 2xx from the write `operation` answered with `body`; "" if they
    may write it."""
    resource = resource_of(operation.split(" ", 1)[1])
    if resource == "notifications":
        if Notification.objects.filter(pk=body.get("id"), recipient=person).exists():
            return ""
        return f"marked notification {body.get('id')} of someone else read"
    rule = WRITERS.get(operation)
    if rule is None:
        return f"no write rule for {operation}: add one to tests/api/access.py"
    record = RECORD_OF[resource](body)
    if rule(roles, record):
        return ""
    return (
        f"wrote {resource} {body.get('id')} of partnership {record.partnership_id}, agency {record.agency_id}"
    )


# --- Without credentials ----------------------------------------------------------------------------


def refused_without_credentials(status_code: int, url: str) -> bool:
    """Whether the answer to a request sent without credentials refuses it."""
    if status_code in (401, 403):
        return True
    return status_code == 404 and not reaches_a_view(url)


def reaches_a_view(url: str) -> bool:
    """Whether a request for `url` gets as far as a view's check of credentials. A path that matches no
    view is Django's 404; one with a format suffix no renderer knows (`/reviews/0.5/` is review 0 in
    format "5") is the API's 404 before credentials are read. Neither looks anything up."""
    try:
        match = resolve(unquote(urlsplit(url).path))
    except Resolver404:
        return False
    suffix = match.kwargs.get("format")
    return suffix is None or suffix in {renderer.format for renderer in api_settings.DEFAULT_RENDERER_CLASSES}
