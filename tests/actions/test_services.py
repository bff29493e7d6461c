"""The writes of action plans: evidence, progress, revised dates, completion and verification.

Each service checks the rights itself, saves all or nothing, and names the person in the history.
"""

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from actions import services
from actions.choices import Rag, Status
from actions.models import (
    Action,
    Evidence,
    EvidencePurpose,
    ProgressUpdate,
    TargetDateChange,
    Verification,
    VerificationOutcome,
)
from actions.rag import effective_rag
from agencies.models import Role
from tests.actions.test_evidence_files import make_image, make_pdf
from tests.factories import EvidenceFactory, MembershipFactory

pytestmark = pytest.mark.django_db

D = datetime.date
PDF_TYPE = "application/pdf"


def stored_files() -> list[Path]:
    return sorted(path for path in Path(storages["evidence"].location).rglob("*") if path.is_file())


def pdf(name="Audit report.pdf", content=None):
    return SimpleUploadedFile(name, make_pdf() if content is None else content)


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def fresh(action) -> Action:
    return Action.objects.get(pk=action.pk)


class Unchanged:
    """Counts of evidence rows and stored files, to show a refused write left nothing behind."""

    def __init__(self):
        self.rows, self.files = Evidence.objects.count(), stored_files()

    def check(self):
        assert Evidence.objects.count() == self.rows
        assert stored_files() == self.files


def messages_of(error: ValidationError, field: str) -> str:
    return " ".join(error.message_dict[field])


# --- evidence_add ------------------------------------------------------------------------------------------


def add(action, by, **kwargs):
    answers = {"purpose": EvidencePurpose.COMPLETION, "title": "Audit report"} | kwargs
    return services.evidence_add(action=action, by=by, **answers)


def test_a_checked_file_is_stored_under_a_generated_name(world, csc_owner):
    before = stored_files()

    evidence = add(world.actions["A-csc-1"], csc_owner, title="  Audit report  ", upload=pdf("Child SB.PDF"))

    assert evidence.title == "Audit report"
    assert evidence.content_type == PDF_TYPE
    assert evidence.size == len(make_pdf())
    assert evidence.original_filename == "Child SB.PDF"
    assert evidence.file.name.startswith("evidence/") and evidence.file.name.endswith(".pdf")
    assert "Child" not in evidence.file.name
    assert len(stored_files()) == len(before) + 1
    with evidence.file.open("rb") as handle:
        assert handle.read() == make_pdf()
    assert evidence.added_by == csc_owner
    assert evidence.history.get().history_user == csc_owner


def test_a_very_long_file_name_keeps_its_end(world, csc_owner):
    name = "x" * 300 + ".pdf"

    evidence = add(world.actions["A-csc-1"], csc_owner, upload=pdf(name))

    assert evidence.original_filename == name[-255:]


def test_a_link_is_stored(world, panel_chair):
    evidence = add(world.actions["B-police-1"], panel_chair, link="https://intranet.example.org/audit")

    assert evidence.link == "https://intranet.example.org/audit"
    assert not evidence.file
    assert evidence.content_type == ""
    assert evidence.history.get().history_user == panel_chair


def test_evidence_of_impact_keeps_its_recheck_date_and_completion_drops_it(world, csc_owner):
    action = world.actions["A-csc-1"]

    impact = add(
        action, csc_owner, purpose=EvidencePurpose.IMPACT, link="https://e.org/1", recheck_on=in_days(1)
    )
    completion = add(action, csc_owner, link="https://e.org/2", recheck_on=in_days(1))

    assert impact.recheck_on == in_days(1)
    assert completion.recheck_on is None


