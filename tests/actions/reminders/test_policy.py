"""Each partnership's reminder policy: its own row, or the defaults."""

from django.db.models import Q

from actions.models import Action, ReminderKind, ReminderPolicy
from actions.reminders.policy import (
    Policy,
    all_policies,
    default_policy,
    policies_by_partnership,
    policy_for,
)
from tests.factories import PartnershipFactory

BUILT_IN = Policy(
    due_soon_days=(14, 3),
    escalate_after_days=28,
    drift_days=60,
    deadline_warning_days=5,
    email_required=frozenset({"long_overdue", "review_deadline"}),
)


def test_the_built_in_defaults(settings):
    if hasattr(settings, "REMINDER_DEFAULTS"):
        del settings.REMINDER_DEFAULTS

    assert default_policy() == BUILT_IN


def test_settings_change_the_defaults(settings):
    settings.REMINDER_DEFAULTS = {"drift_days": 30, "due_soon_days": [7], "not_a_field": 1}

    policy = default_policy()

    assert (policy.drift_days, policy.due_soon_days, policy.escalate_after_days) == (30, (7,), 28)


def test_a_partnership_without_a_row_has_the_defaults(world):
    assert policy_for(world.south.pk) == default_policy()


def test_a_partnership_with_a_row_has_its_own(world):
    ReminderPolicy.objects.filter(partnership=world.north).update(
        due_soon_days=[3, 10],
        escalate_after_days=14,
        drift_days=30,
        deadline_warning_days=2,
        email_required=["overdue"],
    )

    policy = policy_for(world.north.pk)

    assert policy == Policy(
        due_soon_days=(10, 3),
        escalate_after_days=14,
        drift_days=30,
        deadline_warning_days=2,
        email_required=frozenset({ReminderKind.OVERDUE}),
    )


def test_odd_values_in_a_row_are_tidied_or_ignored(world):
    ReminderPolicy.objects.filter(partnership=world.north).update(
        due_soon_days=[3, "14", 14, "soon", 0, -2, None], email_required=["drift", "fax", 7]
    )

    policy = policy_for(world.north.pk)

    assert policy.due_soon_days == (14, 3)
    assert policy.email_required == frozenset({"drift"})


def test_an_empty_list_of_due_soon_days_means_none(world):
    ReminderPolicy.objects.filter(partnership=world.north).update(due_soon_days=[])

    assert policy_for(world.north.pk).due_soon_days == ()


def test_policies_by_partnership_in_one_query(world, django_assert_num_queries):
    ReminderPolicy.objects.filter(partnership=world.north).update(drift_days=30)

    with django_assert_num_queries(1):
        policies = policies_by_partnership([world.north.pk, world.south.pk])

    assert policies[world.north.pk].drift_days == 30
    assert policies[world.south.pk] == default_policy()


def test_policies_by_partnership_of_nothing_asks_nothing(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert policies_by_partnership([]) == {}


def test_policies_are_grouped_so_each_distinct_policy_is_one_group(world):
    third = ReminderPolicy.objects.create(
        partnership=PartnershipFactory(name="Westmoor Safeguarding Children Partnership"),
        due_soon_days=[14, 3],
        email_required=["long_overdue", "review_deadline"],
    )

    policies = all_policies()
    groups = policies.groups()

    # North's row differs from the defaults (nothing forced by e-mail); Westmoor's equals them.
    assert policies[third.partnership_id] == default_policy()
    assert policies[world.north.pk].email_required == frozenset()
    assert len(groups) == 2
    default_group, north_group = groups
    assert default_group.policy == default_policy()
    assert north_group.partnership_ids == {world.north.pk}

    def action_ids(condition) -> set[int]:
        return set(Action.objects.filter(condition).values_list("pk", flat=True))

    north_actions = action_ids(Q(plan__review__partnership=world.north))
    assert action_ids(north_group.filter("plan__review__partnership")) == north_actions
    assert action_ids(default_group.filter("plan__review__partnership")) == action_ids(Q()) - north_actions


def test_without_rows_there_is_one_group_for_everyone(db):
    groups = all_policies().groups()

    assert len(groups) == 1
    assert groups[0].filter("plan__review__partnership") == Q()
