"""A national-size data set for measurements, written straight into the tables in seconds.

`generate(actions=500_000, today=...)` builds, around `today`: partnerships with six agencies each, a lead
and eight action owners per agency, a panel chair and a board member per partnership, reviews over ten
years (the older ones closed), action plans, actions and progress updates. The spread is fixed by a seed:

- actions: about 70% verified or superseded, 11% awaiting verification, 20% open; open actions belong to
  open reviews, their target dates run from two years ago to two and a half years ahead; 10% have a
  revised date; 5% have no owner; 2% of owners have left (inactive);
- progress updates: one to five for half of the open actions (drift must look at them), one for an
  eighth of the done ones;
- reminder policies: every tenth partnership has its own (due soon [28, 7], escalation after 21 days,
  drift after 45), the rest use the defaults.

Small tables go through `bulk_create`; the large ones (reviews, plans, actions, progress updates) are
written with explicit ids by PostgreSQL's COPY, or `executemany` on SQLite. No signals run, so there are
no object permissions and no history rows: the reminder sweep needs neither. The deadlines each review
has met, which a review's save would store, are stored once at the end. Names are pseudonyms only.
"""

import datetime
import io
import random
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max

from actions.choices import Rag, Status
from actions.models import Action, ActionPlan, ProgressUpdate
from actions.reminder_models import ReminderPolicy
from agencies.models import Agency, AgencyKind, Membership, Nation, Partnership, Role, User
from reviews.clock.stored import store_all_met_deadlines
from reviews.models import Decision, Review, ReviewKind, Stage

