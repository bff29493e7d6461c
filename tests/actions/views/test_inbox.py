"""The inbox of notifications, its unread count in the header, and the reminder settings page."""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from actions.inbox_selectors import safe_link
from actions.models import Notification, ReminderKind, ReminderPolicy, ReminderPreference
from config.context_processors import unread_notifications
from tests.conftest import sign_in
from tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db

INBOX = reverse("notifications")
READ_ALL = reverse("notifications_read_all")
SETTINGS = reverse("reminder_preferences")


def read_url(notification):
    return reverse("notification_read", args=[notification.pk])


def open_url(notification):
    return reverse("notification_open", args=[notification.pk])


def listed(response) -> list:
    return [notification.pk for notification in response.context["page"]]


def owners_notification(world):
    return Notification.objects.get(recipient=world.csc_owner)


# --- The inbox ---------------------------------------------------------------------------------------


def test_anonymous_people_are_sent_to_sign_in(client):
    response = client.get(INBOX)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_inbox_lists_only_the_persons_own_notifications_newest_first(client, world):
    own = owners_notification(world)
    newer = NotificationFactory(recipient=world.csc_owner, title="Action 2 of CSC is due in 14 days")
    someone_elses = NotificationFactory(recipient=world.csc_lead, title="Weekly digest for CSC")
    sign_in(client, world.csc_owner)

    response = client.get(INBOX)

    assert listed(response) == [newer.pk, own.pk]
    assertContains(response, "Action 2 of CSC is due in 14 days")
    assertNotContains(response, "Weekly digest for CSC")
    assert someone_elses.pk not in listed(response)


@pytest.mark.parametrize("persona", ["no_roles", "superuser"])
def test_people_without_notifications_see_an_empty_inbox_even_superusers(client, world, persona):
    sign_in(client, world.people[persona])

    response = client.get(INBOX)

    assert response.status_code == 200
    assert listed(response) == []
    assertContains(response, "You have no notifications.")


def test_unread_and_late_notifications_are_marked_in_words(client, world):
    own = owners_notification(world)
    late = NotificationFactory(recipient=world.csc_owner, late=True, read_at=timezone.now())
    sign_in(client, world.csc_owner)

    response = client.get(INBOX)

    rows = response.content.decode()
    unread_row = rows[rows.index(f'id="notification-{own.pk}"') :]
    late_row = rows[rows.index(f'id="notification-{late.pk}"') :]
    assert ">Unread</strong>" in unread_row.split("</tr>")[0]
    assert ">Read</strong>" in late_row.split("</tr>")[0]
    assert ">Late</strong>" in late_row.split("</tr>")[0]
    assert ">Late</strong>" not in unread_row.split("</tr>")[0]


def test_unread_only_filter(client, world):
    own = owners_notification(world)
    NotificationFactory(recipient=world.csc_owner, read_at=timezone.now())
    sign_in(client, world.csc_owner)

    response = client.get(INBOX, {"unread": "yes"})

    assert listed(response) == [own.pk]


def test_a_filter_that_makes_no_sense_shows_everything(client, world):
    NotificationFactory(recipient=world.csc_owner, read_at=timezone.now())
    sign_in(client, world.csc_owner)

    response = client.get(INBOX, {"unread": "", "page": "not-a-number"})

    assert response.status_code == 200
    assert len(listed(response)) == 2


def test_the_inbox_pages_by_25_and_its_queries_do_not_grow(client, world, django_assert_max_num_queries):
    oldest = owners_notification(world)
    sign_in(client, world.csc_owner)
    client.get(INBOX)  # The first page view of the session warms what sign-in leaves behind.
    with CaptureQueriesContext(connection) as few:
        client.get(INBOX)
    NotificationFactory.create_batch(25, recipient=world.csc_owner)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(INBOX)
    second = client.get(INBOX, {"page": 2})

    assert len(listed(response)) == 25
    assert listed(second) == [oldest.pk]
    assertContains(response, 'aria-label="Page 2"')


