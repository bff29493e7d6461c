"""The reminder fault drill: reminders are never lost and never sent twice, whatever fails.

Run by CI after the tests (`.venv/bin/python -m tests.drills.reminder_drill`), against the PostgreSQL of
DATABASE_URL (in a database of its own, `<name>_drill`) and a Redis server of its own that it starts,
stops and restarts on REDIS_DRILL_PORT (default 6391). It:

1. makes a partnership with open actions due at known dates around day 0 (two days ago);
2. day 0: sweeps as of day 0 with one worker, kills it with SIGKILL (its whole process group) while it
   is sending, restarts Redis (a Redis that keeps nothing on disk: every queued message is lost),
   starts a second worker and sweeps again until everything due on day 0 is sent;
3. day 1: everything is stopped (no sweep runs: the service is down for a day);
4. day 2 (today): Redis, a worker and two beat processes at once, sweeping every 2 seconds, until
   nothing is pending.

Then it compares what was sent with what the rules make due on day 0 and day 2 (restated here, not
taken from the sweep), counts every e-mail by its Message-ID, and prints expected, created, sent,
missing and duplicated, and how often the same e-mail was handed to the mail server again (a worker
killed between the server accepting it and the commit: the same Message-ID, so the same message to
mail systems). It exits non-zero when anything is missing or duplicated, or when the e-mails are not
exactly one per e-mailed reminder.
"""

import collections
import datetime
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from email import message_from_bytes
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parents[2]
REDIS_PORT = int(os.environ.get("REDIS_DRILL_PORT", "6391"))
DUE_SOON_DAYS = (14, 3)
ESCALATE_AFTER_DAYS = 28
OWNERS_PER_AGENCY = 4
ACTIONS_PER_GROUP = 30
TIMEOUT_SECONDS = 180


def _drill_database_url() -> str:
    url = urlsplit(os.environ.get("DATABASE_URL", ""))
    if url.scheme not in ("postgres", "postgresql"):
        sys.exit("The drill needs DATABASE_URL to name a PostgreSQL server (it makes a database of its own).")
    return urlunsplit(url._replace(path=f"{url.path}_drill"))


def _log(message: str) -> None:
    print(f"[drill {time.strftime('%H:%M:%S')}] {message}", flush=True)


class Services:
    """The drill's own Redis and the Celery processes it starts and kills."""

    def __init__(self, workdir: Path, env: dict):
        self.workdir = workdir
        self.env = env
        self.redis = None
        self.processes = {}

    def start_redis(self) -> None:
        self.redis = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                shutil.which("redis-server"),
                "--port",
                str(REDIS_PORT),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=(self.workdir / "redis.log").open("a"),
            stderr=subprocess.STDOUT,
        )
        _wait_for(lambda: _redis_ping() == "PONG", "Redis to answer")

    def stop_redis(self) -> None:
        self.redis.terminate()
        self.redis.wait(timeout=20)

    def start(self, name: str, *args: str) -> None:
        log = (self.workdir / f"{name}.log").open("a")
        self.processes[name] = subprocess.Popen(  # noqa: S603 - fixed arguments, our own app
            [sys.executable, "-m", "celery", "-A", "config.celery_app", *args],
            cwd=BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a process group of its own, so SIGKILL takes its children too
        )

    def start_worker(self, name: str) -> None:
        self.start(
            name,
            "worker",
            "--pool=prefork",
            "--concurrency=2",
            "--loglevel=info",
            "-n",
            f"{name}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        )

    def start_beat(self, name: str) -> None:
        self.start(
            name, "beat", "--loglevel=info", "--pidfile=", "-s", str(self.workdir / f"{name}-schedule")
        )

    def kill(self, name: str) -> None:
        """SIGKILL to the process and its children: no chance to finish, acknowledge or clean up."""
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=20)

    def stop(self, name: str) -> None:
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.stop(name)
        if self.redis and self.redis.poll() is None:
            self.stop_redis()