@pytest.mark.parametrize("persona", ["board_member", "scrutineer", "outsider", "no_roles", "police_lead"])
def test_only_people_who_may_update_the_action_add_evidence(world, persona):
    unchanged = Unchanged()

    with pytest.raises(PermissionDenied):
        add(world.actions["A-csc-1"], world.people[persona], upload=pdf())

    unchanged.check()


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"upload": "pdf", "link": "https://example.org"}, "upload", "not both"),
        ({}, "upload", "Attach a file or give a link"),
        (
            {"purpose": EvidencePurpose.IMPACT, "link": "https://e.org"},
            "recheck_on",
            "needs a date to re-check",
        ),
        ({"purpose": EvidencePurpose.IMPACT, "upload": "pdf"}, "recheck_on", "needs a date to re-check"),
        (
            {"purpose": EvidencePurpose.IMPACT, "upload": "pdf", "recheck_on": "today"},
            "recheck_on",
            "must be in the future",
        ),
        (
            {"purpose": EvidencePurpose.IMPACT, "link": "https://e.org", "recheck_on": "past"},
            "recheck_on",
            "must be in the future",
        ),
        ({"upload": "pdf", "title": "x" * 201}, "title", "at most 200 characters"),
        ({"upload": "pdf", "title": "   "}, "title", "cannot be blank"),
        ({"link": "not a link"}, "link", "Enter a valid URL"),
        ({"purpose": "rumour", "upload": "pdf"}, "purpose", "not a valid choice"),
    ],
)
def test_bad_answers_save_nothing_and_leave_no_file(world, csc_owner, kwargs, field, message):
    kwargs = dict(kwargs)
    if kwargs.get("upload") == "pdf":
        kwargs["upload"] = pdf()
    kwargs["recheck_on"] = {"today": in_days(0), "past": in_days(-30)}.get(kwargs.get("recheck_on"))
    unchanged = Unchanged()

    with pytest.raises(ValidationError) as refused:
        add(world.actions["A-csc-1"], csc_owner, **kwargs)

    assert message in messages_of(refused.value, field)
    unchanged.check()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("Audit.pdf", make_image("PNG")), "not a real PDF file"),
        (SimpleUploadedFile("Photo.png", make_pdf()), "not a real PNG file"),
        (SimpleUploadedFile("Script.exe", b"MZ\x90\x00"), "must be a PDF, Word, Excel"),
        (SimpleUploadedFile("Empty.pdf", b""), "The selected file is empty"),
        (SimpleUploadedFile("Cut short.pdf", make_pdf()[:-7]), "damaged or incomplete"),
    ],
)
def test_a_file_refused_by_its_content_saves_nothing(world, csc_owner, upload, message):
    unchanged = Unchanged()

    with pytest.raises(ValidationError) as refused:
        add(world.actions["A-csc-1"], csc_owner, upload=upload)

    assert message in messages_of(refused.value, "upload")
    unchanged.check()


@override_settings(EVIDENCE_MAX_BYTES=64)
def test_a_file_over_the_limit_saves_nothing(world, csc_owner):
    unchanged = Unchanged()

    with pytest.raises(ValidationError) as refused:
        add(world.actions["A-csc-1"], csc_owner, upload=pdf())

    assert messages_of(refused.value, "upload") == "The selected file must be smaller than 64 bytes"
    unchanged.check()


def test_a_failed_save_after_the_file_is_written_removes_the_file(world, csc_owner, monkeypatch):
    unchanged = Unchanged()

    def broken_save(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Evidence, "save", broken_save)
    with pytest.raises(RuntimeError):
        add(world.actions["A-csc-1"], csc_owner, upload=pdf())

    monkeypatch.undo()
    unchanged.check()


# --- progress_add ------------------------------------------------------------------------------------------


def test_an_update_records_the_status_and_the_rating_that_applied(world, csc_owner):
    action = world.actions["A-csc-1"]

    update = services.progress_add(
        action=action, by=csc_owner, narrative="  Half the audits done.  ", status="in_progress"
    )

    action = fresh(action)
    assert action.status == Status.IN_PROGRESS
    assert update.narrative == "Half the audits done."
    assert update.author == csc_owner
    assert update.written_on == timezone.localdate()
    assert update.rag == effective_rag(action, timezone.localdate())
    assert update.rag == Rag.RED  # due 31 March 2025, long past
    assert update.history.get().history_user == csc_owner
    assert action.history.first().history_user == csc_owner