def test_a_link_is_to_the_open_page_and_an_external_one_is_not_shown(client, world):
    own = owners_notification(world)
    evil = NotificationFactory(recipient=world.csc_owner, url="https://evil.example/", title="Look here")
    sign_in(client, world.csc_owner)

    response = client.get(INBOX)

    assertContains(response, f'href="{open_url(own)}"')
    assertNotContains(response, f'href="{open_url(evil)}"')
    assertNotContains(response, "evil.example")
    assertContains(response, "Look here")


# --- Marking read and opening --------------------------------------------------------------------------


def test_marking_one_read_redirects_back_to_the_same_page_of_the_inbox(client, world):
    own = owners_notification(world)
    sign_in(client, world.csc_owner)

    response = client.post(read_url(own), {"next": f"{INBOX}?unread=yes"})

    own.refresh_from_db()
    assert own.read_at is not None
    assert response.status_code == 302
    assert response["Location"] == f"{INBOX}?unread=yes"


def test_marking_read_never_redirects_off_the_inbox(client, world):
    own = owners_notification(world)
    sign_in(client, world.csc_owner)

    response = client.post(read_url(own), {"next": "https://evil.example/inbox/"})

    assert response["Location"] == INBOX


@pytest.mark.parametrize("persona", ["csc_lead", "no_roles", "superuser", "outsider"])
def test_another_persons_notification_is_404_and_stays_unread(client, world, persona):
    own = owners_notification(world)
    sign_in(client, world.people[persona])

    read = client.post(read_url(own))
    opened = client.get(open_url(own))

    assert read.status_code == 404
    assert opened.status_code == 404
    own.refresh_from_db()
    assert own.read_at is None


def test_marking_read_needs_a_post(client, world):
    own = owners_notification(world)
    sign_in(client, world.csc_owner)

    response = client.get(read_url(own))

    assert response.status_code == 405
    own.refresh_from_db()
    assert own.read_at is None


def test_read_all_marks_only_the_persons_own(client, world):
    mine = [owners_notification(world), NotificationFactory(recipient=world.csc_owner)]
    theirs = NotificationFactory(recipient=world.csc_lead)
    sign_in(client, world.csc_owner)

    response = client.post(READ_ALL, {"next": INBOX})

    assert response.status_code == 302
    assert not Notification.objects.filter(pk__in=[n.pk for n in mine], read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assertContains(client.get(INBOX), "2 notifications marked as read")


def test_read_all_keeps_when_each_was_first_read(client, world):
    earlier = timezone.now() - datetime.timedelta(days=3)
    already = NotificationFactory(recipient=world.csc_owner, read_at=earlier)
    sign_in(client, world.csc_owner)

    client.post(READ_ALL)

    already.refresh_from_db()
    assert already.read_at == earlier


def test_opening_marks_read_and_goes_to_the_record(client, world):
    own = owners_notification(world)
    sign_in(client, world.csc_owner)

    response = client.get(open_url(own))

    assert response.status_code == 302
    assert response["Location"] == own.url
    own.refresh_from_db()
    assert own.read_at is not None


@pytest.mark.parametrize(
    "url", ["https://evil.example", "//evil.example/actions/1/", "/\\evil.example", "javascript:alert(1)", ""]
)
def test_opening_a_notification_that_links_off_the_site_goes_back_to_the_inbox(client, world, url):
    evil = NotificationFactory(recipient=world.csc_owner, url=url)
    sign_in(client, world.csc_owner)

    response = client.get(open_url(evil))

    assert response.status_code == 302
    assert response["Location"] == INBOX
    assertContains(client.get(INBOX), "This notification has no page in this service to open")


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("/actions/12/", "/actions/12/"),
        ("/reviews/3/?tab=deadlines#lcspr", "/reviews/3/?tab=deadlines#lcspr"),
        ("https://evil.example/", ""),
        ("http:/evil.example", ""),
        ("//evil.example", ""),
        ("/\\evil.example", ""),
        ("javascript:alert(1)", ""),
        ("actions/12/", ""),
        ("", ""),
    ],
)
def test_safe_link_keeps_only_paths_on_this_site(url, safe):
    assert safe_link(url) == safe


