"""Adding evidence to an action (a file checked by its content, or a link) and downloading it."""

import datetime
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from actions import services
from actions.models import Evidence, EvidencePurpose
from agencies.models import AccessEvent, AccessLogEntry
from tests.actions.test_evidence_files import make_image, make_pdf
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

PDF_TYPE = "application/pdf"


def add_url(action):
    return reverse("evidence_add", args=[action.pk])


def download_url(evidence):
    return reverse("evidence_download", args=[evidence.pk])


def stored_files() -> list[Path]:
    return sorted(path for path in Path(storages["evidence"].location).rglob("*") if path.is_file())


def pdf_upload(name="Audit report.pdf", content=None):
    return SimpleUploadedFile(
        name, make_pdf() if content is None else content, content_type="application/pdf"
    )


def file_answers(upload, **extra):
    return {
        "purpose": "completion",
        "title": "Audit of neglect assessments",
        "source": "file",
        "upload": upload,
        **extra,
    }


def link_answers(**extra):
    return {
        "purpose": "completion",
        "title": "Audit of neglect assessments",
        "source": "link",
        "link": "https://intranet.example.org/audit-q2",
        **extra,
    }


def date_answers(name, value: datetime.date) -> dict:
    return {f"{name}_day": value.day, f"{name}_month": value.month, f"{name}_year": value.year}


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def file_evidence(action, by, name="Audit report.pdf") -> Evidence:
    return services.evidence_add(
        action=action,
        by=by,
        purpose=EvidencePurpose.COMPLETION,
        title="Audit report",
        upload=pdf_upload(name),
    )


# --- Who may add evidence ---------------------------------------------------------------------------------


