"""The object permissions of generated data, written in bulk.

The rules are those of `agencies.permissions._wanted_grants`: the partnership's panel group reads and
changes everything, its readers group reads everything; an agency's group reads a review it has a plan
in, the findings that concern it and the recommendations addressed to it (those to the partnership in
the reviews it reads), and reads and changes its own plans and actions. Generated data has no lead
reviewers, so no grant to a person. `tests/bench/test_generate.py` checks these rows against what
`review_permissions_sync` computes for the same reviews.
"""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from actions.models import Action, ActionPlan
from reviews.models import Finding, Recommendation, Review

from .rows import insert_rows

MODELS = (Review, Finding, Recommendation, ActionPlan, Action)
READ = ("view",)
READ_WRITE = ("view", "change")


class GrantRows:
    """Group permission rows, gathered per model and written with `write()`."""

    def __init__(self):
        content_types = ContentType.objects.get_for_models(*MODELS)
        self.permission_ids = {}
        for model in MODELS:
            for pk, codename in Permission.objects.filter(content_type=content_types[model]).values_list(
                "pk", "codename"
            ):
                self.permission_ids[(model, codename.split("_", 1)[0])] = pk
        self.rows = {model: [] for model in MODELS}

    def _grant(self, model, group_ids, obj_id: int, actions) -> None:
        rows = self.rows[model]
        for group_id in group_ids:
            for action in actions:
                rows.append((group_id, self.permission_ids[(model, action)], obj_id))

    def _partnership(self, model, partnership, obj_id: int) -> None:
        self._grant(model, [partnership.panel_group_id], obj_id, READ_WRITE)
        self._grant(model, [partnership.readers_group_id], obj_id, READ)

    def review(self, partnership, review_id: int, involved_groups) -> None:
        self._partnership(Review, partnership, review_id)
        self._grant(Review, involved_groups, review_id, READ)

    def finding(self, partnership, finding_id: int, agency_groups) -> None:
        self._partnership(Finding, partnership, finding_id)
        self._grant(Finding, agency_groups, finding_id, READ)

    def recommendation(self, partnership, recommendation_id: int, addressed_groups) -> None:
        self._partnership(Recommendation, partnership, recommendation_id)
        self._grant(Recommendation, addressed_groups, recommendation_id, READ)

    def plan(self, partnership, plan_id: int, agency_group: int) -> None:
        self._partnership(ActionPlan, partnership, plan_id)
        self._grant(ActionPlan, [agency_group], plan_id, READ_WRITE)

    def action(self, partnership, action_id: int, agency_group: int) -> None:
        self._partnership(Action, partnership, action_id)
        self._grant(Action, [agency_group], action_id, READ_WRITE)

    def write(self) -> int:
        """Write the gathered rows and forget them; how many were written."""
        written = 0
        for model, rows in self.rows.items():
            table = model.group_permissions.field.model
            written += insert_rows(table, ("group_id", "permission_id", "content_object_id"), rows)
            rows.clear()
        return written