def test_an_update_may_give_a_rating_with_its_reason(world, csc_lead):
    action = world.actions["A-csc-1"]

    update = services.progress_add(
        action=action,
        by=csc_lead,
        narrative="Audits done, report late.",
        status="in_progress",
        rag_override=Rag.AMBER,
        rag_override_reason="  The report is with the board.  ",
        written_on=in_days(-3),
    )

    action = fresh(action)
    assert update.rag == Rag.AMBER
    assert update.written_on == in_days(-3)
    assert action.rag_override == Rag.AMBER
    assert action.rag_override_reason == "The report is with the board."


def test_a_later_update_without_a_rating_drops_the_earlier_one(world, csc_lead):
    action = world.actions["A-csc-1"]
    services.progress_add(
        action=action,
        by=csc_lead,
        narrative="a",
        status="in_progress",
        rag_override=Rag.GREEN,
        rag_override_reason="b",
    )

    services.progress_add(action=action, by=csc_lead, narrative="c", status="in_progress")

    assert fresh(action).rag_override == ""
    assert fresh(action).rag_override_reason == ""


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"status": Status.VERIFIED}, "status"),
        ({"status": Status.AWAITING_VERIFICATION}, "status"),
        ({"status": Status.SUPERSEDED}, "status"),  # only panel staff close an action as superseded
        ({"status": "done-ish"}, "status"),
        ({"written_on": "tomorrow"}, "written_on"),
        ({"rag_override": Rag.GREEN}, "rag_override_reason"),
        ({"narrative": "   "}, "narrative"),
    ],
)
def test_a_bad_update_changes_nothing(world, csc_owner, kwargs, field):
    action = world.actions["A-csc-1"]
    answers = {"narrative": "Progress", "status": Status.IN_PROGRESS} | kwargs
    if answers.get("written_on") == "tomorrow":
        answers["written_on"] = in_days(1)
    updates = ProgressUpdate.objects.count()
    history = action.history.count()

    with pytest.raises(ValidationError) as refused:
        services.progress_add(action=action, by=csc_owner, **answers)

    assert field in refused.value.message_dict
    assert fresh(action).status == Status.NOT_STARTED
    assert ProgressUpdate.objects.count() == updates
    assert action.history.count() == history


def test_panel_staff_may_close_an_action_as_superseded(world, panel_member):
    action = world.actions["A-csc-1"]

    services.progress_add(
        action=action, by=panel_member, narrative="Replaced by action 2.", status="superseded"
    )

    assert fresh(action).status == Status.SUPERSEDED


def test_an_action_marked_complete_takes_no_update(world, csc_owner):
    action = services.action_mark_complete(action=world.actions["A-csc-1"], by=csc_owner, note="Done.")

    with pytest.raises(ValidationError) as refused:
        services.progress_add(action=action, by=csc_owner, narrative="More", status="in_progress")

    assert "panel staff verify it or return it first" in messages_of(refused.value, "status")


@pytest.mark.parametrize("persona", ["board_member", "scrutineer", "outsider", "police_lead"])
def test_readers_and_strangers_cannot_update(world, persona):
    with pytest.raises(PermissionDenied):
        services.progress_add(
            action=world.actions["A-csc-1"], by=world.people[persona], narrative="x", status="in_progress"
        )

    assert fresh(world.actions["A-csc-1"]).status == Status.NOT_STARTED


# --- action_revise_date ---------------------------------------------------------------------------------


