"""Evidence uploads are accepted by what they contain, not by what they are called."""

import contextlib
import io
import struct
import warnings
import zipfile
import zlib

import magic
import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from PIL import Image

from actions import evidence_files
from actions.evidence_files import ACCEPTED_DESCRIPTION, CheckedFile, check_upload, download_name, format_size

MAX_BYTES = 20 * 1024 * 1024

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT_TYPE = "application/vnd.oasis.opendocument.text"
ODS_TYPE = "application/vnd.oasis.opendocument.spreadsheet"
ODP_TYPE = "application/vnd.oasis.opendocument.presentation"


# --- building real files -------------------------------------------------------------------------------


def make_pdf() -> bytes:
    body = (
        b"%PDF-1.4\n"
        b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n"
    )
    return body + b"trailer << /Root 1 0 R >>\nstartxref\n0\n%%EOF\n"


def make_image(image_format: str, size: tuple[int, int] = (4, 4)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, image_format)
    return buffer.getvalue()


def make_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Action A-csc-1 completed"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_zip(members: dict[str, bytes], stored: tuple[str, ...] = ("mimetype",)) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_STORED if name in stored else None)
    return buffer.getvalue()


def ooxml_members(main_part: str, main_type: str, **extra: bytes) -> dict[str, bytes]:
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{main_type}"/>'
        "</Types>"
    ).encode()
    return {
        "[Content_Types].xml": content_types,
        "_rels/.rels": b'<?xml version="1.0"?><Relationships/>',
        main_part: b'<?xml version="1.0"?><document>Action plan evidence for Child SB</document>',
        **extra,
    }


DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
PPTX_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


def make_docx(**extra: bytes) -> bytes:
    return make_zip(ooxml_members("word/document.xml", DOCX_MAIN, **extra))


def make_pptx() -> bytes:
    return make_zip(ooxml_members("ppt/presentation.xml", PPTX_MAIN))


def make_odf(mimetype: str, first: bool = True) -> bytes:
    parts = {
        "content.xml": b'<?xml version="1.0"?><office:document-content/>',
        "META-INF/manifest.xml": b'<?xml version="1.0"?><manifest:manifest/>',
    }
    members = {"mimetype": mimetype.encode(), **parts} if first else {**parts, "mimetype": mimetype.encode()}
    return make_zip(members)


