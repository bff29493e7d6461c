"""GOV.UK tag colours for action states. Words always travel with colour, never colour alone."""

from django import template

from actions.models import Rag, Status

register = template.Library()

STATUS_TAG_CLASSES = {
    Status.NOT_STARTED: "govuk-tag--grey",
    Status.IN_PROGRESS: "govuk-tag--blue",
    Status.AWAITING_VERIFICATION: "govuk-tag--purple",
    Status.VERIFIED: "govuk-tag--green",
    Status.NOT_ACHIEVED: "govuk-tag--red",
    Status.SUPERSEDED: "govuk-tag--grey",
}
RAG_TAG_CLASSES = {Rag.RED: "govuk-tag--red", Rag.AMBER: "govuk-tag--orange", Rag.GREEN: "govuk-tag--green"}


@register.filter
def status_tag_class(status: str) -> str:
    return STATUS_TAG_CLASSES.get(status, "govuk-tag--grey")


@register.filter
def rag_tag_class(rag: str) -> str:
    return RAG_TAG_CLASSES.get(rag, "govuk-tag--grey")


@register.filter
def rag_label(rag: str) -> str:
    """The words of a RAG value (an annotation has no get_rag_display)."""
    return Rag(rag).label if rag in Rag.values else ""


@register.filter
def status_label(status: str) -> str:
    return Status(status).label if status in Status.values else ""