def test_revising_keeps_the_target_date_and_records_the_change(world, csc_lead):
    action = world.actions["A-csc-1"]

    change = services.action_revise_date(
        action=action, by=csc_lead, new_date=D(2025, 9, 30), reason="  New tool.  "
    )

    action = fresh(action)
    assert action.target_date == D(2025, 3, 31)
    assert action.revised_target_date == D(2025, 9, 30)
    assert action.revision_reason == "New tool."
    assert (change.previous_date, change.new_date, change.reason) == (
        D(2025, 3, 31),
        D(2025, 9, 30),
        "New tool.",
    )
    assert change.changed_by == csc_lead
    assert change.history.get().history_user == csc_lead
    assert action.history.first().history_user == csc_lead


def test_each_revision_records_the_date_it_replaced(world, panel_chair):
    action = world.actions["A-csc-1"]
    services.action_revise_date(action=action, by=panel_chair, new_date=D(2025, 9, 30), reason="One")

    second = services.action_revise_date(
        action=fresh(action), by=panel_chair, new_date=D(2025, 12, 31), reason="Two"
    )

    assert second.previous_date == D(2025, 9, 30)
    assert TargetDateChange.objects.filter(action=action).count() == 2


def test_revising_back_to_the_target_date_clears_the_revision(world, csc_lead):
    action = world.actions["A-csc-1"]
    services.action_revise_date(action=action, by=csc_lead, new_date=D(2025, 9, 30), reason="Slipped")

    services.action_revise_date(
        action=fresh(action), by=csc_lead, new_date=D(2025, 3, 31), reason="Back on track"
    )

    action = fresh(action)
    assert action.revised_target_date is None
    assert action.revision_reason == ""


@pytest.mark.parametrize(
    ("new_date", "reason", "field"),
    [(D(2025, 3, 31), "Same date", "new_date"), (D(2025, 9, 30), "   ", "reason")],
)
def test_a_bad_revision_changes_nothing(world, csc_lead, new_date, reason, field):
    action = world.actions["A-csc-1"]
    changes = TargetDateChange.objects.count()

    with pytest.raises(ValidationError) as refused:
        services.action_revise_date(action=action, by=csc_lead, new_date=new_date, reason=reason)

    assert field in refused.value.message_dict
    assert fresh(action).revised_target_date is None
    assert TargetDateChange.objects.count() == changes


@pytest.mark.parametrize("status", [Status.VERIFIED, Status.SUPERSEDED])
def test_a_closed_action_keeps_its_date(world, panel_chair, csc_lead, status):
    action = world.actions["A-csc-1"]
    if status == Status.VERIFIED:
        services.action_mark_complete(action=action, by=csc_lead, note="Done")
        services.action_verify(action=fresh(action), by=panel_chair)
    else:
        services.progress_add(action=action, by=panel_chair, narrative="Replaced", status=status)

    with pytest.raises(ValidationError) as refused:
        services.action_revise_date(
            action=fresh(action), by=panel_chair, new_date=D(2026, 1, 1), reason="Late"
        )

    assert "closed" in messages_of(refused.value, "new_date")


@pytest.mark.parametrize("persona", ["csc_owner", "board_member", "police_lead", "outsider"])
def test_only_leads_and_panel_staff_revise_dates(world, persona):
    with pytest.raises(PermissionDenied):
        services.action_revise_date(
            action=world.actions["A-csc-1"], by=world.people[persona], new_date=D(2025, 9, 30), reason="Why"
        )

    assert not TargetDateChange.objects.filter(action=world.actions["A-csc-1"]).exists()


# --- action_mark_complete ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["csc_owner", "csc_lead", "panel_member"])
def test_marking_complete_records_who_when_and_the_note(world, persona):
    user = world.people[persona]
    action = world.actions["A-csc-1"]
    action.rag_override, action.rag_override_reason = Rag.AMBER, "Waiting on the report"
    action.save()

    services.action_mark_complete(action=action, by=user, note="  Audit done; report attached.  ")

    action = fresh(action)
    assert action.status == Status.AWAITING_VERIFICATION
    assert action.completed_by == user
    assert action.completed_at is not None
    assert action.rag_override == "" and action.rag_override_reason == ""
    note = action.progress_updates.first()
    assert (note.narrative, note.status, note.author, note.rag) == (
        "Audit done; report attached.",
        Status.AWAITING_VERIFICATION,
        user,
        Rag.GREEN,
    )
    assert action.history.first().history_user == user
    assert note.history.get().history_user == user


