"""Latency of the main pages and API lists at two sizes, served by gunicorn as in production.

A measurement, not a test. Needs PostgreSQL on 127.0.0.1:5432 and ApacheBench (`ab`, Debian's
apache2-utils). Run:

    .venv/bin/python -m bench.latency

For each size (`bench.generate`: one partnership, then national) it creates the database
`prt_bench_<size>` and fills it once (kept for later runs; `--regenerate` starts again), signs the
measured people in, starts gunicorn with the production settings and the Dockerfile's three workers
(`bench/settings.py` adds only a query-count header and the floor view), and drives every request
with `ab` on loopback: first one request for its status and SQL queries, then `--warm-up` requests
unmeasured, then `--requests` requests at `--concurrency` at once (default 2, one per core: the time a
request takes, not the time it queues; at 4 on two cores every request also waits for another). It
prints, per request: queries, the first (uncached) request's time, p50 and p95 in milliseconds, and at
the end the national / one-partnership ratio of p95 for the same person and request. The measured
people belong to the first partnership, which is identical at both sizes. The cache (Redis database 13)
is emptied before each size. It prints and asserts nothing.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SERVER = "postgres://postgres@127.0.0.1:5432"
PORT = 8765
CACHE_URL = "redis://127.0.0.1:6379/13"  # emptied before each size, so every first request is uncached
SIZES = ("partnership", "national")
PROXY_HEADER = "X-Forwarded-Proto: https"  # as the TLS-terminating proxy in front of gunicorn sends it


@dataclass
class Target:
    person: str
    name: str
    path: str
    header: str  # a cookie ("Cookie: ...") or a token ("Authorization: ..."); empty for nobody


@dataclass
class Result:
    target: Target
    status: int
    queries: str
    p50: int
    p95: int
    failed: int
    first: int  # milliseconds, the first request: nothing cached yet
    warm_queries: str = "?"


def _environment(size: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": f"{SERVER}/prt_bench_{size}",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "CELERY_BROKER_URL": os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0"),
        "CACHE_URL": CACHE_URL,
        "PYTHONPATH": str(BASE_DIR),
    }


def _python(*args, env) -> str:
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, *args], env=env, cwd=BASE_DIR, capture_output=True, text=True, check=False
    )
    if done.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    for line in done.stderr.splitlines():
        if line.startswith("# "):  # what the child reports; the rest is start-up logging
            print(line[2:], flush=True)
    return done.stdout


def _database_ready(size: str, regenerate: bool) -> None:
    import psycopg2

    connection = psycopg2.connect(f"{SERVER}/postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [f"prt_bench_{size}"])
            exists = cursor.fetchone()
            # The name is one of SIZES, never input.
            if exists and regenerate:
                cursor.execute(f'DROP DATABASE "prt_bench_{size}" WITH (FORCE)')
                exists = None
            if not exists:
                cursor.execute(f'CREATE DATABASE "prt_bench_{size}"')
    finally:
        connection.close()


# --- run inside a child process, with the size's database ---------------------------------------------


def _prepare(size: str) -> None:
    """Migrate and fill the database if it is empty, sign the measured people in; print the targets."""
    import django

    django.setup()
    import datetime

    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction
    from django.db.models import Count
    from django.test import Client
    from knox.models import AuthToken

    from agencies.models import Agency, Partnership, User
    from reviews.models import Review

    from .generate import SIZES as SHAPES
    from .generate import generate

    call_command("migrate", verbosity=0)
    if not Review.objects.exists():
        with transaction.atomic():
            made = generate(shape=SHAPES[size], today=datetime.date.today())
        print(f"# generated {size}: {made.summary()}", file=sys.stderr)

    from tests.conftest import sign_in

    partnership = Partnership.objects.order_by("pk").first()
    agency = Agency.objects.filter(partnership=partnership).order_by("pk").first()
    # The first partnership's people are numbered 0 (bench/people.py).
    chair, board = User.objects.get(username="chair-0"), User.objects.get(username="board-0")
    lead = User.objects.get(username=f"lead-{agency.pk}")
    owner = (
        User.objects.filter(username__startswith=f"owner-{agency.pk}-", is_active=True)
        .annotate(owned=Count("owned_actions"))
        .order_by("-owned", "pk")
        .first()
    )
    review = (
        Review.objects.filter(partnership=partnership, closed_on=None, action_plans__agency=agency)
        .annotate(actions=Count("action_plans__actions"))
        .order_by("-actions", "pk")
        .first()
    )

    def cookie(user) -> str:
        client = sign_in(Client(), user)
        return f"Cookie: {settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    def token(user) -> str:
        return f"Authorization: Token {AuthToken.objects.create(user)[1]}"

    review_page = f"/reviews/{review.pk}/"
    people = {"chair": chair, "board": board, "lead": lead, "owner": owner}
    cookies = {name: cookie(user) for name, user in people.items()}
    tokens = {name: token(user) for name, user in people.items()}
    targets = [
        Target("nobody", "floor (trivial view)", "/bench/floor/", ""),
        Target("chair", "home", "/", cookies["chair"]),
        Target("chair", "review page", review_page, cookies["chair"]),
        Target("chair", "board dashboard", "/dashboard/", cookies["chair"]),
        Target("chair", "themes", "/dashboard/themes/", cookies["chair"]),
        Target("chair", "API reviews", "/api/v1/reviews/", tokens["chair"]),
        Target("chair", "API actions", "/api/v1/actions/", tokens["chair"]),
        Target("chair", "API progress updates", "/api/v1/progress-updates/", tokens["chair"]),
        Target("board", "home", "/", cookies["board"]),
        Target("board", "board dashboard", "/dashboard/", cookies["board"]),
        Target("board", "themes", "/dashboard/themes/", cookies["board"]),
        Target("lead", "home", "/", cookies["lead"]),
        Target("lead", "review page", review_page, cookies["lead"]),
        Target("lead", "agency work list", "/actions/", cookies["lead"]),
        Target("lead", "API actions", "/api/v1/actions/", tokens["lead"]),
        Target("lead", "API findings", "/api/v1/findings/", tokens["lead"]),
        Target("lead", "API recommendations", "/api/v1/recommendations/", tokens["lead"]),
        Target("owner", "home", "/", cookies["owner"]),
        Target("owner", "agency work list", "/actions/", cookies["owner"]),
    ]
    print(json.dumps([t.__dict__ for t in targets]))


# --- driving the server ------------------------------------------------------------------------------


def _get(target: Target) -> tuple[int, str, int]:
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{target.path}")  # noqa: S310 - loopback
    request.add_header(*PROXY_HEADER.split(": "))
    if target.header:
        request.add_header(*target.header.split(": ", 1))
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            response.read()
            status, queries = response.status, response.headers.get("X-Bench-Queries", "?")
    except urllib.error.HTTPError as error:
        status, queries = error.code, error.headers.get("X-Bench-Queries", "?")
    return status, queries, round((time.perf_counter() - started) * 1000)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


urllib.request.install_opener(urllib.request.build_opener(_NoRedirect))


def _ab(target: Target, requests: int, concurrency: int) -> tuple[int, int, int]:
    """p50 and p95 in milliseconds, and failed or non-2xx requests, from ApacheBench."""
    command = ["ab", "-q", "-l", "-n", str(requests), "-c", str(concurrency), "-H", PROXY_HEADER]
    if target.header:
        command += ["-H", target.header]
    command.append(f"http://127.0.0.1:{PORT}{target.path}")
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    percentiles = dict(re.findall(r"^\s+(\d+)%\s+(\d+)", output, re.MULTILINE))
    failed = int(re.search(r"^Failed requests:\s+(\d+)", output, re.MULTILINE).group(1))
    non_2xx = re.search(r"^Non-2xx responses:\s+(\d+)", output, re.MULTILINE)
    return int(percentiles["50"]), int(percentiles["95"]), failed + (int(non_2xx.group(1)) if non_2xx else 0)


def _serve(env: dict, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", f"--bind=127.0.0.1:{PORT}",
         f"--workers={workers}", "--access-logfile=-"],
        env={**env, "DJANGO_SETTINGS_MODULE": "bench.settings"},
        cwd=BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    floor = Target("nobody", "floor", "/bench/floor/", "")
    for _ in range(100):
        try:
            if _get(floor)[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not answer on the floor view")


def _measure(size: str, args) -> list[Result]:
    _database_ready(size, args.regenerate)
    env = _environment(size)
    started = time.perf_counter()
    targets = [Target(**row) for row in json.loads(_python("-m", "bench.latency", "prepare", size, env=env))]
    print(f"{size}: database ready in {time.perf_counter() - started:.0f} s", flush=True)
    import redis

    redis.Redis.from_url(CACHE_URL).flushdb()
    server = _serve(env, args.workers)
    results = []
    try:
        for target in targets:
            status, queries, first = _get(target)
            _ab(target, args.warm_up, args.concurrency)
            p50, p95, failed = _ab(target, args.requests, args.concurrency)
            warm_queries = _get(target)[1]
            result = Result(target, status, queries, p50, p95, failed, first, warm_queries)
            results.append(result)
            print(
                f"  {size:<11} {target.person:<6} {target.name:<22} {status} queries={_queries(result):>5} "
                f"first={first:>4} ms p50={p50:>4} ms p95={p95:>4} ms failed={failed}",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait()
    return results


def _queries(result: Result) -> str:
    """Queries of the first request, and of one after the warm-up where that differs (figures cached)."""
    return (
        result.queries if result.warm_queries == result.queries else f"{result.queries}/{result.warm_queries}"
    )


def _report(by_size: dict[str, list[Result]], args) -> None:
    print(
        f"\n{args.requests} requests per row at concurrency {args.concurrency} after {args.warm_up} "
        f"unmeasured, gunicorn with {args.workers} sync workers, {os.cpu_count()} cores; times in ms; "
        "queries of the first request / of a later one where they differ; first = the first request, "
        "nothing cached."
    )
    header = (
        "person",
        "request",
        "queries",
        "first",
        "p50",
        "p95",
        "queries",
        "first",
        "p50",
        "p95",
        "ratio",
    )
    widths = (7, 22, 8, 6, 5, 5, 8, 6, 5, 5, 6)
    print(" " * 29 + f"{'one partnership':>32}{'national':>32}")
    print(
        "".join(
            f"{h:<{w}}" if i < 2 else f"{h:>{w}}" for i, (h, w) in enumerate(zip(header, widths, strict=True))
        )
    )
    national = {(r.target.person, r.target.name): r for r in by_size.get("national", [])}
    for one in by_size.get("partnership", []):
        key = (one.target.person, one.target.name)
        nat = national.get(key)
        cells = [key[0], key[1], _queries(one), one.first, one.p50, one.p95]
        if nat:
            cells += [_queries(nat), nat.first, nat.p50, nat.p95, f"{nat.p95 / max(one.p95, 1):.2f}"]
        else:
            cells += ["-"] * 5
        print(
            "".join(
                f"{c:<{w}}" if i < 2 else f"{c:>{w}}"
                for i, (c, w) in enumerate(zip(cells, widths, strict=True))
            )
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", nargs="?", default="run", choices=["run", "prepare"])
    parser.add_argument("size", nargs="?", choices=SIZES)
    parser.add_argument("--sizes", nargs="+", choices=SIZES, default=list(SIZES))
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--warm-up", type=int, default=30)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()
    if args.command == "prepare":
        _prepare(args.size)
        return
    if not shutil.which("ab"):
        sys.exit("ab (ApacheBench) is needed: apt-get install apache2-utils")
    if not (BASE_DIR / "staticfiles" / "staticfiles.json").exists():
        _python("manage.py", "collectstatic", "--noinput", "-v0", env=_environment("partnership"))
    by_size = {size: _measure(size, args) for size in args.sizes}
    _report(by_size, args)


if __name__ == "__main__":
    main()