# --- The unread count in the header ------------------------------------------------------------------


def test_the_header_shows_the_unread_count_in_words(client, world):
    NotificationFactory.create_batch(2, recipient=world.csc_owner)
    NotificationFactory(recipient=world.csc_owner, read_at=timezone.now())
    NotificationFactory(recipient=world.csc_lead)
    sign_in(client, world.csc_owner)

    response = client.get(reverse("agency_work"))

    assertContains(response, '3<span class="govuk-visually-hidden"> unread</span>', html=False)


def test_the_header_shows_no_count_when_all_are_read(client, world):
    sign_in(client, world.no_roles)

    response = client.get(reverse("agency_work"))

    assertContains(response, f'href="{INBOX}"')
    assertNotContains(response, 'id="unread-count"')


def test_the_count_is_lazy_and_one_query_when_shown(world, django_assert_num_queries):
    NotificationFactory(recipient=world.csc_owner)
    request = RequestFactory().get("/")
    request.user = world.csc_owner

    with django_assert_num_queries(0):
        context = unread_notifications(request)
    with django_assert_num_queries(1):
        assert str(context["unread_notifications"]) == "2"
    with django_assert_num_queries(0):
        assert context["unread_notifications"]


def test_anonymous_people_get_no_count_and_no_query(django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()

    with django_assert_num_queries(0):
        count = unread_notifications(request)["unread_notifications"]
        assert not count


def test_an_anonymous_page_never_counts_notifications(client, world):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("login"))

    assert response.status_code == 200
    assert not [q for q in queries.captured_queries if "notification" in q["sql"]]


# --- Reminder settings -------------------------------------------------------------------------------


def input_tag(response, name) -> str:
    return re.search(rf'<input[^>]* name="{name}"[^>]*>', response.content.decode()).group(0)


def kinds_offered(response) -> list:
    return list(response.context["kinds"])


@pytest.mark.parametrize(
    ("persona", "kinds"),
    [
        (
            "csc_lead",
            [
                ReminderKind.DUE_SOON,
                ReminderKind.OVERDUE,
                ReminderKind.DRIFT,
                ReminderKind.IMPACT_RECHECK,
                ReminderKind.WEEKLY_DIGEST,
            ],
        ),
        (
            "csc_owner",
            [ReminderKind.DUE_SOON, ReminderKind.OVERDUE, ReminderKind.DRIFT, ReminderKind.IMPACT_RECHECK],
        ),
        ("panel_chair", [ReminderKind.LONG_OVERDUE, ReminderKind.REVIEW_DEADLINE]),
        ("partnership_admin", [ReminderKind.REVIEW_DEADLINE]),
        ("panel_member", []),
        ("board_member", [ReminderKind.MONTHLY_SUMMARY]),
        ("scrutineer", []),
        ("no_roles", []),
    ],
)
def test_settings_offer_the_kinds_the_persons_roles_bring(client, world, persona, kinds):
    sign_in(client, world.people[persona])

    response = client.get(SETTINGS)

    assert response.status_code == 200
    assert kinds_offered(response) == kinds
    if not kinds:
        assertContains(response, "Your roles do not bring you any reminders")


def test_settings_show_the_partnerships_timings_and_saved_choices(client, world):
    ReminderPolicy.objects.filter(partnership=world.north).update(escalate_after_days=28, drift_days=60)
    sign_in(client, world.csc_lead)

    response = client.get(SETTINGS)

    assertContains(response, "14 and 3 days before the due date")
    assertContains(response, "28 days after the due date")
    assertContains(response, "After 60 days without a progress update")
    form = response.context["form"]
    # The world's csc_lead turned the weekly digest's e-mail off; the rest are on by default.
    assert form["email_weekly_digest"].value() is False
    assert form["email_due_soon"].value() is True


