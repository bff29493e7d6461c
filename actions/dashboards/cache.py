"""Dashboard figures kept in the cache, per person, until something changes.

Counting every action a person may see costs more than a page should (bench/latency.py measured the
progress dashboard's queries alone at over 100 ms for one partnership's 6,000 actions), and the figures
change only when someone records something. A person's figures are kept under a key made of:

- who they are: their id and their groups, so a change of role changes the key at once;
- the filters, and the day (RAG ratings and "overdue" move with the date);
- the generation: a random token replaced whenever a record the figures read is saved or deleted
  (reviews, findings, recommendations, plans, actions and their records, memberships, policies, object
  permissions), so the first view after any change counts afresh. A token rather than a counter: if
  the cache drops it, a new one cannot match old keys.

The token is replaced at once (so the same request, and tests, see the change) and again when the
transaction commits (so figures counted by another request in between, from the old rows, are never
served afterwards). KEPT_FOR bounds every entry, for a change made without `save()`.
"""

import hashlib
import logging
import uuid
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

logger = logging.getLogger(__name__)

GENERATION_KEY = "dashboards:generation"
KEPT_FOR = 10 * 60  # seconds
WATCHED_APPS = {"actions", "reviews", "agencies"}
# Rows of those apps that no figure reads, some written on every page view.
UNWATCHED_MODELS = {"accesslogentry", "reminder", "notification", "reminderpreference", "actionimport"}


def generation() -> str:
    token = cache.get(GENERATION_KEY)
    if token is None:
        token = uuid.uuid4().hex
        # Two requests may both find none: the first to add wins, and both use its token.
        if not cache.add(GENERATION_KEY, token, timeout=None):
            token = cache.get(GENERATION_KEY) or token
    return token


# Inside `figures_batched()`: whether anything changed, to renew once at its end rather than per row.
_batch: ContextVar[list | None] = ContextVar("dashboards_batch", default=None)


def _renew() -> None:
    # A cache that cannot be reached must not stop a record being saved: figures kept then are at most
    # KEPT_FOR old.
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.warning("Could not renew the dashboards' generation in the cache", exc_info=True)


def figures_changed() -> None:
    batch = _batch.get()
    if batch is not None:
        batch.append(True)
        return
    _renew()
    transaction.on_commit(_renew)


@contextmanager
def figures_batched():
    """For writes of many rows at once (an imported plan, demo data): renew the generation once at the end,
    not for every row. Nested blocks join the outermost one."""
    if _batch.get() is not None:
        yield
        return
    changed: list = []
    token = _batch.set(changed)
    try:
        yield
    finally:
        _batch.reset(token)
        if changed:
            figures_changed()


def _watched(model) -> bool:
    meta = model._meta
    return meta.app_label in WATCHED_APPS and meta.model_name not in UNWATCHED_MODELS


@receiver(post_save)
@receiver(post_delete)
def _record_changed(sender, **kwargs):
    if _watched(sender):
        figures_changed()


@receiver(m2m_changed)
def _links_changed(sender, action, **kwargs):
    if action.startswith("post_") and _watched(sender):
        figures_changed()


def cached_figures(name: str, user, parts, compute):
    """`compute()`, or what it returned for this person, these `parts` (filters, day) and the current
    generation."""
    groups = sorted(user.groups.values_list("pk", flat=True))
    try:
        raw = repr((name, user.pk, groups, parts, generation())).encode()
        key = f"dashboards:{name}:{hashlib.sha256(raw).hexdigest()}"
        figures = cache.get(key)
    except Exception:
        # Without the cache the figures are counted every time, as before it.
        logger.warning("Could not read the dashboards' cache", exc_info=True)
        return compute()
    if figures is None:
        figures = compute()
        try:
            cache.set(key, figures, timeout=KEPT_FOR)
        except Exception:
            logger.warning("Could not keep dashboard figures in the cache", exc_info=True)
    return figures