def _redis_ping() -> str:
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [shutil.which("redis-cli"), "-p", str(REDIS_PORT), "ping"],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip()


def _wait_for(condition, what: str, timeout: float = TIMEOUT_SECONDS) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise SystemExit(f"Gave up waiting for {what} after {timeout:.0f} seconds.")


# --- The data, and what the rules make due ------------------------------------------------------------


def build_partnership(day0: datetime.date) -> dict:
    """Two agencies, owners and leads with e-mail addresses, a panel chair and a board member, and open
    actions in groups whose due dates put them before, on and after the day the service is down."""
    from actions.choices import Status
    from actions.models import Action, ActionPlan
    from agencies.models import Membership, Role, User
    from reviews.models import ReviewKind
    from tests.factories import AgencyFactory, PartnershipFactory, ReviewFactory

    partnership = PartnershipFactory(name="Drillshire Safeguarding Children Partnership", slug="drillshire")
    review = ReviewFactory(
        partnership=partnership, kind=ReviewKind.THEMATIC, pseudonym="", reference="DRILL-1"
    )

    def person(username, role, agency=None):
        user = User.objects.create_user(username, email=f"{username}@drill.example", password=None)
        Membership.objects.create(user=user, partnership=partnership, agency=agency, role=role)
        return user

    person("drill.chair", Role.PANEL_CHAIR)
    person("drill.board", Role.BOARD_MEMBER)
    groups = {  # due date relative to day 0
        "long overdue": -40,
        "overdue": -10,
        "due in 3 days": 3,
        "due on day 0": 0,  # overdue while the service is down
        "due in 4 days": 4,  # its 3-day reminder falls on the day the service is down
    }
    actions = []
    for a in range(2):
        agency = AgencyFactory(partnership=partnership, name=f"Drill agency {a}", short_name=f"D{a}")
        person(f"drill.lead{a}", Role.AGENCY_LEAD, agency)
        owners = [person(f"drill.owner{a}.{o}", Role.ACTION_OWNER, agency) for o in range(OWNERS_PER_AGENCY)]
        plan = ActionPlan.objects.create(review=review, agency=agency)
        n = 0
        for offset in groups.values():
            for i in range(ACTIONS_PER_GROUP):
                n += 1
                actions.append(
                    Action(
                        plan=plan,
                        number=str(n),
                        description="Audit practice and report to the panel.",
                        owner=owners[i % OWNERS_PER_AGENCY],
                        target_date=day0 + datetime.timedelta(days=offset),
                        status=Status.IN_PROGRESS,
                    )
                )
        # Done actions: nothing is due for them, whatever their dates.
        for _ in range(ACTIONS_PER_GROUP):
            n += 1
            actions.append(
                Action(
                    plan=plan,
                    number=str(n),
                    description="Done already.",
                    owner=owners[0],
                    target_date=day0 - datetime.timedelta(days=60),
                    status=Status.SUPERSEDED,
                )
            )
    Action.objects.bulk_create(actions)
    return {"partnership": partnership}


