"""Partnerships, their agencies and the people in them, with the groups their roles put them in."""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.models import Group

from actions.reminder_models import ReminderPolicy
from agencies.models import Agency, AgencyKind, Membership, Nation, Partnership, Role, User

from .rows import insert_rows

AGENCIES_PER_PARTNERSHIP = 6
OWNERS_PER_AGENCY = 8
AGENCY_KINDS = (
    AgencyKind.CHILDRENS_SOCIAL_CARE,
    AgencyKind.POLICE,
    AgencyKind.HEALTH,
    AgencyKind.EDUCATION,
    AgencyKind.HOUSING,
    AgencyKind.PROBATION,
)
NOON = datetime.time(12, tzinfo=datetime.UTC)


def at_noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, NOON)


@dataclass
class AgencyRows:
    pk: int
    group_id: int
    lead_id: int
    owner_ids: list[int]


@dataclass
class PartnershipRows:
    pk: int
    number: int
    nation: str
    panel_group_id: int
    readers_group_id: int
    chair_id: int
    board_id: int
    agencies: list[AgencyRows]


def _user(username: str, joined: datetime.datetime, active: bool = True) -> User:
    # Unusable password: measurements sign people in without one.
    return User(
        username=username,
        first_name="Officer",
        last_name=username,
        email=f"{username}@example.org",
        password="!",  # noqa: S106
        is_active=active,
        date_joined=joined,
    )


def _with_groups(partnerships: list[Partnership], agencies: list[Agency]) -> None:
    """The groups `agencies.permissions` would have made, named as it names them."""
    groups = Group.objects.bulk_create(
        [Group(name=f"partnership-{p.pk}-{kind}") for p in partnerships for kind in ("panel", "readers")]
        + [Group(name=f"agency-{a.pk}") for a in agencies]
    )
    by_name = {group.name: group for group in groups}
    for partnership in partnerships:
        partnership.panel_group = by_name[f"partnership-{partnership.pk}-panel"]
        partnership.readers_group = by_name[f"partnership-{partnership.pk}-readers"]
    for agency in agencies:
        agency.group = by_name[f"agency-{agency.pk}"]
    Partnership.objects.bulk_update(partnerships, ["panel_group", "readers_group"])
    Agency.objects.bulk_update(agencies, ["group"])


def people_and_places(
    count: int, first_number: int, today: datetime.date, rng: random.Random
) -> list[PartnershipRows]:
    """`count` partnerships numbered from `first_number`, each with six agencies, a panel chair, a board
    member, an agency lead and eight action owners per agency (2% of owners have left)."""
    joined = at_noon(today - datetime.timedelta(days=3650))
    numbers = range(first_number, first_number + count)
    partnerships = Partnership.objects.bulk_create(
        [
            Partnership(
                name=f"Bench partnership {n}",
                slug=f"bench-partnership-{n}",
                nation=Nation.WALES if n % 10 == 9 else Nation.ENGLAND,
            )
            for n in numbers
        ]
    )
    agencies = Agency.objects.bulk_create(
        [
            Agency(partnership=p, name=f"{kind.label} {n}", short_name=kind.value[:12], kind=kind)
            for n, p in zip(numbers, partnerships, strict=True)
            for kind in AGENCY_KINDS
        ]
    )
    _with_groups(partnerships, agencies)

    users = []
    for n in numbers:
        users += [_user(f"chair-{n}", joined), _user(f"board-{n}", joined)]
    for agency in agencies:
        users.append(_user(f"lead-{agency.pk}", joined))
        users += [
            _user(f"owner-{agency.pk}-{k}", joined, rng.random() > 0.02) for k in range(OWNERS_PER_AGENCY)
        ]
    users = {u.username: u for u in User.objects.bulk_create(users, batch_size=5000)}

    memberships, in_groups, result = [], [], {}
    for n, partnership in zip(numbers, partnerships, strict=True):
        chair, board = users[f"chair-{n}"], users[f"board-{n}"]
        memberships += [
            Membership(user=chair, partnership=partnership, role=Role.PANEL_CHAIR),
            Membership(user=board, partnership=partnership, role=Role.BOARD_MEMBER),
        ]
        in_groups += [(chair.pk, partnership.panel_group_id), (board.pk, partnership.readers_group_id)]
        result[partnership.pk] = PartnershipRows(
            partnership.pk,
            n,
            partnership.nation,
            partnership.panel_group_id,
            partnership.readers_group_id,
            chair.pk,
            board.pk,
            [],
        )
    for agency in agencies:
        lead = users[f"lead-{agency.pk}"]
        owners = [users[f"owner-{agency.pk}-{k}"] for k in range(OWNERS_PER_AGENCY)]
        memberships.append(
            Membership(user=lead, partnership_id=agency.partnership_id, agency=agency, role=Role.AGENCY_LEAD)
        )
        memberships += [
            Membership(user=o, partnership_id=agency.partnership_id, agency=agency, role=Role.ACTION_OWNER)
            for o in owners
        ]
        in_groups += [(person.pk, agency.group_id) for person in (lead, *owners)]
        result[agency.partnership_id].agencies.append(
            AgencyRows(agency.pk, agency.group_id, lead.pk, [o.pk for o in owners])
        )
    Membership.objects.bulk_create(memberships, batch_size=5000)
    insert_rows(User.groups.through, ("user_id", "group_id"), in_groups)
    ReminderPolicy.objects.bulk_create(
        [
            ReminderPolicy(
                partnership=partnership,
                due_soon_days=[28, 7],
                escalate_after_days=21,
                drift_days=45,
                deadline_warning_days=5,
                email_required=["long_overdue", "review_deadline"],
            )
            for n, partnership in zip(numbers, partnerships, strict=True)
            if n % 10 == 4
        ]
    )
    return list(result.values())
