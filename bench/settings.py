"""The production settings, as the latency benchmark serves them on loopback.

Two additions only, both for measuring: a header with the number of SQL queries each request made, and
a trivial view at /bench/floor/ that touches neither the database nor a template, as the framework's
floor. Everything else (middleware, sessions, second factor, security headers) is production's.
"""

from config.settings.production import *  # noqa: F403
from config.settings.production import MIDDLEWARE

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.middleware.count_queries", *MIDDLEWARE]