def expected_keys(days: list[datetime.date]) -> tuple[set, set]:
    """What the rules of the domain make due, as of each day a sweep ran: (kind, subject, due on, person);
    and which of them are moot by the last day, so skipped rather than sent."""
    from actions.choices import DONE_STATUSES
    from actions.models import Action
    from agencies.models import Membership, Role

    leads = collections.defaultdict(list)
    chairs, board = [], []
    for m in Membership.objects.all():
        if m.role == Role.AGENCY_LEAD:
            leads[m.agency_id].append(m.user_id)
        elif m.role == Role.PANEL_CHAIR:
            chairs.append(m.user_id)
        elif m.role == Role.BOARD_MEMBER:
            board.append(m.user_id)
    keys, moot = set(), set()
    open_agencies = set()
    for action in Action.objects.select_related("plan"):
        if action.status in DONE_STATUSES:
            continue
        open_agencies.add(action.plan.agency_id)
        due = action.revised_target_date or action.target_date
        subject = f"action:{action.pk}"
        for today in days:
            if due < today:
                for person in [action.owner_id, *leads[action.plan.agency_id]]:
                    keys.add(("overdue", subject, due + datetime.timedelta(days=1), person))
            if due + datetime.timedelta(days=ESCALATE_AFTER_DAYS) <= today:
                for person in chairs:
                    keys.add(
                        ("long_overdue", subject, due + datetime.timedelta(days=ESCALATE_AFTER_DAYS), person)
                    )
            passed = [
                due - datetime.timedelta(days=d)
                for d in DUE_SOON_DAYS
                if due - datetime.timedelta(days=d) <= today
            ]
            if due >= today and passed:
                keys.add(("due_soon", subject, max(passed), action.owner_id))
                if due < days[-1]:
                    # Delivered late, once the action is already overdue: the overdue reminder says more.
                    moot.add(("due_soon", subject, max(passed), action.owner_id))
    for today in days:
        monday = today - datetime.timedelta(days=today.weekday())
        for agency_id in open_agencies:
            for person in leads[agency_id]:
                keys.add(("weekly_digest", f"agency:{agency_id}", monday, person))
        partnership_id = Membership.objects.values_list("partnership_id", flat=True).first()
        for person in board:
            keys.add(("monthly_summary", f"partnership:{partnership_id}", today.replace(day=1), person))
    return keys, moot


# --- The drill ------------------------------------------------------------------------------------------


def _counts():
    from actions.reminder_models import Reminder, ReminderState

    by_state = collections.Counter(Reminder.objects.values_list("state", flat=True))
    return by_state[ReminderState.PENDING], by_state[ReminderState.SENT], sum(by_state.values())


def _sweep(day: datetime.date) -> None:
    from actions.tasks import sweep_reminders

    sweep_reminders.apply_async(kwargs={"today": day.isoformat()})


def run(workdir: Path) -> int:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    today = datetime.date.today()
    day0 = today - datetime.timedelta(days=2)
    build_partnership(day0)
    services = Services(workdir, dict(os.environ))
    try:
        _log(f"Day 0 ({day0}): Redis, worker A, a sweep as of day 0.")
        services.start_redis()
        services.start_worker("worker-a")
        _sweep(day0)
        _wait_for(lambda: _counts()[1] >= 20, "worker A to send its first reminders")
        services.kill("worker-a")
        pending, sent, total = _counts()
        _log(f"Killed worker A with SIGKILL mid-delivery: {sent} of {total} sent, {pending} pending.")
        services.stop_redis()
        services.start_redis()
        _log("Restarted Redis (nothing kept: every queued delivery lost).")
        services.start_worker("worker-b")
        while _counts()[0]:
            _sweep(day0)  # queues again whatever was lost, once it has waited the requeue time
            time.sleep(2)
        _log(f"Day 0 done: {_counts()[1]} sent. Stopping everything for day 1.")
        services.stop_all()

        _log(f"Day 2 ({today}): Redis, worker C and two beat processes at once.")
        services.start_redis()
        services.start_worker("worker-c")
        services.start_beat("beat-1")
        services.start_beat("beat-2")
        time.sleep(10)  # several sweeps from both beats
        _wait_for(lambda: _counts()[0] == 0 and _counts()[2] > total, "day 2 to be sent")
        time.sleep(6)  # and a few more sweeps, which must add nothing
        _wait_for(lambda: _counts()[0] == 0, "the last deliveries")
    finally:
        services.stop_all()
    return report(*expected_keys([day0, today]), workdir / "mail")


