"""Realistic data for measurements, written straight into the tables in seconds.

Two sizes, around a given day:

- `ONE_PARTNERSHIP`: one partnership with 200 reviews and 6,000 actions;
- `NATIONAL`: every partnership in England and Wales for ten years: 150 partnerships, 20,000 reviews,
  500,000 actions and 2,000,000 progress updates. Its first partnership is exactly the one of
  `ONE_PARTNERSHIP` (same seed, same ids, same people), so the same person can be measured at both sizes
  and only the rest of the country differs.

Each partnership has six agencies, a panel chair, a board member, and a lead and eight action owners per
agency. Reviews are spread over ten years (older than two and a half years: closed), coded by the
national analysis (`bench/coding.py`), with three to nine findings (themes weighted towards those
learning briefs name most), a recommendation to each agency with an action plan and up to two to the
partnership, and actions answering them:

- actions: about 70% verified or superseded, 11% awaiting verification, 20% open; open actions belong to
  open reviews, their target dates run from two years ago to two and a half years ahead; 10% have a
  revised date; 5% have no owner; 2% of owners have left (inactive);
- progress updates: four per action on average (none for about one in nine), dated between the action's
  start and its completion or today;
- reminder policies: every tenth partnership has its own, the rest use the defaults.

Small tables go through `bulk_create`; the large ones by PostgreSQL's COPY (`bench/rows.py`), or
`executemany` on SQLite. No signals run: the groups and object permissions the roles call for are
written in bulk (`bench/grants.py`), and the deadlines each review has met are stored once at the end.
There are no history rows. Names are pseudonyms only.
"""

import datetime
import random
import time
from dataclasses import dataclass, replace

from agencies.models import User
from reviews.clock.stored import store_all_met_deadlines

from .casework import Casework, Counts, Shape
from .people import AGENCIES_PER_PARTNERSHIP, people_and_places
from .rows import analyse, reset_sequences

SEED = 20_26
ONE_PARTNERSHIP = Shape(partnerships=1, reviews=200, actions=6_000, progress_updates=24_000)
NATIONAL = Shape(partnerships=150, reviews=20_000, actions=500_000, progress_updates=2_000_000)
SIZES = {"partnership": ONE_PARTNERSHIP, "national": NATIONAL}


@dataclass(frozen=True)
class Generated:
    """How many rows of each kind were written."""

    partnerships: int
    agencies: int
    users: int
    counts: Counts
    seconds: float = 0.0

    def __getattr__(self, name):
        return getattr(self.counts, name)

    def summary(self) -> str:
        c = self.counts
        return (
            f"{self.partnerships} partnerships, {self.agencies:,} agencies, {self.users:,} people, "
            f"{c.reviews:,} reviews ({c.open_reviews:,} open), {c.findings:,} findings, "
            f"{c.recommendations:,} recommendations, {c.plans:,} plans, {c.actions:,} actions "
            f"({c.open_actions:,} open), {c.progress_updates:,} progress updates, "
            f"{c.permissions:,} object permissions, in {self.seconds:.1f} s"
        )


def national(actions: int) -> Shape:
    """The national proportions for any number of actions (at least those of one partnership)."""
    ratio = actions / NATIONAL.actions
    return Shape(
        partnerships=max(2, round(NATIONAL.partnerships * ratio)),
        reviews=max(ONE_PARTNERSHIP.reviews + 10, round(NATIONAL.reviews * ratio)),
        actions=max(actions, ONE_PARTNERSHIP.actions + 300),
        progress_updates=max(
            ONE_PARTNERSHIP.progress_updates + 1_200, round(NATIONAL.progress_updates * ratio)
        ),
    )


def _parts(shape: Shape) -> list[Shape]:
    """The measured partnership first, then the rest of the country in batches of about 25 partnerships
    (so no batch holds millions of rows in memory at once)."""
    if shape == ONE_PARTNERSHIP:
        return [ONE_PARTNERSHIP]
    rest = Shape(
        partnerships=shape.partnerships - 1,
        reviews=shape.reviews - ONE_PARTNERSHIP.reviews,
        actions=shape.actions - ONE_PARTNERSHIP.actions,
        progress_updates=shape.progress_updates - ONE_PARTNERSHIP.progress_updates,
    )
    batches = max(1, round(rest.partnerships / 25))
    parts = [ONE_PARTNERSHIP]
    for k in range(batches):

        def share(total: int, k=k) -> int:
            return total * (k + 1) // batches - total * k // batches

        parts.append(
            replace(rest, **{name: share(getattr(rest, name)) for name in rest.__dataclass_fields__})
        )
    return parts


def generate(*, shape: Shape = NATIONAL, today: datetime.date, seed: int = SEED) -> Generated:
    """Write the data set (see the module docstring) around `today`; the counts written."""
    started = time.perf_counter()
    counts = Counts()
    partnerships = 0
    for index, part in enumerate(_parts(shape)):
        # Each part has its own seed, so the first partnership is the same whatever follows it.
        rng = random.Random(seed + index)  # noqa: S311 - a reproducible spread, not a secret
        places = people_and_places(part.partnerships, partnerships, today, rng)
        counts.add(Casework(today, rng).write(places, part))
        partnerships += part.partnerships
    from actions.models import Action, ActionPlan, ProgressUpdate
    from reviews.models import Finding, Recommendation, Review

    reset_sequences(Review, ActionPlan, Finding, Recommendation, Action, ProgressUpdate)
    store_all_met_deadlines()
    analyse()
    return Generated(
        partnerships=partnerships,
        agencies=partnerships * AGENCIES_PER_PARTNERSHIP,
        users=User.objects.count(),
        counts=counts,
        seconds=time.perf_counter() - started,
    )