def png_with_dimensions(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims the given dimensions (the pixel data stays 1x1)."""
    png = bytearray(make_image("PNG", (1, 1)))
    ihdr_data_start = 8 + 8  # signature, then the IHDR chunk's length and type
    png[ihdr_data_start : ihdr_data_start + 8] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(png[12 : ihdr_data_start + 13]))  # chunk type + 13 bytes of IHDR data
    png[ihdr_data_start + 13 : ihdr_data_start + 17] = struct.pack(">I", crc)
    return bytes(png)


def upload(name: str, content: bytes, browser_type: str = "application/pdf") -> SimpleUploadedFile:
    # The browser's type is deliberately wrong in most tests: it must never matter.
    return SimpleUploadedFile(name, content, content_type=browser_type)


def refusal(name: str, content: bytes, max_bytes: int = MAX_BYTES) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        check_upload(upload(name, content), max_bytes=max_bytes)
    return caught.value


def mismatch_message(label: str) -> str:
    return f"The selected file is not a real {label} file: its content does not match its name"


# --- accepted files ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "build", "content_type", "extension"),
    [
        ("Action plan evidence.pdf", make_pdf, "application/pdf", ".pdf"),
        ("minutes.docx", make_docx, DOCX_TYPE, ".docx"),
        ("tracker.xlsx", make_xlsx, XLSX_TYPE, ".xlsx"),
        ("briefing.pptx", make_pptx, PPTX_TYPE, ".pptx"),
        ("minutes.odt", lambda: make_odf(ODT_TYPE), ODT_TYPE, ".odt"),
        ("tracker.ods", lambda: make_odf(ODS_TYPE), ODS_TYPE, ".ods"),
        ("briefing.odp", lambda: make_odf(ODP_TYPE), ODP_TYPE, ".odp"),
        ("poster.png", lambda: make_image("PNG"), "image/png", ".png"),
        ("photo.jpg", lambda: make_image("JPEG"), "image/jpeg", ".jpg"),
        ("photo.jpeg", lambda: make_image("JPEG"), "image/jpeg", ".jpg"),
        ("SCAN.PDF", make_pdf, "application/pdf", ".pdf"),
    ],
)
def test_each_accepted_kind_passes_with_the_served_type_from_the_allow_list(
    name, build, content_type, extension
):
    content = build()

    checked = check_upload(upload(name, content, browser_type="text/html"), max_bytes=MAX_BYTES)

    assert checked == CheckedFile(content_type=content_type, extension=extension, size=len(content))


def test_ooxml_that_libmagic_calls_a_plain_zip_is_decided_by_its_structure():
    # Member order decides what libmagic reports; a real document may start with any part.
    members = ooxml_members("word/document.xml", DOCX_MAIN)
    reordered = make_zip({"docProps/app.xml": b"<Properties/>", **dict(reversed(members.items()))})
    assert magic.from_buffer(reordered, mime=True) in evidence_files.GENERIC_ZIP_TYPES

    assert check_upload(upload("minutes.docx", reordered), max_bytes=MAX_BYTES).content_type == DOCX_TYPE


def test_odf_with_mimetype_not_first_is_decided_by_its_structure():
    content = make_odf(ODT_TYPE, first=False)

    assert check_upload(upload("minutes.odt", content), max_bytes=MAX_BYTES).extension == ".odt"


def test_small_parts_that_compress_very_well_are_not_mistaken_for_a_bomb():
    content = make_docx(**{"word/styles.xml": b" " * 500_000})

    assert check_upload(upload("minutes.docx", content), max_bytes=MAX_BYTES).extension == ".docx"


def test_pdf_header_may_follow_leading_bytes_within_the_first_kilobyte():
    content = b"\n" * 10 + make_pdf()
    assert magic.from_buffer(content, mime=True) == "application/pdf"

    assert check_upload(upload("report.pdf", content), max_bytes=MAX_BYTES).extension == ".pdf"


# --- files that lie about their type -------------------------------------------------------------------

ELF_HEADER = (
    b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + struct.pack("<HHI", 2, 0x3E, 1) + b"\x00" * 40 + b"\x00" * 200
)


@pytest.mark.parametrize(
    ("name", "build", "label"),
    [
        ("report.pdf", lambda: make_image("PNG"), "PDF"),
        ("report.pdf", lambda: ELF_HEADER, "PDF"),
        ("report.pdf", lambda: b"MZ\x90\x00\x03" + b"\x00" * 300, "PDF"),
        ("report.pdf", lambda: b"Plain text pretending to be a PDF", "PDF"),
        ("poster.png", lambda: b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "PNG"),
        ("poster.png", lambda: make_image("JPEG"), "PNG"),
        ("photo.jpg", lambda: make_image("PNG"), "JPEG"),
        ("minutes.docx", make_xlsx, "Word"),
        ("minutes.docx", make_pptx, "Word"),
        ("tracker.xlsx", make_docx, "Excel"),
        ("minutes.docx", lambda: make_zip({"notes.txt": b"not a document"}), "Word"),
        ("minutes.docx", lambda: make_zip({"word/document.xml": b"<w/>"}), "Word"),
        ("minutes.docx", make_pdf, "Word"),
        ("minutes.odt", lambda: make_odf(ODS_TYPE), "OpenDocument text"),
        ("minutes.odt", lambda: make_odf(ODS_TYPE, first=False), "OpenDocument text"),
        ("minutes.odt", lambda: make_zip({"mimetype": ODT_TYPE.encode()}), "OpenDocument text"),
        ("tracker.ods", make_xlsx, "OpenDocument spreadsheet"),
    ],
)
def test_a_file_whose_content_does_not_match_its_name_is_refused(name, build, label):
    error = refusal(name, build())

    assert error.messages == [mismatch_message(label)]
    assert error.code == "content_mismatch"


def test_truncated_pdf_without_end_marker_is_refused():
    truncated = make_pdf()[:-20]

    error = refusal("report.pdf", truncated)

    assert error.code == "damaged"
    assert error.messages == [
        "The selected PDF file is damaged or incomplete: save or export it again and upload the new copy"
    ]


def test_pdf_end_marker_far_from_the_end_is_not_enough():
    content = make_pdf() + b"% padding\n" * 400

    assert refusal("report.pdf", content).code == "damaged"


def test_png_with_a_corrupt_chunk_is_refused():
    png = bytearray(make_image("PNG", (8, 8)))
    idat = png.index(b"IDAT")
    png[idat + 6] ^= 0xFF  # the chunk's checksum no longer matches

    assert refusal("poster.png", bytes(png)).code == "damaged"


def test_the_browser_content_type_is_never_trusted():
    lie = upload("report.pdf", make_image("PNG"), browser_type="application/pdf")
    with pytest.raises(ValidationError):
        check_upload(lie, max_bytes=MAX_BYTES)

    honest = upload("poster.png", make_image("PNG"), browser_type="application/x-msdownload")
    assert check_upload(honest, max_bytes=MAX_BYTES).content_type == "image/png"


# --- size and name -------------------------------------------------------------------------------------


def test_empty_file_is_refused():
    error = refusal("report.pdf", b"")

    assert error.messages == ["The selected file is empty"]
    assert error.code == "empty"


def test_file_over_the_limit_is_refused_with_the_limit_in_words():
    error = refusal("report.pdf", make_pdf() + b" " * 1024 * 1024, max_bytes=1024 * 1024)

    assert error.messages == ["The selected file must be smaller than 1 MB"]
    assert error.code == "file_too_big"


def test_file_exactly_at_the_limit_is_accepted():
    content = make_pdf()

    assert check_upload(upload("report.pdf", content), max_bytes=len(content)).size == len(content)


@pytest.mark.parametrize(
    ("num_bytes", "words"),
    [(20 * 1024 * 1024, "20 MB"), (1536 * 1024, "1.5 MB"), (500 * 1024, "500 KB"), (900, "900 bytes")],
)
def test_sizes_are_formatted_for_people(num_bytes, words):
    assert format_size(num_bytes) == words


@pytest.mark.parametrize(
    "name",
    ["setup.exe", "page.html", "logo.svg", "notes.txt", "archive.zip", "no_extension", "report.pdf.exe"],
)
def test_extension_not_in_the_allow_list_is_refused(name):
    error = refusal(name, make_pdf())

    assert error.messages == [f"The selected file must be {ACCEPTED_DESCRIPTION}"]
    assert error.code == "unsupported_type"


@pytest.mark.parametrize(
    ("name", "replacement"), [("a.doc", ".docx"), ("a.xls", ".xlsx"), ("a.ppt", ".pptx")]
)
def test_old_office_formats_are_refused_with_a_hint_to_resave(name, replacement):
    ole_header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504

    error = refusal(name, ole_header)

    assert error.code == "legacy_office"
    assert error.messages[0].startswith(f"The selected file must be {ACCEPTED_DESCRIPTION}.")
    assert f"save it as {replacement} or PDF" in error.messages[0]


# --- dangerous archives --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "extra",
    [
        {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro project"},
        {"word/VBAPROJECT.BIN": b"\xd0\xcf\x11\xe0 macro project"},
    ],
)
def test_macro_project_in_a_docx_name_is_refused(extra):
    error = refusal("minutes.docx", make_docx(**extra))

    assert error.code == "macros"
    assert error.messages[0].startswith("The selected file contains macros")


def test_macro_enabled_content_type_in_a_docx_name_is_refused():
    docm = make_zip(ooxml_members("word/document.xml", DOCM_MAIN))

    error = refusal("minutes.docx", docm)

    assert error.code == "macros"


def test_macro_project_declared_under_another_part_name_is_refused():
    members = ooxml_members("word/document.xml", DOCX_MAIN, **{"word/extras.dat": b"\xd0\xcf\x11\xe0"})
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/word/extras.dat" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
    )

    assert refusal("minutes.docx", make_zip(members)).code == "macros"


def test_padded_content_types_part_is_refused(monkeypatch):
    # Padding could push a macro declaration past the part of the file we read.
    monkeypatch.setattr(evidence_files, "ARCHIVE_MAX_READ_BYTES", 300)
    members = ooxml_members("word/document.xml", DOCX_MAIN)
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"<Default", b" " * 400 + b"<Default", 1
    )

    assert refusal("minutes.docx", make_zip(members)).code == "damaged"


def test_zip_bomb_with_a_very_high_compression_ratio_is_refused():
    # 4 MiB of zeros deflates to a few KiB: far beyond a 100:1 ratio, yet small on disk.
    bomb = make_docx(**{"word/media/padding.bin": bytes(4 * 1024 * 1024)})
    assert len(bomb) < 20_000

    error = refusal("minutes.docx", bomb)

    assert error.code == "archive_bomb"


def test_archive_unpacking_past_the_total_limit_is_refused(monkeypatch):
    monkeypatch.setattr(evidence_files, "ARCHIVE_MAX_UNCOMPRESSED_BYTES", 2000)
    incompressible = bytes(range(256)) * 10

    error = refusal("minutes.docx", make_docx(**{"word/media/image1.bin": incompressible}))

    assert error.code == "archive_bomb"


def test_archive_with_too_many_members_is_refused(monkeypatch):
    monkeypatch.setattr(evidence_files, "ARCHIVE_MAX_MEMBERS", 5)
    many = {f"word/media/image{number}.png": b"x" for number in range(5)}

    assert refusal("minutes.docx", make_docx(**many)).code == "archive_bomb"


def test_real_member_limit_is_ten_thousand():
    assert evidence_files.ARCHIVE_MAX_MEMBERS == 10_000
    assert evidence_files.ARCHIVE_MAX_UNCOMPRESSED_BYTES == 200 * 1024 * 1024
    assert evidence_files.ARCHIVE_MAX_RATIO == 100


@pytest.mark.parametrize(
    "member",
    ["../../etc/cron.d/evil", "word/../../evil.xml", "/etc/passwd", "C:/Windows/evil.dll", "..\\evil"],
)
def test_member_with_an_unsafe_path_is_refused(member):
    error = refusal("minutes.docx", make_docx(**{member: b"payload"}))

    assert error.code == "unsafe_archive"
    assert error.messages == ["The selected file cannot be accepted: it contains parts with unsafe names"]


def test_zip_with_damaged_parts_is_refused():
    content = bytearray(make_docx())
    start = content.index(b"[Content_Types].xml") + len("[Content_Types].xml")
    content[start : start + 20] = b"\xff" * 20  # damage the compressed data we have to read

    assert refusal("minutes.docx", bytes(content)).code == "damaged"


def test_zip_without_its_central_directory_is_refused():
    truncated = make_docx()[:-40]

    assert refusal("minutes.docx", truncated).code == "content_mismatch"


# --- image bombs ---------------------------------------------------------------------------------------

IMAGE_TOO_LARGE = (
    "The selected image is too large: it must have no more than 50 million pixels. "
    "Make it smaller and upload it again"
)


def test_png_declaring_more_pixels_than_our_limit_is_refused():
    bomb = png_with_dimensions(10_000, 10_000)  # 100 million: past our limit, below Pillow's own error

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        error = refusal("poster.png", bomb)

    assert error.messages == [IMAGE_TOO_LARGE]
    assert error.code == "image_too_large"


def test_pillow_decompression_bomb_error_becomes_our_message():
    bomb = png_with_dimensions(30_000, 30_000)  # 900 million: Pillow refuses to open it at all
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(bomb))

    error = refusal("poster.png", bomb)

    assert error.messages == [IMAGE_TOO_LARGE]


def test_pillow_bomb_warning_raised_as_an_error_becomes_our_message():
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        error = refusal("poster.png", png_with_dimensions(10_000, 10_000))

    assert error.messages == [IMAGE_TOO_LARGE]


def test_image_exactly_at_the_pixel_limit_is_accepted():
    # verify() checks the PNG's structure and checksums without decoding pixels, so the header decides.
    content = png_with_dimensions(5_000, 10_000)

    assert check_upload(upload("poster.png", content), max_bytes=MAX_BYTES).content_type == "image/png"


# --- uploads Django has written to disk ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "build", "content_type"),
    [("report.pdf", make_pdf, "application/pdf"), ("tracker.xlsx", make_xlsx, XLSX_TYPE)],
)
def test_large_uploads_kept_in_a_temporary_file_are_checked_the_same_way(name, build, content_type):
    content = build()
    uploaded = TemporaryUploadedFile(name, "application/octet-stream", len(content), None)
    try:
        uploaded.write(content)

        checked = check_upload(uploaded, max_bytes=MAX_BYTES)

        assert checked.content_type == content_type
        assert uploaded.tell() == 0
    finally:
        uploaded.close()


# --- file position -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("report.pdf", make_pdf),
        ("tracker.xlsx", make_xlsx),
        ("minutes.odt", lambda: make_odf(ODT_TYPE)),
        ("poster.png", lambda: make_image("PNG")),
        ("report.pdf", lambda: make_image("PNG")),
        ("minutes.docx", lambda: make_zip({"notes.txt": b"x"})),
        ("report.pdf", lambda: make_pdf()[:-10]),
        ("setup.exe", make_pdf),
    ],
)
def test_file_position_is_back_at_the_start_after_the_check(name, build):
    uploaded = upload(name, build())
    uploaded.read(5)

    with contextlib.suppress(ValidationError):
        check_upload(uploaded, max_bytes=MAX_BYTES)

    assert uploaded.tell() == 0


# --- download names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "extension", "expected"),
    [
        ("../../etc/passwd.pdf", ".pdf", "passwd.pdf"),
        ("report\r\n.pdf", ".pdf", "report.pdf"),
        ("C:\\Users\\Officer A\\plan.xlsx", ".xlsx", "plan.xlsx"),
        ("Évaluation été – Child SB.docx", ".docx", "Évaluation été – Child SB.docx"),
        ("E\u0301valuation.pdf", ".pdf", "Évaluation.pdf"),
        ("会议记录.odt", ".odt", "会议记录.odt"),
        ("", ".pdf", "evidence.pdf"),
        ("..", ".pdf", "evidence.pdf"),
        (".pdf", ".pdf", "evidence.pdf"),
        ("\r\n\t", ".png", "evidence.png"),
        ("photo.JPEG", ".jpg", "photo.jpg"),
        ("notes", "PDF", "notes.pdf"),
        ("report.final.v2.pdf", ".pdf", "report.final.v2.pdf"),
        ("invoice\u202egpj.exe", ".pdf", "invoicegpj.pdf"),
        ('a "quoted"; name.pdf', ".pdf", "a quoted name.pdf"),
        ("  spaced   out  .pdf", ".pdf", "spaced out.pdf"),
    ],
)
def test_download_name_is_safe_and_keeps_the_checked_extension(original, extension, expected):
    assert download_name(original, extension) == expected


def test_download_name_is_kept_to_a_sensible_length():
    name = download_name("a" * 300 + ".pdf", ".pdf")

    assert name == "a" * 100 + ".pdf"