def report(expected: set, moot: set, mail_dir: Path) -> int:
    from actions.reminder_models import Notification, Reminder, ReminderState

    created = {(r.kind, r.subject, r.due_on, r.recipient_id): r for r in Reminder.objects.all()}
    sent = {key for key, r in created.items() if r.state == ReminderState.SENT}
    skipped = {key for key, r in created.items() if r.state == ReminderState.SKIPPED}
    message_ids = collections.Counter()
    for path in mail_dir.iterdir():
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                message_ids[message_from_bytes(chunk.strip())["Message-ID"]] += 1
    emailed = Reminder.objects.filter(emailed=True).count()
    notifications_per_reminder = collections.Counter(
        Notification.objects.exclude(reminder=None).values_list("reminder_id", flat=True)
    )
    missing = (expected - moot) - sent
    wrongly_skipped = skipped - moot
    unexpected = set(created) - expected
    # A reminder delivered twice: two inbox notifications for it. (Each e-mailed reminder must have
    # exactly one distinct e-mail: checked below as emailed == emails.)
    duplicated = sum(n - 1 for n in notifications_per_reminder.values() if n > 1)
    # The same e-mail (same Message-ID) handed to the mail server again: a worker was killed between the
    # server accepting it and the commit. Exactly once is not possible over SMTP; the copy is the same
    # message to mail systems. Reported, not counted as a duplicate.
    retransmitted = sum(n - 1 for n in message_ids.values() if n > 1)
    late = sum(1 for r in created.values() if r.late)
    print()
    print("Reminder fault drill")
    print(f"  expected (by the rules)   {len(expected)}")
    print(f"  created by the sweeps     {len(created)} ({late} marked late)")
    emails = len(message_ids)
    print(f"  sent                      {len(sent)} to the inbox, {emailed} by e-mail ({emails} e-mails)")
    print(f"  skipped as no longer due  {len(skipped)} (by the rules: {len(moot)})")
    print(f"  missing                   {len(missing)}")
    print(f"  duplicated                {duplicated}")
    print(f"  same e-mail handed over again after a kill (same Message-ID)  {retransmitted}")
    print(f"  created but not expected  {len(unexpected)}")
    for key in sorted(missing)[:10]:
        print(f"    missing: {key}")
    for key in sorted(unexpected)[:10]:
        print(f"    not expected: {key}")
    for key in sorted(wrongly_skipped)[:10]:
        print(f"    skipped but due: {key}")
    failed = missing or duplicated or unexpected or wrongly_skipped or emailed != emails
    return 1 if failed else 0


def _psql(url: str, sql: str, *, check: bool = True) -> None:
    subprocess.run([shutil.which("psql"), url, "-q", "-c", sql], check=check)  # noqa: S603 - our own SQL


def main() -> int:
    if not shutil.which("redis-server"):
        sys.exit("The drill needs redis-server on the PATH.")
    workdir = Path(tempfile.mkdtemp(prefix="prt-reminder-drill-"))
    (workdir / "mail").mkdir()
    database_url = _drill_database_url()
    name = urlsplit(database_url).path.lstrip("/")
    admin = urlunsplit(urlsplit(database_url)._replace(path="/postgres"))
    _psql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _psql(admin, f'CREATE DATABASE "{name}"')
    os.environ.update(
        DJANGO_SETTINGS_MODULE="tests.drills.settings",
        DATABASE_URL=database_url,
        CELERY_BROKER_URL=f"redis://127.0.0.1:{REDIS_PORT}/0",
        CELERY_RESULT_BACKEND=f"redis://127.0.0.1:{REDIS_PORT}/1",
        PRT_DRILL_MAIL_DIR=str(workdir / "mail"),
        PRT_REMINDER_SWEEP_SECONDS="2",
        PRT_REMINDER_REQUEUE_AFTER_SECONDS="3",
    )
    import django

    django.setup()
    try:
        status = run(workdir)
    finally:
        from django.db import connections

        connections.close_all()
        _psql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', check=False)
    _log(f"Logs of the services: {workdir}")
    return status


if __name__ == "__main__":
    sys.exit(main())