def test_anonymous_people_are_sent_to_sign_in(client, world):
    response = client.get(add_url(world.actions["A-csc-1"]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["outsider", "no_roles", "csc_lead"])
def test_someone_who_cannot_see_the_action_gets_404_and_nothing_is_saved(client, world, persona):
    action = world.actions["B-police-1"]
    sign_in(client, world.people[persona])
    before = Evidence.objects.count()

    assert client.get(add_url(action)).status_code == 404
    assert client.post(add_url(action), link_answers()).status_code == 404
    assert Evidence.objects.count() == before


@pytest.mark.parametrize("persona", ["board_member", "scrutineer"])
def test_a_reader_gets_403_and_nothing_is_saved(client, world, persona):
    action = world.actions["A-csc-1"]
    sign_in(client, world.people[persona])
    files_before, before = stored_files(), Evidence.objects.count()

    assert client.get(add_url(action)).status_code == 403
    assert client.post(add_url(action), file_answers(pdf_upload())).status_code == 403
    assert Evidence.objects.count() == before
    assert stored_files() == files_before


@pytest.mark.parametrize("persona", ["csc_owner", "csc_lead", "panel_member"])
def test_the_agency_staff_and_panel_staff_see_the_form(client, world, persona):
    sign_in(client, world.people[persona])

    response = client.get(add_url(world.actions["A-csc-1"]))

    assertContains(response, '<h1 class="govuk-heading-l">Add evidence</h1>', html=False)
    assertContains(response, 'enctype="multipart/form-data"')
    assertContains(response, "Evidence of completion")
    assertContains(response, "Evidence of impact")
    assertContains(response, "Re-check the impact on")
    assertContains(response, "PDF, Word, Excel, PowerPoint, OpenDocument, PNG or JPEG, up to 20 MB")
    # Further questions show under their option, never hidden (the script would mark radios aria-expanded).
    assertContains(response, '<div class="govuk-radios__conditional" id="conditional-id_purpose_1">')
    assertContains(response, 'id="conditional-id_source_0"')
    assertNotContains(response, "data-aria-controls")
    assertContains(response, 'class="govuk-file-upload"')
    assertContains(response, "Upload a file")
    assertContains(response, "Give a link")


def test_the_purpose_may_come_chosen(client, world, csc_owner):
    sign_in(client, csc_owner)

    chosen = client.get(add_url(world.actions["A-csc-1"]) + "?purpose=completion")
    nonsense = client.get(add_url(world.actions["A-csc-1"]) + "?purpose=rumour")

    assertContains(
        chosen, 'value="completion" class="govuk-radios__input" id="id_purpose_0" required checked'
    )
    assertNotContains(nonsense, "checked")


# --- Saving -------------------------------------------------------------------------------------------------


def test_a_checked_file_is_saved_with_the_type_found_in_it(client, world, csc_owner):
    action = world.actions["A-csc-1"]
    sign_in(client, csc_owner)
    files_before = stored_files()

    response = client.post(add_url(action), file_answers(pdf_upload("Neglect audit Q2.pdf")))

    assert response.status_code == 302
    evidence = Evidence.objects.get(title="Audit of neglect assessments")
    assert evidence.action == action
    assert evidence.purpose == EvidencePurpose.COMPLETION
    assert evidence.content_type == PDF_TYPE
    assert evidence.original_filename == "Neglect audit Q2.pdf"
    assert evidence.size == len(make_pdf())
    assert evidence.link == ""
    assert evidence.added_by == csc_owner
    assert evidence.file.name.endswith(".pdf")
    assert "Neglect" not in evidence.file.name  # the uploader's name never becomes a path
    assert len(stored_files()) == len(files_before) + 1
    assert evidence.history.get().history_user == csc_owner


def test_a_link_is_saved(client, world, csc_lead):
    action = world.actions["A-csc-1"]
    sign_in(client, csc_lead)

    response = client.post(add_url(action), link_answers(description="Signed off by the board."))

    assert response.status_code == 302
    evidence = Evidence.objects.get(title="Audit of neglect assessments")
    assert evidence.link == "https://intranet.example.org/audit-q2"
    assert evidence.description == "Signed off by the board."
    assert not evidence.file
    assert evidence.history.get().history_user == csc_lead


def test_evidence_of_impact_keeps_its_recheck_date(client, world, panel_member):
    action = world.actions["A-csc-1"]
    sign_in(client, panel_member)
    recheck = in_days(180)

    response = client.post(
        add_url(action), link_answers(purpose="impact", **date_answers("recheck_on", recheck))
    )

    assert response.status_code == 302
    evidence = Evidence.objects.get(title="Audit of neglect assessments")
    assert evidence.purpose == EvidencePurpose.IMPACT
    assert evidence.recheck_on == recheck


def test_a_recheck_date_given_for_evidence_of_completion_is_ignored(client, world, csc_owner):
    sign_in(client, csc_owner)

    client.post(add_url(world.actions["A-csc-1"]), link_answers(**date_answers("recheck_on", in_days(30))))

    assert Evidence.objects.get(title="Audit of neglect assessments").recheck_on is None


def test_only_the_chosen_way_of_giving_evidence_counts(client, world, csc_owner):
    """A link typed and then hidden by choosing "Upload a file" is not saved, and the other way round."""
    action = world.actions["A-csc-1"]
    sign_in(client, csc_owner)
    files_before = stored_files()

    client.post(add_url(action), link_answers(upload=pdf_upload(), title="By link"))
    client.post(add_url(action), file_answers(pdf_upload(), link="https://example.org/x", title="By file"))

    by_link = Evidence.objects.get(title="By link")
    assert by_link.link and not by_link.file
    by_file = Evidence.objects.get(title="By file")
    assert by_file.file and by_file.link == ""
    assert len(stored_files()) == len(files_before) + 1


# --- Bad input changes nothing ---------------------------------------------------------------------------


def assert_refused(client, action, answers, field, message):
    files_before, before = stored_files(), Evidence.objects.count()

    response = client.post(add_url(action), answers)

    assert response.status_code == 200
    assertContains(response, "<title>Error: Add evidence", html=False)
    assertContains(response, "There is a problem")
    assertContains(response, f'id="id_{field}_error"')
    assertContains(response, message)
    assert Evidence.objects.count() == before
    assert stored_files() == files_before
    return response


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        (
            {"title": "No purpose", "source": "link", "link": "https://example.org"},
            "purpose",
            "Choose whether it is",
        ),
        (
            {"purpose": "completion", "source": "link", "link": "https://example.org"},
            "title",
            "Enter a title",
        ),
        (
            {"purpose": "completion", "title": "No source"},
            "source",
            "Choose whether to upload a file or give a link",
        ),
        (file_answers(None), "upload", "Select a file"),
        (link_answers(link=""), "link", "Enter a link to the evidence"),
        (link_answers(link="not a link at all"), "link", "Enter a link in the right format"),
        (link_answers(purpose="impact"), "recheck_on", "Enter the date to re-check the impact"),
    ],
)
def test_missing_or_wrong_answers_are_refused(client, world, csc_owner, answers, field, message):
    sign_in(client, csc_owner)
    answers = {key: value for key, value in answers.items() if value is not None}

    assert_refused(client, world.actions["A-csc-1"], answers, field, message)