SEED = 20_26
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
COPY_CHUNK = 100_000
NOON = datetime.time(12, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class Generated:
    """How many rows of each kind were written."""

    partnerships: int
    agencies: int
    users: int
    reviews: int
    open_reviews: int
    plans: int
    actions: int
    open_actions: int
    progress_updates: int
    seconds: float = 0.0


def scale(actions: int) -> dict[str, int]:
    """The national proportions (150 partnerships, 20,000 reviews for 500,000 actions) for any size."""
    return {
        "partnerships": max(3, round(150 * actions / 500_000)),
        "reviews": max(10, round(20_000 * actions / 500_000)),
    }


# --- writing rows ---------------------------------------------------------------------------------------


def _copy_text(value) -> str:
    # Our own values never hold tabs, newlines or backslashes, so no escaping is needed.
    if value is None:
        return "\\N"
    return str(value)


def _sqlite_value(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def insert_rows(model, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """Write `rows` (tuples in the order of `columns`, field names) into the model's table; how many."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(model._meta.get_field(name).column) for name in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor
            sql = f"COPY {table} ({names}) FROM STDIN"
            chunk = io.StringIO()
            pending = 0
            for row in rows:
                chunk.write("\t".join(_copy_text(value) for value in row))
                chunk.write("\n")
                pending += 1
                if pending == COPY_CHUNK:
                    _copy(raw, sql, chunk)
                    count += pending
                    chunk, pending = io.StringIO(), 0
            if pending:
                _copy(raw, sql, chunk)
                count += pending
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            values = [tuple(_sqlite_value(value) for value in row) for row in rows]
            # Table and column names come from the models, never from input.
            insert = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608
            cursor.executemany(insert, values)
            count = len(values)
    return count


def _copy(raw_cursor, sql: str, chunk: io.StringIO) -> None:
    chunk.seek(0)
    if hasattr(raw_cursor, "copy_expert"):  # psycopg2
        raw_cursor.copy_expert(sql, chunk)
    else:  # psycopg 3
        with raw_cursor.copy(sql) as copy:
            copy.write(chunk.getvalue())


def _next_id(model) -> int:
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def _reset_sequences(*models) -> None:
    """After explicit ids, the next ordinary insert must not collide with them."""
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


# --- the data set -----------------------------------------------------------------------------------------


@dataclass
class _Agency:
    pk: int
    partnership_id: int
    lead_id: int
    owner_ids: list[int]


@dataclass
class _Partnership:
    pk: int
    nation: str
    chair_id: int
    agencies: list[_Agency]


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, NOON)


def _people_and_places(count: int, today: datetime.date, rng: random.Random) -> list[_Partnership]:
    joined = _at(today - datetime.timedelta(days=3650))
    partnerships = Partnership.objects.bulk_create(
        [
            Partnership(
                name=f"Bench partnership {n}",
                slug=f"bench-partnership-{n}",
                nation=Nation.WALES if n % 10 == 9 else Nation.ENGLAND,
            )
            for n in range(count)
        ],
        batch_size=5000,
    )
    agencies = Agency.objects.bulk_create(
        [
            Agency(
                partnership=partnership,
                name=f"{kind.label} {p}",
                short_name=kind.value[:12],
                kind=kind,
            )
            for p, partnership in enumerate(partnerships)
            for kind in AGENCY_KINDS
        ],
        batch_size=5000,
    )

    def user(username: str, active: bool = True) -> User:
        # Unusable password: nobody signs in to a measurement.
        return User(
            username=username,
            first_name="Officer",
            last_name=username,
            email=f"{username}@example.org",
            password="!",  # noqa: S106
            is_active=active,
            date_joined=joined,
        )

    users = []
    for partnership in partnerships:
        users += [user(f"chair-{partnership.pk}"), user(f"board-{partnership.pk}")]
    for agency in agencies:
        users.append(user(f"lead-{agency.pk}"))
        users += [user(f"owner-{agency.pk}-{n}", rng.random() > 0.02) for n in range(OWNERS_PER_AGENCY)]
    users = {u.username: u for u in User.objects.bulk_create(users, batch_size=5000)}

    memberships = []
    result = {}
    for partnership in partnerships:
        chair, board = users[f"chair-{partnership.pk}"], users[f"board-{partnership.pk}"]
        memberships += [
            Membership(user=chair, partnership=partnership, role=Role.PANEL_CHAIR),
            Membership(user=board, partnership=partnership, role=Role.BOARD_MEMBER),
        ]
        result[partnership.pk] = _Partnership(partnership.pk, partnership.nation, chair.pk, [])
    for agency in agencies:
        lead = users[f"lead-{agency.pk}"]
        owners = [users[f"owner-{agency.pk}-{n}"] for n in range(OWNERS_PER_AGENCY)]
        memberships.append(
            Membership(user=lead, partnership_id=agency.partnership_id, agency=agency, role=Role.AGENCY_LEAD)
        )
        memberships += [
            Membership(
                user=owner, partnership_id=agency.partnership_id, agency=agency, role=Role.ACTION_OWNER
            )
            for owner in owners
        ]
        result[agency.partnership_id].agencies.append(
            _Agency(agency.pk, agency.partnership_id, lead.pk, [o.pk for o in owners])
        )
    Membership.objects.bulk_create(memberships, batch_size=5000)
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
            for n, partnership in enumerate(partnerships)
            if n % 10 == 4
        ]
    )
    return list(result.values())


REVIEW_COLUMNS = (
    "id", "partnership_id", "reference", "kind", "methodology", "pseudonym", "title", "background",
    "status", "incident_on", "aware_on", "notified_on", "rapid_review_sent_on", "decision", "decision_on",
    "decision_rationale", "panel_informed_on", "commissioned_on", "final_report_on", "report_sent_on",
    "published_on", "not_published_reason", "closed_on", "closure_rationale", "created_at", "updated_at",
)  # fmt: skip


def _review_row(pk: int, partnership: _Partnership, n: int, today: datetime.date, rng: random.Random):
    """One review notified in the last ten years: closed when older than two and a half years, else open
    with the statutory dates that have come so far (a few open ones miss a deadline)."""
    days = datetime.timedelta
    notified = today - days(rng.randint(110, 3650))
    is_open = notified > today - days(913)
    kind = ReviewKind.CPR_CONCISE if partnership.nation == Nation.WALES else ReviewKind.LCSPR
    decision_on = notified + days(12)
    dates = {
        "incident_on": notified - days(10),
        "aware_on": notified - days(2),
        "notified_on": notified,
        "rapid_review_sent_on": notified + days(10),
        "decision_on": decision_on,
        "panel_informed_on": decision_on + days(1),
        "commissioned_on": decision_on + days(30),
        "final_report_on": decision_on + days(150),
        "report_sent_on": decision_on + days(170),
        "published_on": decision_on + days(200),
    }
    # Dates still in the future have not happened; a review missing one has that deadline open.
    if is_open and rng.random() < 0.03:
        dates["panel_informed_on"] = None
    for name in ("final_report_on", "report_sent_on", "published_on"):
        if dates[name] > today:
            dates[name] = None
    if dates["final_report_on"] is None:
        dates["report_sent_on"] = dates["published_on"] = None
    if dates["report_sent_on"] is None:
        dates["published_on"] = None
    closed_on = None if is_open else min(notified + days(1000), today - days(30))
    if closed_on:
        status = Stage.CLOSED
    elif dates["final_report_on"] is None:
        status = Stage.EVIDENCE
    else:
        status = Stage.MONITORING
    created = _at(notified)
    row = (
        pk, partnership.pk, f"BENCH-{notified.year}-{n}", kind, "", f"Child B{n}", f"Practice review {n}",
        "", status, dates["incident_on"], dates["aware_on"], notified, dates["rapid_review_sent_on"],
        Decision.LCSPR, decision_on, "The criteria for a local review are met.", dates["panel_informed_on"],
        dates["commissioned_on"], dates["final_report_on"], dates["report_sent_on"], dates["published_on"],
        "", closed_on, "All actions are complete." if closed_on else "", created, created,
    )  # fmt: skip
    return row, is_open, notified


ACTION_COLUMNS = (
    "id", "plan_id", "number", "description", "success_measure", "owner_id", "accountable_officer_id",
    "target_date", "revised_target_date", "revision_reason", "status", "rag_override", "rag_override_reason",
    "completed_by_id", "completed_at", "verified_by_id", "verified_at", "created_at", "updated_at",
)  # fmt: skip
UPDATE_COLUMNS = ("id", "action_id", "author_id", "written_on", "narrative", "status", "rag", "created_at")


def _status(is_open_review: bool, rng: random.Random) -> str:
    draw = rng.random()
    if is_open_review:  # 80% open, 8% awaiting verification, 12% verified
        if draw < 0.8:
            return Status.IN_PROGRESS if draw < 0.6 else Status.NOT_STARTED
        return Status.AWAITING_VERIFICATION if draw < 0.88 else Status.VERIFIED
    if draw < 0.125:  # closed reviews: everything done
        return Status.AWAITING_VERIFICATION
    return Status.SUPERSEDED if draw < 0.2 else Status.VERIFIED


def generate(*, actions: int = 500_000, today: datetime.date, seed: int = SEED) -> Generated:
    """Write the data set (see the module docstring) around `today`; the counts written."""
    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 - a reproducible spread, not a secret
    days = datetime.timedelta
    sizes = scale(actions)
    partnerships = _people_and_places(sizes["partnerships"], today, rng)

    review_id = _next_id(Review)
    reviews, plans = [], []  # plans: (plan id, partnership, agency, open review?, notified)
    plan_id = _next_id(ActionPlan)
    open_reviews = 0
    for n in range(sizes["reviews"]):
        partnership = partnerships[n % len(partnerships)]
        row, is_open, notified = _review_row(review_id, partnership, n, today, rng)
        reviews.append(row)
        open_reviews += is_open
        for agency in rng.sample(partnership.agencies, rng.randint(3, 5)):
            plans.append((plan_id, review_id, partnership, agency, is_open, notified))
            plan_id += 1
        review_id += 1
    insert_rows(Review, REVIEW_COLUMNS, reviews)
    insert_rows(
        ActionPlan,
        ("id", "review_id", "agency_id", "agreed_on", "created_at", "updated_at"),
        (
            (pk, review, agency.pk, notified + days(40), _at(notified + days(40)), _at(notified + days(40)))
            for pk, review, _partnership, agency, _open, notified in plans
        ),
    )

    action_rows, update_rows = [], []
    action_id, update_id = _next_id(Action), _next_id(ProgressUpdate)
    per_plan, extra = divmod(actions, len(plans))
    open_actions = 0
    for index, (plan, _review, partnership, agency, open_review, notified) in enumerate(plans):
        for number in range(1, per_plan + (index < extra) + 1):
            status = _status(open_review, rng)
            is_open = status in (Status.IN_PROGRESS, Status.NOT_STARTED)
            open_actions += is_open
            target = min(notified + days(rng.randint(180, 1100)), today + days(913))
            revised = target + days(rng.randint(30, 240)) if rng.random() < 0.1 else None
            owner = rng.choice(agency.owner_ids) if rng.random() >= 0.05 else None
            created_on = min(notified + days(rng.randint(40, 120)), today)
            completed_by = completed_at = verified_by = verified_at = None
            if status in (Status.AWAITING_VERIFICATION, Status.VERIFIED):
                completed_by = owner or agency.lead_id
                done_on = min((revised or target) + days(rng.randint(-60, 30)), today)
                completed_at = _at(max(done_on, created_on))
                if status == Status.VERIFIED:
                    verified_by = partnership.chair_id
                    verified_at = min(completed_at + days(rng.randint(5, 60)), _at(today))
            action_rows.append(
                (
                    action_id,
                    plan,
                    str(number),
                    f"Action {action_id}: audit practice and report to the panel.",
                    "",
                    owner,
                    agency.lead_id,
                    target,
                    revised,
                    "Delayed by a restructure of the service." if revised else "",
                    status,
                    "",
                    "",
                    completed_by,
                    completed_at,
                    verified_by,
                    verified_at,
                    _at(created_on),
                    _at(created_on),
                )  # fmt: skip
            )
            # Updates: one to five for half of the open actions, one for an eighth of the done ones.
            if is_open and rng.random() < 0.5:
                span = max((today - created_on).days, 0)
                written = sorted(created_on + days(rng.randint(0, span)) for _ in range(rng.randint(1, 5)))
            elif not is_open and rng.random() < 0.125:
                written = [completed_at.date() if completed_at else created_on]
            else:
                written = []
            for day in written:
                update_rows.append(
                    (
                        update_id,
                        action_id,
                        owner,
                        day,
                        "Audit under way; report to the next panel.",
                        Status.IN_PROGRESS if is_open else status,
                        rng.choice(Rag.values),
                        _at(day),
                    )  # fmt: skip
                )
                update_id += 1
            action_id += 1
    insert_rows(Action, ACTION_COLUMNS, action_rows)
    insert_rows(ProgressUpdate, UPDATE_COLUMNS, update_rows)
    _reset_sequences(Review, ActionPlan, Action, ProgressUpdate)
    store_all_met_deadlines()
    analyse()
    return Generated(
        partnerships=len(partnerships),
        agencies=sum(len(p.agencies) for p in partnerships),
        users=User.objects.count(),
        reviews=len(reviews),
        open_reviews=open_reviews,
        plans=len(plans),
        actions=len(action_rows),
        open_actions=open_actions,
        progress_updates=len(update_rows),
        seconds=time.perf_counter() - started,
    )


def analyse() -> None:
    """Fresh planner statistics, as autovacuum would have them in production (it cannot see rows of the
    open test transaction)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
