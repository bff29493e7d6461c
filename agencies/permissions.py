"""The one place where object permissions are granted and revoked.

Who may see and change what is decided here and stored as django-guardian object permissions,
granted to groups rather than to people one by one:

- each partnership has a *panel* group (administrators, panel chairs and members: read and change
  everything of the partnership's reviews) and a *readers* group (board members and scrutineers:
  read everything);
- each agency has a group (agency leads and action owners): it reads a review when a recommendation
  is addressed to the agency or the agency has an action plan for it; it reads the findings that
  concern it, the recommendations addressed to it (and those to the partnership as a whole, in the
  reviews it reads), and reads and changes its own action plans and actions;
- the independent lead reviewer is the one per-person grant: they read the review commissioned
  from them and read and change its findings, only while they hold the lead reviewer role.

People join and leave the groups through their memberships (`person_groups_sync`), so a change of
role takes effect at once. Objects get their grants recomputed from the state of their review
(`review_permissions_sync`): the wanted set is compared with the stored one and only the
difference is written. Permission rows use direct foreign keys, so deleting an object deletes its
rows, and deleting an agency or partnership deletes its groups (`groups_delete_for`).
"""

from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from .models import AGENCY_ROLES, PANEL_ROLES, READER_ROLES, Agency, Membership, Partnership, Role

# Review ids whose grants wait for the end of a `review_syncs_batched()` block, or None outside one.
_pending_review_syncs: ContextVar[set | None] = ContextVar("pending_review_syncs", default=None)

READ = ("view",)
READ_WRITE = ("view", "change")


# --- Groups -------------------------------------------------------------------------------------


def partnership_groups_ensure(partnership: Partnership) -> None:
    """Give a partnership its panel and readers groups, once."""
    changed = []
    if partnership.panel_group_id is None:
        partnership.panel_group = Group.objects.create(name=f"partnership-{partnership.pk}-panel")
        changed.append("panel_group")
    if partnership.readers_group_id is None:
        partnership.readers_group = Group.objects.create(name=f"partnership-{partnership.pk}-readers")
        changed.append("readers_group")
    if changed:
        Partnership.objects.filter(pk=partnership.pk).update(**{f: getattr(partnership, f) for f in changed})


def agency_group_ensure(agency: Agency) -> None:
    if agency.group_id is None:
        agency.group = Group.objects.create(name=f"agency-{agency.pk}")
        Agency.objects.filter(pk=agency.pk).update(group=agency.group)


def groups_delete_for(owner: Partnership | Agency) -> None:
    """Delete the groups of a deleted partnership or agency; their permission rows go with them."""
    group_ids = [
        getattr(owner, field)
        for field in ("panel_group_id", "readers_group_id", "group_id")
        if hasattr(owner, field)
    ]
    Group.objects.filter(pk__in=[pk for pk in group_ids if pk]).delete()


def _managed_group_ids() -> set[int]:
    """Groups this module owns; any other group a person belongs to is left alone."""
    ids = set(Agency.objects.exclude(group=None).values_list("group_id", flat=True))
    for field in ("panel_group_id", "readers_group_id"):
        ids |= set(Partnership.objects.exclude(**{field: None}).values_list(field, flat=True))
    return ids


def _wanted_group_ids(user) -> set[int]:
    wanted = set()
    memberships = Membership.objects.filter(user=user).select_related("partnership", "agency")
    for membership in memberships:
        if membership.role in PANEL_ROLES:
            partnership_groups_ensure(membership.partnership)
            wanted.add(membership.partnership.panel_group_id)
        elif membership.role in READER_ROLES:
            partnership_groups_ensure(membership.partnership)
            wanted.add(membership.partnership.readers_group_id)
        elif membership.role in AGENCY_ROLES:
            agency_group_ensure(membership.agency)
            wanted.add(membership.agency.group_id)
    return wanted


@transaction.atomic
def person_groups_sync(user) -> None:
    """Put a person in exactly the groups their current memberships call for."""
    wanted = _wanted_group_ids(user)
    current = set(user.groups.values_list("pk", flat=True))
    managed = _managed_group_ids()
    user.groups.remove(*((current & managed) - wanted))
    user.groups.add(*(wanted - current))


# --- Object permissions ---------------------------------------------------------------------------


def _holds_lead_reviewer_role(review) -> bool:
    return Membership.objects.filter(
        user_id=review.lead_reviewer_id, partnership_id=review.partnership_id, role=Role.LEAD_REVIEWER
    ).exists()


class _Grants:
    """The wanted permissions of one review and everything in it, keyed by model."""

    def __init__(self, models):
        # Looked up per sync, not cached for the process: permission ids change when tables are flushed.
        content_types = ContentType.objects.get_for_models(*models)
        self.permission_ids = {
            (content_types[model], codename): pk
            for model in models
            for pk, codename in Permission.objects.filter(content_type=content_types[model]).values_list(
                "pk", "codename"
            )
        }
        self.content_types = content_types
        self.groups = defaultdict(set)  # model -> {(group_id, permission_id, object_id)}
        self.users = defaultdict(set)  # model -> {(user_id, permission_id, object_id)}

    def _permission_id(self, model, action):
        return self.permission_ids[(self.content_types[model], f"{action}_{model._meta.model_name}")]

    def to_group(self, group_id, model, obj_id, actions):
        if group_id:
            self.groups[model] |= {(group_id, self._permission_id(model, a), obj_id) for a in actions}

    def to_user(self, user_id, model, obj_id, actions):
        if user_id:
            self.users[model] |= {(user_id, self._permission_id(model, a), obj_id) for a in actions}


