"""Registering a review from a serious incident notification (reviews.registration)."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from agencies.models import Role
from reviews.models import Review, ReviewKind, Stage
from reviews.registration import partnerships_for_registering, review_register
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def answers(**changes) -> dict:
    return {
        "reference": "RR-2025-001",
        "kind": ReviewKind.RAPID_REVIEW,
        "title": "Serious injury to a baby",
        "pseudonym": "Child QX",
        "incident_on": datetime.date(2025, 3, 3),
        "aware_on": datetime.date(2025, 3, 4),
        "notified_on": datetime.date(2025, 3, 7),
        "background": "A baby was admitted to hospital with a head injury.",
    } | changes


def test_registers_the_review_at_the_notified_stage(world, panel_chair):
    review = review_register(partnership=world.north, by=panel_chair, **answers())

    review.refresh_from_db()
    assert review.partnership == world.north
    assert review.status == Stage.NOTIFIED
    assert (review.reference, review.kind, review.pseudonym) == ("RR-2025-001", "rapid_review", "Child QX")
    assert review.notified_on == datetime.date(2025, 3, 7)


def test_history_names_the_person_who_registered_it(world, panel_member):
    review = review_register(partnership=world.north, by=panel_member, **answers())

    created = review.history.get(history_type="+")
    assert created.history_user == panel_member


def test_registered_review_is_seen_by_the_panel_and_board_not_by_agencies(world, panel_chair):
    review = review_register(partnership=world.north, by=panel_chair, **answers())

    assert Review.objects.changeable_by(world.panel_member).filter(pk=review.pk).exists()
    assert Review.objects.visible_to(world.board_member).filter(pk=review.pk).exists()
    assert not Review.objects.visible_to(world.csc_lead).filter(pk=review.pk).exists()
    assert not Review.objects.visible_to(world.outsider).filter(pk=review.pk).exists()


def test_notification_may_be_registered_before_it_is_sent(world, partnership_admin):
    review = review_register(
        partnership=world.north, by=partnership_admin, **answers(notified_on=None, background="")
    )

    assert review.notified_on is None
    assert review.status == Stage.NOTIFIED


def test_duplicate_reference_is_refused_beside_the_reference(world, panel_chair):
    with pytest.raises(ValidationError) as refused:
        review_register(partnership=world.north, by=panel_chair, **answers(reference="REF-A"))

    assert refused.value.message_dict == {
        "reference": ["This partnership already has a review with this reference."]
    }
    assert not Review.objects.filter(title="Serious injury to a baby").exists()


def test_a_reference_taken_between_the_check_and_the_save_is_refused_beside_the_reference(
    world, panel_chair, monkeypatch
):
    from reviews import registration

    build = registration.review_build

    def build_then_someone_else_saves_it_first(**kwargs):
        review = build(**kwargs)
        Review.objects.create(
            partnership=world.north, reference=review.reference, kind=review.kind, title="Taken"
        )
        return review

    monkeypatch.setattr(registration, "review_build", build_then_someone_else_saves_it_first)

    with pytest.raises(ValidationError) as refused:
        review_register(partnership=world.north, by=panel_chair, **answers())

    assert refused.value.message_dict == {
        "reference": ["This partnership already has a review with this reference."]
    }
    assert not Review.objects.filter(title="Serious injury to a baby").exists()


def test_same_reference_in_another_partnership_is_fine(world, outsider):
    review = review_register(partnership=world.south, by=outsider, **answers(reference="REF-A"))

    assert review.partnership == world.south


@pytest.mark.parametrize(
    ("dates", "field", "message"),
    [
        (
            {"incident_on": datetime.date(2025, 3, 5), "aware_on": datetime.date(2025, 3, 4)},
            "aware_on",
            "The local authority cannot become aware before the incident.",
        ),
        (
            {"aware_on": datetime.date(2025, 3, 4), "notified_on": datetime.date(2025, 3, 3)},
            "notified_on",
            "The notification cannot come before the local authority became aware.",
        ),
    ],
)
def test_dates_out_of_order_give_the_models_message_and_create_nothing(
    world, panel_chair, dates, field, message
):
    with pytest.raises(ValidationError) as refused:
        review_register(partnership=world.north, by=panel_chair, **answers(**dates))

    assert refused.value.message_dict[field] == [message]
    assert not Review.objects.filter(reference="RR-2025-001").exists()


def test_missing_title_is_refused(world, panel_chair):
    with pytest.raises(ValidationError) as refused:
        review_register(partnership=world.north, by=panel_chair, **answers(title="  "))

    assert "title" in refused.value.message_dict


@pytest.mark.parametrize("persona", ["board_member", "scrutineer", "csc_lead", "lead_reviewer", "no_roles"])
def test_only_panel_staff_register(world, persona):
    with pytest.raises(PermissionDenied):
        review_register(partnership=world.north, by=world.people[persona], **answers())

    assert not Review.objects.filter(reference="RR-2025-001").exists()


def test_panel_staff_register_only_for_their_own_partnership(world, outsider):
    with pytest.raises(PermissionDenied):
        review_register(partnership=world.north, by=outsider, **answers())


def test_partnerships_for_registering_are_those_where_the_person_is_panel_staff(world):
    both = MembershipFactory(partnership=world.north, role=Role.PANEL_MEMBER).user
    MembershipFactory(user=both, partnership=world.south, role=Role.PARTNERSHIP_ADMIN)
    board_here_panel_there = MembershipFactory(partnership=world.north, role=Role.BOARD_MEMBER).user
    MembershipFactory(user=board_here_panel_there, partnership=world.south, role=Role.PANEL_CHAIR)

    assert list(partnerships_for_registering(world.panel_chair)) == [world.north]
    assert list(partnerships_for_registering(both)) == [world.north, world.south]
    assert list(partnerships_for_registering(board_here_panel_there)) == [world.south]
    for persona in ("board_member", "scrutineer", "csc_lead", "lead_reviewer", "no_roles"):
        assert not partnerships_for_registering(world.people[persona]).exists()
    assert not partnerships_for_registering(AnonymousUser()).exists()
