"""The statutory clock of a review: working days, the rule table and every deadline that follows."""

from .deadlines import (
    DUE,
    MET,
    MET_LATE,
    NOT_STARTED,
    OVERDUE,
    Deadline,
    Timeliness,
    deadlines_for,
    next_deadline,
    timeliness,
)
from .rules import RULES, Rule, Unit, rules_for
from .working_days import (
    bank_holidays,
    is_working_day,
    working_days_after,
    working_days_before,
    working_days_between,
)

__all__ = [
    "DUE",
    "MET",
    "MET_LATE",
    "NOT_STARTED",
    "OVERDUE",
    "RULES",
    "Deadline",
    "Rule",
    "Timeliness",
    "Unit",
    "bank_holidays",
    "deadlines_for",
    "is_working_day",
    "next_deadline",
    "rules_for",
    "timeliness",
    "working_days_after",
    "working_days_before",
    "working_days_between",
]
