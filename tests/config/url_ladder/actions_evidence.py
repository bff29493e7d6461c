"""Evidence of an action: adding it and downloading its file.

Whoever may update an action (its agency's staff, panel staff) adds evidence; whoever sees the action
downloads its files. The police action B-police-1 is unseen by the CSC lead (the "other agency"); the
board member reads it but may not add to it.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from .rungs import LOGIN, Rung

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)


def police_action(world):
    return [world.actions["B-police-1"].pk]


def police_file(world):
    from actions import services

    evidence = services.evidence_add(
        action=world.actions["B-police-1"],
        by=world.police_lead,
        purpose="completion",
        title="Briefing attendance list",
        upload=SimpleUploadedFile("Attendance.pdf", PDF),
    )
    return [evidence.pk]


ROWS = {
    "evidence_add": Rung(
        {
            "anonymous": LOGIN,
            "no_roles": 404,
            "other_partnership": 404,
            "other_agency": 404,
            "read_only_write": 403,
            "right_role": 200,
        },
        args=police_action,
        write_data={
            "purpose": "completion",
            "title": "Added by a board member",
            "source": "link",
            "link": "https://example.org/evidence",
        },
    ),
    "evidence_download": Rung(
        {
            "anonymous": LOGIN,
            "no_roles": 404,
            "other_partnership": 404,
            "other_agency": 404,
            "read_only_write": 405,
            "right_role": 200,
        },
        args=police_file,
    ),
}
