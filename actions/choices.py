"""The states an action moves through and its RAG rating."""

from django.db import models
from django.db.models import Q


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    AWAITING_VERIFICATION = "awaiting_verification", "Completed – awaiting verification"
    VERIFIED = "verified", "Verified"
    NOT_ACHIEVED = "not_achieved", "Not achieved"
    SUPERSEDED = "superseded", "Superseded"


class Rag(models.TextChoices):
    """Kept apart from status: a late action can be in progress and red."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


# The owner says the work is done (or no longer needed): nothing more is due from the agency.
DONE_STATUSES = (Status.AWAITING_VERIFICATION, Status.VERIFIED, Status.SUPERSEDED)
# The filter for actions still owed by their agency.
OPEN = ~Q(status__in=DONE_STATUSES)