def _wanted_grants(review) -> _Grants:
    from actions.models import Action, ActionPlan
    from reviews.models import Finding, Recommendation, Review

    partnership = review.partnership
    partnership_groups_ensure(partnership)
    agencies = {agency.pk: agency for agency in partnership.agencies.all()}
    for agency in agencies.values():
        agency_group_ensure(agency)

    def groups_of(agency_ids):
        # Agencies of another partnership never gain anything here, whatever a row names.
        return {agencies[pk].group_id for pk in agency_ids if pk in agencies}

    findings = list(Finding.objects.filter(review=review).prefetch_related("agencies"))
    recommendations = list(Recommendation.objects.filter(review=review).prefetch_related("agencies"))
    plans = list(ActionPlan.objects.filter(review=review))
    actions = list(Action.objects.filter(plan__review=review).select_related("plan"))

    involved = {a.pk for r in recommendations for a in r.agencies.all()} | {p.agency_id for p in plans}
    involved_groups = groups_of(involved)
    reviewer = (
        review.lead_reviewer_id if review.lead_reviewer_id and _holds_lead_reviewer_role(review) else None
    )

    grants = _Grants([Review, Finding, Recommendation, ActionPlan, Action])

    def everyone_in_the_partnership(model, obj_id, reviewer_actions):
        grants.to_group(partnership.panel_group_id, model, obj_id, READ_WRITE)
        grants.to_group(partnership.readers_group_id, model, obj_id, READ)
        if reviewer_actions:
            grants.to_user(reviewer, model, obj_id, reviewer_actions)

    everyone_in_the_partnership(Review, review.pk, READ)
    for group_id in involved_groups:
        grants.to_group(group_id, Review, review.pk, READ)
    for finding in findings:
        everyone_in_the_partnership(Finding, finding.pk, READ_WRITE)
        for group_id in groups_of(a.pk for a in finding.agencies.all()):
            grants.to_group(group_id, Finding, finding.pk, READ)
    for recommendation in recommendations:
        everyone_in_the_partnership(Recommendation, recommendation.pk, READ)
        addressed = (involved_groups if recommendation.to_partnership else set()) | groups_of(
            a.pk for a in recommendation.agencies.all()
        )
        for group_id in addressed:
            grants.to_group(group_id, Recommendation, recommendation.pk, READ)
    for plan in plans:
        everyone_in_the_partnership(ActionPlan, plan.pk, READ)
        for group_id in groups_of([plan.agency_id]):
            grants.to_group(group_id, ActionPlan, plan.pk, READ_WRITE)
    for action in actions:
        everyone_in_the_partnership(Action, action.pk, READ)
        for group_id in groups_of([action.plan.agency_id]):
            grants.to_group(group_id, Action, action.pk, READ_WRITE)
    return grants


def _apply(permission_model, holder_field: str, scope, wanted: set) -> None:
    """Make the stored rows of `scope` (objects of one review) equal to `wanted`."""
    stored = {
        (row[holder_field], row["permission_id"], row["content_object_id"]): row["pk"]
        for row in permission_model.objects.filter(content_object__in=scope).values(
            "pk", holder_field, "permission_id", "content_object_id"
        )
    }
    surplus = [pk for key, pk in stored.items() if key not in wanted]
    if surplus:
        permission_model.objects.filter(pk__in=surplus).delete()
    missing = wanted - stored.keys()
    permission_model.objects.bulk_create(
        permission_model(**{holder_field: holder, "permission_id": perm, "content_object_id": obj})
        for holder, perm, obj in missing
    )


@contextmanager
def review_syncs_batched():
    """Recompute each touched review's grants once, at the end of the block, not after every write.

    For writes of many rows at once (an imported action plan, demo or test data): every row would
    otherwise recompute its whole review. Inside the block the grants lag behind the rows, so
    nothing in it may rely on them. Nested blocks join the outermost one. If the block raises,
    nothing is synced: its transaction is being rolled back anyway.
    """
    if _pending_review_syncs.get() is not None:
        yield
        return
    pending: set = set()
    token = _pending_review_syncs.set(pending)
    try:
        yield
    finally:
        _pending_review_syncs.reset(token)
    from reviews.models import Review

    reviews_permissions_sync(Review.objects.filter(pk__in=pending).order_by("pk"))


@transaction.atomic
def review_permissions_sync(review) -> None:
    """Recompute the grants of a review and of its findings, recommendations, plans and actions."""
    pending = _pending_review_syncs.get()
    if pending is not None:
        pending.add(review.pk)
        return
    from actions.models import Action, ActionPlan
    from reviews.models import Finding, Recommendation, Review

    grants = _wanted_grants(review)
    scopes = {
        Review: Review.objects.filter(pk=review.pk),
        Finding: Finding.objects.filter(review=review),
        Recommendation: Recommendation.objects.filter(review=review),
        ActionPlan: ActionPlan.objects.filter(review=review),
        Action: Action.objects.filter(plan__review=review),
    }
    for model, scope in scopes.items():
        _apply(model.group_permissions.field.model, "group_id", scope, grants.groups[model])
        _apply(model.user_permissions.field.model, "user_id", scope, grants.users[model])


def reviews_permissions_sync(reviews) -> None:
    for review in reviews.select_related("partnership"):
        review_permissions_sync(review)