def test_required_kinds_are_shown_checked_and_disabled_with_a_hint(client, world):
    ReminderPolicy.objects.filter(partnership=world.north).update(email_required=[ReminderKind.OVERDUE])
    sign_in(client, world.csc_owner)

    response = client.get(SETTINGS)

    assertContains(response, "Your partnership sends these by e-mail to everyone", count=1)
    overdue = input_tag(response, "email_overdue")
    assert " disabled" in overdue
    assert " checked" in overdue
    assert " disabled" not in input_tag(response, "email_due_soon")


def test_saving_writes_one_row_per_kind_and_leaves_others_alone(client, world):
    someone_elses = ReminderPreference.objects.create(
        user=world.csc_owner, kind=ReminderKind.DUE_SOON, by_email=False
    )
    sign_in(client, world.csc_lead)

    response = client.post(SETTINGS, {"email_due_soon": "yes", "email_weekly_digest": "yes"})

    assert response.status_code == 302
    assert response["Location"] == SETTINGS
    saved = dict(ReminderPreference.objects.filter(user=world.csc_lead).values_list("kind", "by_email"))
    assert saved == {
        ReminderKind.DUE_SOON: True,
        ReminderKind.OVERDUE: False,
        ReminderKind.DRIFT: False,
        ReminderKind.IMPACT_RECHECK: False,
        ReminderKind.WEEKLY_DIGEST: True,
    }
    someone_elses.refresh_from_db()
    assert someone_elses.by_email is False
    assertContains(client.get(SETTINGS), "Reminder settings saved")


def test_saving_twice_updates_rather_than_adds(client, world):
    sign_in(client, world.csc_lead)

    client.post(SETTINGS, {"email_due_soon": "yes"})
    client.post(SETTINGS, {})

    assert ReminderPreference.objects.filter(user=world.csc_lead).count() == 5
    assert not ReminderPreference.objects.filter(user=world.csc_lead, by_email=True).exists()


def test_required_kinds_cannot_be_turned_off(client, world):
    ReminderPolicy.objects.filter(partnership=world.north).update(email_required=[ReminderKind.OVERDUE])
    sign_in(client, world.csc_owner)

    response = client.post(SETTINGS, {"email_due_soon": "yes"})

    assert response.status_code == 302
    assert not ReminderPreference.objects.filter(user=world.csc_owner, kind=ReminderKind.OVERDUE).exists()
    assert ReminderPreference.objects.get(user=world.csc_owner, kind=ReminderKind.DRIFT).by_email is False


def test_kinds_the_person_does_not_receive_are_not_saved(client, world):
    sign_in(client, world.csc_owner)

    client.post(SETTINGS, {"email_monthly_summary": "yes", "email_long_overdue": "yes"})

    kinds = set(ReminderPreference.objects.filter(user=world.csc_owner).values_list("kind", flat=True))
    assert ReminderKind.MONTHLY_SUMMARY not in kinds
    assert ReminderKind.LONG_OVERDUE not in kinds


def test_bad_input_changes_nothing_and_says_what_to_do(client, world):
    before = list(ReminderPreference.objects.values_list("user_id", "kind", "by_email").order_by("pk"))
    sign_in(client, world.csc_lead)

    response = client.post(SETTINGS, {"email_due_soon": "perhaps", "email_weekly_digest": "yes"})

    assert response.status_code == 200
    assertContains(response, "Error: Reminder settings")
    assertContains(response, "Choose whether to get “Action due soon” reminders by e-mail")
    assertContains(response, 'class="govuk-error-summary"')
    after = list(ReminderPreference.objects.values_list("user_id", "kind", "by_email").order_by("pk"))
    assert after == before


def test_a_partnership_without_a_policy_shows_the_usual_timings(client, world):
    sign_in(client, world.outsider)

    response = client.get(SETTINGS)

    assertContains(response, "14 and 3 days before the due date")
    assertContains(response, "28 days after the due date")
    # The defaults send escalations and statutory deadlines to everyone by e-mail.
    assert " disabled" in input_tag(response, "email_long_overdue")
    assert " disabled" in input_tag(response, "email_review_deadline")