@pytest.mark.parametrize("days", [0, -1, -400])
def test_a_recheck_date_that_is_not_in_the_future_is_refused(client, world, csc_owner, days):
    sign_in(client, csc_owner)
    answers = link_answers(purpose="impact", **date_answers("recheck_on", in_days(days)))

    assert_refused(client, world.actions["A-csc-1"], answers, "recheck_on", "must be in the future")


def test_a_file_whose_content_does_not_match_its_name_is_refused_beside_the_file_question(
    client, world, csc_owner
):
    sign_in(client, csc_owner)
    lying = SimpleUploadedFile("Audit report.pdf", make_image("PNG"), content_type="application/pdf")

    response = assert_refused(
        client, world.actions["A-csc-1"], file_answers(lying), "upload", "not a real PDF file"
    )

    assertContains(response, 'href="#id_upload"')


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "payload.exe",
            "The selected file must be a PDF, Word, Excel, PowerPoint, OpenDocument, PNG or JPEG file",
        ),
        ("Old audit.doc", "Files in the old .doc format are not accepted"),
        ("Empty.pdf", "The selected file is empty"),
    ],
)
def test_files_of_other_kinds_and_empty_files_are_refused(client, world, csc_owner, name, message):
    sign_in(client, csc_owner)
    content = b"" if name == "Empty.pdf" else make_pdf()
    upload = SimpleUploadedFile(name, content)

    assert_refused(client, world.actions["A-csc-1"], file_answers(upload), "upload", message)


@override_settings(EVIDENCE_MAX_BYTES=100)
def test_a_file_over_the_size_limit_is_refused_while_it_arrives(client, world, csc_owner, monkeypatch):
    def never_checked(*args, **kwargs):
        raise AssertionError("a file over the limit reached the content check")

    # Dropped by the upload handler before it is stored, so the content check never sees it.
    monkeypatch.setattr("actions.evidence_files.check_upload", never_checked)
    sign_in(client, csc_owner)

    response = assert_refused(
        client,
        world.actions["A-csc-1"],
        file_answers(pdf_upload()),
        "upload",
        "The selected file must be smaller than 100 bytes",
    )

    # The other answers come back: only the file was dropped.
    assertContains(response, 'value="Audit of neglect assessments"')
    assertContains(response, "up to 100 bytes")


def test_a_file_at_the_size_limit_is_accepted(client, world, csc_owner, settings):
    settings.EVIDENCE_MAX_BYTES = len(make_pdf())
    sign_in(client, csc_owner)

    response = client.post(add_url(world.actions["A-csc-1"]), file_answers(pdf_upload()))

    assert response.status_code == 302
    assert Evidence.objects.filter(title="Audit of neglect assessments").exists()