def test_an_action_not_achieved_may_still_be_completed(world, csc_owner):
    action = world.actions["A-csc-1"]
    services.progress_add(action=action, by=csc_owner, narrative="Stalled", status=Status.NOT_ACHIEVED)

    services.action_mark_complete(action=fresh(action), by=csc_owner, note="Done after all")

    assert fresh(action).status == Status.AWAITING_VERIFICATION


def test_evidence_of_impact_alone_does_not_allow_completion(world, csc_owner):
    action = world.actions["A-csc-2"]
    EvidenceFactory(action=action, added_by=csc_owner, impact=True)

    with pytest.raises(ValidationError) as refused:
        services.action_mark_complete(action=action, by=csc_owner, note="Done")

    assert "Add evidence of completion" in messages_of(refused.value, "note")
    assert fresh(action).status == Status.NOT_STARTED


def test_completion_needs_a_note(world, csc_owner):
    updates = ProgressUpdate.objects.count()

    with pytest.raises(ValidationError) as refused:
        services.action_mark_complete(action=world.actions["A-csc-1"], by=csc_owner, note="  ")

    assert "Say what was done" in messages_of(refused.value, "note")
    assert fresh(world.actions["A-csc-1"]).status == Status.NOT_STARTED
    assert ProgressUpdate.objects.count() == updates


@pytest.mark.parametrize("persona", ["board_member", "scrutineer", "police_lead", "outsider"])
def test_readers_and_strangers_cannot_mark_complete(world, persona):
    with pytest.raises(PermissionDenied):
        services.action_mark_complete(action=world.actions["A-csc-1"], by=world.people[persona], note="Done")

    assert fresh(world.actions["A-csc-1"]).status == Status.NOT_STARTED


def test_an_action_is_marked_complete_only_once(world, csc_owner, csc_lead):
    services.action_mark_complete(action=world.actions["A-csc-1"], by=csc_lead, note="Done")

    with pytest.raises(ValidationError) as refused:
        services.action_mark_complete(action=world.actions["A-csc-1"], by=csc_owner, note="Done too")

    assert "already completed" in messages_of(refused.value, "note")
    assert fresh(world.actions["A-csc-1"]).completed_by == csc_lead


# --- action_verify and action_return -----------------------------------------------------------------


@pytest.fixture
def marked_complete(world, csc_owner):
    action = world.actions["A-csc-1"]
    action.owner = csc_owner
    action.save()
    return services.action_mark_complete(action=action, by=world.csc_lead, note="Audit done.")


def test_verifying_records_the_decision(marked_complete, panel_member):
    verification = services.action_verify(action=marked_complete, by=panel_member, note="  Report seen.  ")

    action = fresh(marked_complete)
    assert action.status == Status.VERIFIED
    assert action.verified_by == panel_member
    assert action.verified_at == verification.decided_at
    assert verification.decision == VerificationOutcome.VERIFIED
    assert verification.reason == "Report seen."
    assert verification.decided_by == panel_member
    assert verification.history.get().history_user == panel_member
    assert action.history.first().history_user == panel_member


@pytest.mark.parametrize(
    "persona", ["csc_owner", "csc_lead", "board_member", "scrutineer", "police_lead", "outsider"]
)
def test_only_panel_staff_of_the_partnership_verify_or_return(marked_complete, world, persona):
    user = world.people[persona]
    decisions = Verification.objects.count()

    with pytest.raises(PermissionDenied):
        services.action_verify(action=marked_complete, by=user)
    with pytest.raises(PermissionDenied):
        services.action_return(action=marked_complete, by=user, reason="No")

    assert fresh(marked_complete).status == Status.AWAITING_VERIFICATION
    assert Verification.objects.count() == decisions


