"""The computed RAG: the rules by example, and the SQL form agreeing with the Python form in every case."""

import datetime
import itertools

import pytest
from django.test import override_settings

from actions.choices import Rag, Status
from actions.models import Action
from actions.rag import computed_rag, effective_rag

from ..factories import ActionFactory, UserFactory

TODAY = datetime.date(2026, 11, 23)


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.mark.parametrize(
    ("status", "due_on", "revised", "expected"),
    [
        (Status.IN_PROGRESS, days(-1), False, Rag.RED),  # late
        (Status.NOT_STARTED, days(-40), True, Rag.RED),  # late even after a revision
        (Status.NOT_ACHIEVED, days(90), False, Rag.RED),
        (Status.NOT_STARTED, days(30), False, Rag.AMBER),  # due soon and not started
        (Status.NOT_STARTED, days(31), False, Rag.GREEN),
        (Status.IN_PROGRESS, days(5), False, Rag.GREEN),  # due soon but under way
        (Status.IN_PROGRESS, days(90), True, Rag.AMBER),  # it has slipped once
        (Status.IN_PROGRESS, days(0), False, Rag.GREEN),  # due today is not late
        (Status.AWAITING_VERIFICATION, days(-100), False, Rag.GREEN),  # done, however late
        (Status.VERIFIED, days(-100), True, Rag.GREEN),
        (Status.SUPERSEDED, days(-1), False, Rag.GREEN),
    ],
)
def test_the_rules_by_example(status, due_on, revised, expected):
    assert computed_rag(status=status, due_on=due_on, revised=revised, today=TODAY) == expected


@override_settings(RAG_AMBER_WITHIN_DAYS=7)
def test_the_amber_window_is_a_setting():
    assert computed_rag(status=Status.NOT_STARTED, due_on=days(10), revised=False, today=TODAY) == Rag.GREEN
    assert computed_rag(status=Status.NOT_STARTED, due_on=days(7), revised=False, today=TODAY) == Rag.AMBER


@pytest.mark.django_db
def test_the_database_computes_the_same_rating_as_python_in_every_case():
    plan = ActionFactory().plan
    verifier = UserFactory()
    verified_at = datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC)
    cases = itertools.product(
        Status.values, (-31, -1, 0, 1, 29, 30, 31, 200), (False, True), ("", Rag.RED, Rag.GREEN)
    )
    made = Action.objects.bulk_create(
        Action(
            plan=plan,
            number=f"c{n}",
            description="An action",
            status=status,
            target_date=days(offset - 60) if revised else days(offset),
            revised_target_date=days(offset) if revised else None,
            revision_reason="Slipped" if revised else "",
            rag_override=override,
            rag_override_reason="Agreed at panel" if override else "",
            verified_by=verifier if status == Status.VERIFIED else None,
            verified_at=verified_at if status == Status.VERIFIED else None,
        )
        for n, (status, offset, revised, override) in enumerate(cases)
    )

    rows = Action.objects.filter(number__startswith="c").with_rag(TODAY)
    disagreements = [
        (a.number, a.rag, effective_rag(a, TODAY)) for a in rows if a.rag != effective_rag(a, TODAY)
    ]

    assert len(rows) == len(made) == 6 * 8 * 2 * 3
    assert not disagreements


@pytest.mark.django_db
def test_an_override_wins_over_the_computed_rating():
    action = ActionFactory(
        status=Status.IN_PROGRESS,
        target_date=days(-10),
        rag_override=Rag.AMBER,
        rag_override_reason="Nearly done",
    )

    assert effective_rag(action, TODAY) == Rag.AMBER
    assert Action.objects.with_rag(TODAY).get(pk=action.pk).rag == Rag.AMBER