def test_an_action_marked_complete_still_takes_evidence_of_impact(client, world, csc_owner):
    action = world.actions["A-csc-1"]
    services.action_mark_complete(action=action, by=csc_owner, note="Audit done.")
    sign_in(client, csc_owner)

    response = client.post(
        add_url(action), link_answers(purpose="impact", **date_answers("recheck_on", in_days(90)))
    )

    assert response.status_code == 302


# --- Downloading ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["police_lead", "panel_chair", "board_member", "scrutineer"])
def test_whoever_sees_the_action_downloads_the_file_as_an_attachment(client, world, persona):
    evidence = file_evidence(world.actions["B-police-1"], world.police_lead, name="Briefing: <Child SB>.pdf")
    user = world.people[persona]
    sign_in(client, user)

    response = client.get(download_url(evidence))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == make_pdf()
    assert response["Content-Type"] == PDF_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="Briefing Child SB.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "no-store, private"
    entry = AccessLogEntry.objects.get(event=AccessEvent.DOWNLOADED_EVIDENCE)
    assert entry.user == user
    assert entry.object_id == evidence.pk
    assert entry.object_label == "Audit report"


@pytest.mark.parametrize("persona", ["csc_lead", "csc_owner", "outsider", "no_roles"])
def test_someone_who_cannot_see_the_action_gets_404_and_no_log(client, world, persona):
    evidence = file_evidence(world.actions["B-police-1"], world.police_lead)
    sign_in(client, world.people[persona])

    assert client.get(download_url(evidence)).status_code == 404
    assert not AccessLogEntry.objects.filter(event=AccessEvent.DOWNLOADED_EVIDENCE).exists()


def test_anonymous_people_are_sent_to_sign_in_before_downloading(client, world):
    evidence = file_evidence(world.actions["B-police-1"], world.police_lead)

    response = client.get(download_url(evidence))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_link_has_nothing_to_download(client, world, csc_owner):
    link = Evidence.objects.filter(action=world.actions["A-csc-1"]).first()
    sign_in(client, csc_owner)

    assert client.get(download_url(link)).status_code == 404


def test_a_download_is_only_got_never_posted(client, world, police_lead):
    evidence = file_evidence(world.actions["B-police-1"], police_lead)
    sign_in(client, police_lead)

    assert client.post(download_url(evidence)).status_code == 405


def test_a_file_missing_from_the_store_gives_a_clear_404(client, world, police_lead):
    evidence = file_evidence(world.actions["B-police-1"], police_lead)
    evidence.file.storage.delete(evidence.file.name)
    sign_in(client, police_lead)

    response = client.get(download_url(evidence))

    assertContains(response, "The file could not be found", status_code=404)
    assertContains(response, "Audit report", status_code=404)
    assert not AccessLogEntry.objects.filter(event=AccessEvent.DOWNLOADED_EVIDENCE).exists()


def test_the_evidence_list_links_to_the_download(client, world, csc_owner):
    action = world.actions["A-csc-1"]
    evidence = file_evidence(action, csc_owner)
    sign_in(client, csc_owner)

    response = client.get(reverse("action_complete", args=[action.pk]))

    assertContains(response, f'href="{download_url(evidence)}"')
    assertNotContains(response, "No evidence of completion is attached yet")


def test_the_form_is_still_protected_from_cross_site_requests(world, csc_owner):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    sign_in(client, csc_owner)
    files_before, before = stored_files(), Evidence.objects.count()

    response = client.post(add_url(world.actions["A-csc-1"]), file_answers(pdf_upload()))

    assert response.status_code == 403
    assert Evidence.objects.count() == before
    assert stored_files() == files_before
    # With the token of the form, the same answers are saved.
    page = client.get(add_url(world.actions["A-csc-1"]))
    token = page.context["csrf_token"]
    response = client.post(
        add_url(world.actions["A-csc-1"]), file_answers(pdf_upload(), csrfmiddlewaretoken=str(token))
    )
    assert response.status_code == 302