def test_nobody_verifies_or_returns_an_action_they_marked_complete(world, panel_member):
    action = services.action_mark_complete(action=world.actions["A-csc-1"], by=panel_member, note="Done")

    with pytest.raises(PermissionDenied, match="they own or marked complete"):
        services.action_verify(action=action, by=panel_member)
    with pytest.raises(PermissionDenied, match="they own or marked complete"):
        services.action_return(action=action, by=panel_member, reason="Hmm")

    assert fresh(action).status == Status.AWAITING_VERIFICATION


def test_nobody_verifies_an_action_they_own(world, panel_member, csc_lead):
    MembershipFactory(user=panel_member, agency=world.agencies["north_csc"], role=Role.ACTION_OWNER)
    action = world.actions["A-csc-1"]
    action.owner = panel_member
    action.save()
    services.action_mark_complete(action=action, by=csc_lead, note="Done")

    with pytest.raises(PermissionDenied, match="they own or marked complete"):
        services.action_verify(action=fresh(action), by=panel_member)

    assert fresh(action).verified_by is None


def test_only_an_action_marked_complete_is_verified_or_returned(world, panel_chair):
    action = world.actions["A-csc-1"]

    with pytest.raises(ValidationError, match="Only an action marked complete can be verified"):
        services.action_verify(action=action, by=panel_chair)
    with pytest.raises(ValidationError, match="Only an action marked complete can be returned"):
        services.action_return(action=action, by=panel_chair, reason="Not done")

    assert fresh(action).status == Status.NOT_STARTED


def test_a_verified_action_is_not_verified_again(marked_complete, panel_member, panel_chair):
    services.action_verify(action=marked_complete, by=panel_member)

    with pytest.raises(ValidationError):
        services.action_verify(action=fresh(marked_complete), by=panel_chair)

    assert fresh(marked_complete).verified_by == panel_member


def test_returning_sends_the_action_back_in_progress(marked_complete, panel_chair):
    verification = services.action_return(
        action=marked_complete, by=panel_chair, reason="  Attach the signed report. "
    )

    action = fresh(marked_complete)
    assert action.status == Status.IN_PROGRESS
    assert action.completed_by is None and action.completed_at is None
    assert action.verified_by is None
    assert verification.decision == VerificationOutcome.RETURNED
    assert verification.reason == "Attach the signed report."
    assert verification.decided_by == panel_chair
    assert verification.history.get().history_user == panel_chair
    assert action.history.first().history_user == panel_chair


def test_a_return_needs_its_reason(marked_complete, panel_chair):
    decisions = Verification.objects.count()

    with pytest.raises(ValidationError) as refused:
        services.action_return(action=marked_complete, by=panel_chair, reason="   ")

    assert "Say what the agency must do" in messages_of(refused.value, "reason")
    assert fresh(marked_complete).status == Status.AWAITING_VERIFICATION
    assert Verification.objects.count() == decisions


def test_a_returned_action_can_be_completed_again_and_verified_by_the_one_who_returned_it(
    marked_complete, world, panel_chair, csc_owner
):
    services.action_return(action=marked_complete, by=panel_chair, reason="Attach the signed report.")
    services.action_mark_complete(action=fresh(marked_complete), by=csc_owner, note="Signed report attached.")

    services.action_verify(action=fresh(marked_complete), by=panel_chair)

    action = fresh(marked_complete)
    assert action.status == Status.VERIFIED
    assert list(action.verifications.order_by("decided_at").values_list("decision", flat=True))[-2:] == [
        VerificationOutcome.RETURNED,
        VerificationOutcome.VERIFIED,
    ]
