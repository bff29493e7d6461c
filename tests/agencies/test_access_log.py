"""Sensitive reads are logged beside the change history, and the log cannot be edited."""

import pytest
from django.urls import reverse

from agencies.models import AccessEvent, AccessLogEntry
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def test_viewing_a_review_is_logged_with_who_what_and_which(client, world, board_member):
    review = world.reviews["A"]
    client.force_login(board_member)

    client.get(reverse("review_detail", args=[review.pk]))

    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.event, entry.object_id, entry.object_label) == (
        board_member,
        AccessEvent.VIEWED_REVIEW,
        review.pk,
        review.reference,
    )
    assert entry.content_type.model_class() is type(review)


def test_a_refused_review_leaves_no_entry(client, world, outsider):
    sign_in(client, outsider)

    response = client.get(reverse("review_detail", args=[world.reviews["A"].pk]))

    assert response.status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_the_log_is_read_only_in_the_admin(client, world, superuser):
    sign_in(client, superuser)
    client.get(reverse("review_detail", args=[world.reviews["A"].pk]))
    entry = AccessLogEntry.objects.get()

    assert client.get(reverse("admin:agencies_accesslogentry_changelist")).status_code == 200
    assert client.get(reverse("admin:agencies_accesslogentry_add")).status_code == 403
    client.post(reverse("admin:agencies_accesslogentry_delete", args=[entry.pk]), {"post": "yes"})
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()
