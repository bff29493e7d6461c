"""Each partnership's reminder policy: its ReminderPolicy row, or the defaults where it has none.

The defaults are settings.REMINDER_DEFAULTS when given (a mapping of any of Policy's field names, e.g.
`{"drift_days": 30}`), else the figures below. A row is read as it stands: an empty list of due-soon
days means the partnership wants no due-soon reminders, an empty e-mail list that nothing is forced.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace

from django.conf import settings
from django.db.models import Q

from actions.reminder_models import ReminderKind, ReminderPolicy


def _days(value) -> tuple[int, ...]:
    """Whole positive days, largest first and each once, from whatever a JSON field holds."""
    values = value if isinstance(value, list | tuple | set | frozenset) else [value]
    days = set()
    for item in values:
        try:
            number = int(item)
        except (TypeError, ValueError):
            continue  # a stray entry in the JSON list is ignored rather than breaking every sweep
        if number > 0:
            days.add(number)
    return tuple(sorted(days, reverse=True))


def _kinds(value) -> frozenset[str]:
    """The known kinds of reminder among `value`; anything else is ignored."""
    values = value if isinstance(value, list | tuple | set | frozenset) else [value]
    return frozenset(str(item) for item in values if item in ReminderKind.values)


@dataclass(frozen=True)
class Policy:
    """When reminders fall due for one partnership, and which kinds always go by e-mail."""

    due_soon_days: tuple[int, ...] = (14, 3)
    escalate_after_days: int = 28
    drift_days: int = 60
    deadline_warning_days: int = 5
    email_required: frozenset[str] = field(
        default_factory=lambda: frozenset(
            {ReminderKind.LONG_OVERDUE.value, ReminderKind.REVIEW_DEADLINE.value}
        )
    )

    def __post_init__(self):
        # Normalised here so two equal policies compare (and group) equal however they were written.
        object.__setattr__(self, "due_soon_days", _days(self.due_soon_days))
        object.__setattr__(self, "email_required", _kinds(self.email_required))


_POLICY_FIELDS = frozenset(f.name for f in fields(Policy))


def default_policy() -> Policy:
    """The built-in defaults, with settings.REMINDER_DEFAULTS over them when set."""
    overrides = getattr(settings, "REMINDER_DEFAULTS", None) or {}
    return replace(Policy(), **{name: value for name, value in overrides.items() if name in _POLICY_FIELDS})


def _from_row(row: ReminderPolicy) -> Policy:
    return Policy(
        due_soon_days=row.due_soon_days,
        escalate_after_days=row.escalate_after_days,
        drift_days=row.drift_days,
        deadline_warning_days=row.deadline_warning_days,
        email_required=row.email_required,
    )


def policy_for(partnership_id: int) -> Policy:
    """The partnership's policy (one query)."""
    row = ReminderPolicy.objects.filter(partnership_id=partnership_id).first()
    return _from_row(row) if row is not None else default_policy()


def policies_by_partnership(ids: Iterable[int]) -> dict[int, Policy]:
    """{partnership id: policy} for every id given, in one query (none when no ids are given)."""
    ids = set(ids)
    if not ids:
        return {}
    rows = {row.partnership_id: row for row in ReminderPolicy.objects.filter(partnership_id__in=ids)}
    default = default_policy()
    return {pk: _from_row(rows[pk]) if pk in rows else default for pk in ids}


@dataclass(frozen=True)
class PolicyGroup:
    """Partnerships that share one policy: those listed, or (for the defaults) all but those excluded."""

    policy: Policy
    partnership_ids: frozenset[int] = frozenset()
    excluded_ids: frozenset[int] = frozenset()
    is_default: bool = False

    def filter(self, partnership_path: str) -> Q:
        """A filter on `partnership_path` (e.g. "plan__review__partnership") for this group's partnerships."""
        if self.is_default:
            return ~Q(**{f"{partnership_path}__in": self.excluded_ids}) if self.excluded_ids else Q()
        return Q(**{f"{partnership_path}__in": self.partnership_ids})


@dataclass(frozen=True)
class Policies:
    """Every partnership's policy, from one query: the rows that differ from the defaults, and the defaults.

    The sweep runs one query per kind and group, so its number of queries grows with the number of
    distinct policies, never with the number of partnerships or actions.
    """

    default: Policy
    own: Mapping[int, Policy]

    def __getitem__(self, partnership_id: int) -> Policy:
        return self.own.get(partnership_id, self.default)

    def groups(self) -> list[PolicyGroup]:
        by_policy: dict[Policy, set[int]] = {}
        for partnership_id, policy in self.own.items():
            by_policy.setdefault(policy, set()).add(partnership_id)
        groups = [PolicyGroup(self.default, excluded_ids=frozenset(self.own), is_default=True)]
        groups += [PolicyGroup(policy, partnership_ids=frozenset(ids)) for policy, ids in by_policy.items()]
        return groups


def all_policies() -> Policies:
    """Every partnership's policy (one query). Rows equal to the defaults join the default group."""
    default = default_policy()
    own = {}
    for row in ReminderPolicy.objects.order_by("partnership_id"):
        policy = _from_row(row)
        if policy != default:
            own[row.partnership_id] = policy
    return Policies(default=default, own=own)
