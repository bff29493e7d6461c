"""Checking uploaded evidence files by their content, not their name.

Every upload is matched against one allow-list (ALLOWED_KINDS). The file's extension picks the kind it
claims to be; libmagic and a check of the file's own structure must agree before it is accepted. The
type we later serve the file with comes from the allow-list, never from the browser.
"""

import os
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from enum import StrEnum

import magic
from django.core.exceptions import ValidationError
from PIL import Image

ACCEPTED_DESCRIPTION = "a PDF, Word, Excel, PowerPoint, OpenDocument, PNG or JPEG file"

# libmagic needs only the start of a file; 64 KiB is enough for every type we accept.
MAGIC_SNIFF_BYTES = 64 * 1024
PDF_HEADER_WINDOW = 1024  # the PDF spec lets "%PDF-" appear anywhere in the first 1024 bytes
PDF_TRAILER_WINDOW = 2 * 1024

# Limits on what a zip-based document may unpack to, so a small upload cannot exhaust memory or disk.
ARCHIVE_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
ARCHIVE_MAX_MEMBERS = 10_000
ARCHIVE_MAX_RATIO = 100
ARCHIVE_RATIO_APPLIES_FROM = 1024 * 1024
# Parts we read ourselves ([Content_Types].xml, mimetype) are small in real documents; reading is capped.
ARCHIVE_MAX_READ_BYTES = 1024 * 1024

IMAGE_MAX_PIXELS = 50_000_000

# What libmagic reports for a zip depends on the order of its members, so a genuine OOXML or ODF file
# may come back as a plain zip or as unknown binary; the structural check then decides.
GENERIC_ZIP_TYPES = frozenset({"application/zip", "application/octet-stream"})


class Family(StrEnum):
    PDF = "pdf"
    OOXML = "ooxml"
    ODF = "odf"
    IMAGE = "image"


@dataclass(frozen=True)
class FileKind:
    """One accepted kind of file, as the allow-list describes it."""

    label: str  # for messages: "not a real <label> file"
    family: Family
    served_type: str
    magic_types: frozenset[str]
    # OOXML: the part that makes it this kind; ODF: the required `mimetype` content; image: Pillow format.
    marker: str
    extension: str  # the normalised extension


def _ooxml(label: str, served_type: str, main_part: str, extension: str) -> FileKind:
    return FileKind(
        label, Family.OOXML, served_type, frozenset({served_type}) | GENERIC_ZIP_TYPES, main_part, extension
    )


def _odf(label: str, served_type: str, extension: str) -> FileKind:
    return FileKind(
        label, Family.ODF, served_type, frozenset({served_type}) | GENERIC_ZIP_TYPES, served_type, extension
    )


_JPEG = FileKind("JPEG", Family.IMAGE, "image/jpeg", frozenset({"image/jpeg"}), "JPEG", ".jpg")

ALLOWED_KINDS: dict[str, FileKind] = {
    ".pdf": FileKind("PDF", Family.PDF, "application/pdf", frozenset({"application/pdf"}), "", ".pdf"),
    ".docx": _ooxml(
        "Word",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "word/document.xml",
        ".docx",
    ),
    ".xlsx": _ooxml(
        "Excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xl/workbook.xml",
        ".xlsx",
    ),
    ".pptx": _ooxml(
        "PowerPoint",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "ppt/presentation.xml",
        ".pptx",
    ),
    ".odt": _odf("OpenDocument text", "application/vnd.oasis.opendocument.text", ".odt"),
    ".ods": _odf("OpenDocument spreadsheet", "application/vnd.oasis.opendocument.spreadsheet", ".ods"),
    ".odp": _odf("OpenDocument presentation", "application/vnd.oasis.opendocument.presentation", ".odp"),
    ".png": FileKind("PNG", Family.IMAGE, "image/png", frozenset({"image/png"}), "PNG", ".png"),
    ".jpg": _JPEG,
    ".jpeg": _JPEG,
}

# Old binary Office formats can carry macros and libmagic cannot reliably tell them apart.
LEGACY_OFFICE_REPLACEMENTS = {".doc": ".docx", ".xls": ".xlsx", ".ppt": ".pptx"}


@dataclass(frozen=True)
class CheckedFile:
    content_type: str  # the MIME type we will serve it with, from our allow-list (not from the browser)
    extension: str  # normalised, e.g. ".pdf", ".docx", ".jpg"
    size: int  # bytes


def check_upload(uploaded, *, max_bytes: int) -> CheckedFile:
    """Accept `uploaded` (a Django UploadedFile) only if its content is what its name says.

    Raises ValidationError with one clear message if refused. Leaves the file position at 0.
    """
    try:
        return _check(uploaded, max_bytes)
    finally:
        uploaded.seek(0)


def download_name(original_filename: str, extension: str) -> str:
    """A safe file name for Content-Disposition: the uploader's name with the checked extension."""
    extension = "." + extension.lstrip(".").lower() if extension else ""
    name = unicodedata.normalize("NFC", original_filename or "")
    # Only the last path component: an uploaded name must never steer where a download is saved.
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if _is_safe_name_char(char))
    # Drop the uploader's own extension (whatever it was); ".pdf" alone leaves no name at all.
    stem = name.rpartition(".")[0] if "." in name else name
    stem = " ".join(stem.split()).strip(" .")[:100].strip(" .")
    return f"{stem or 'evidence'}{extension}"


def _is_safe_name_char(char: str) -> bool:
    # Control, format (e.g. right-to-left override) and line/paragraph separators can disguise a name;
    # the rest are reserved in file names on common systems or break header quoting.
    category = unicodedata.category(char)
    return not (category.startswith("C") or category in ("Zl", "Zp") or char in '"*/:<>?\\|;')


def _check(uploaded, max_bytes: int) -> CheckedFile:
    uploaded.seek(0)
    size = _size_of(uploaded)
    if size == 0:
        raise ValidationError("The selected file is empty", code="empty")
    if size > max_bytes:
        raise ValidationError(
            f"The selected file must be smaller than {format_size(max_bytes)}", code="file_too_big"
        )

    extension = _extension_of(uploaded.name)
    if extension in LEGACY_OFFICE_REPLACEMENTS:
        raise ValidationError(
            f"The selected file must be {ACCEPTED_DESCRIPTION}. Files in the old {extension} format are not "
            f"accepted: save it as {LEGACY_OFFICE_REPLACEMENTS[extension]} or PDF and upload it again",
            code="legacy_office",
        )
    kind = ALLOWED_KINDS.get(extension)
    if kind is None:
        raise ValidationError(f"The selected file must be {ACCEPTED_DESCRIPTION}", code="unsupported_type")

    head = uploaded.read(MAGIC_SNIFF_BYTES)
    if magic.from_buffer(head, mime=True) not in kind.magic_types:
        raise _mismatch(kind)

    uploaded.seek(0)
    if kind.family is Family.PDF:
        _check_pdf(uploaded, head, size, kind)
    elif kind.family in (Family.OOXML, Family.ODF):
        _check_archive(uploaded, kind)
    else:
        _check_image(uploaded, kind)
    return CheckedFile(content_type=kind.served_type, extension=kind.extension, size=size)


def _size_of(uploaded) -> int:
    # Django measures the size while receiving the upload; count it ourselves only if it did not.
    if uploaded.size is not None:
        return uploaded.size
    size = sum(len(chunk) for chunk in uploaded.chunks())
    uploaded.seek(0)
    return size


def _extension_of(name: str | None) -> str:
    # Trailing dots and spaces are dropped by Windows, so "evil.exe." would open as an .exe there.
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].rstrip(" .")
    return os.path.splitext(base)[1].lower()


def format_size(num_bytes: int) -> str:
    """A size for people: "20 MB", "1.5 MB", "500 KB" (binary units, as upload limits are set)."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if num_bytes >= factor:
            value = num_bytes / factor
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{num_bytes} bytes"


def _mismatch(kind: FileKind) -> ValidationError:
    return ValidationError(
        f"The selected file is not a real {kind.label} file: its content does not match its name",
        code="content_mismatch",
    )


def _damaged(kind: FileKind) -> ValidationError:
    return ValidationError(
        f"The selected {kind.label} file is damaged or incomplete: save or export it again and upload the "
        "new copy",
        code="damaged",
    )


def _check_pdf(uploaded, head: bytes, size: int, kind: FileKind) -> None:
    if b"%PDF-" not in head[:PDF_HEADER_WINDOW]:
        raise _mismatch(kind)
    # A PDF ends with %%EOF (allowing for trailing whitespace or junk); without it the upload was cut short.
    uploaded.seek(max(size - PDF_TRAILER_WINDOW, 0))
    if b"%%EOF" not in uploaded.read(PDF_TRAILER_WINDOW):
        raise _damaged(kind)


def _check_archive(uploaded, kind: FileKind) -> None:
    if not zipfile.is_zipfile(uploaded):
        raise _mismatch(kind)
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            members = archive.infolist()
            _check_archive_limits(members)
            names = {member.filename for member in members}
            if kind.family is Family.OOXML:
                _check_ooxml(archive, names, kind)
            else:
                _check_odf(archive, names, kind)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        NotImplementedError,
        RuntimeError,
        OSError,
    ) as error:
        # Broken data, unsupported compression or encryption: not something we can vouch for.
        raise _damaged(kind) from error


def _check_archive_limits(members: list[zipfile.ZipInfo]) -> None:
    # Sizes come from the archive's own directory; the parts we read are read with a cap, so a lying
    # directory cannot make us unpack more than ARCHIVE_MAX_READ_BYTES.
    total_uncompressed = sum(member.file_size for member in members)
    total_compressed = sum(member.compress_size for member in members)
    too_compressed = _too_compressed(total_uncompressed, total_compressed) or any(
        _too_compressed(member.file_size, member.compress_size) for member in members
    )
    if (
        len(members) > ARCHIVE_MAX_MEMBERS
        or total_uncompressed > ARCHIVE_MAX_UNCOMPRESSED_BYTES
        or too_compressed
    ):
        raise ValidationError(
            "The selected file cannot be accepted: it unpacks to far more data than its size suggests. "
            "Save it again as a normal document and upload the new copy",
            code="archive_bomb",
        )
    if any(_is_unsafe_member_name(member.filename) for member in members):
        raise ValidationError(
            "The selected file cannot be accepted: it contains parts with unsafe names", code="unsafe_archive"
        )


def _too_compressed(uncompressed: int, compressed: int) -> bool:
    # Small parts can compress very well without harm (repetitive XML); only large ones can be bombs.
    return uncompressed >= ARCHIVE_RATIO_APPLIES_FROM and uncompressed > ARCHIVE_MAX_RATIO * max(
        compressed, 1
    )


def _is_unsafe_member_name(name: str) -> bool:
    normalised = name.replace("\\", "/")
    has_drive = len(normalised) > 1 and normalised[1] == ":"
    return normalised.startswith("/") or has_drive or ".." in normalised.split("/") or "\0" in name


def _read_member(archive: zipfile.ZipFile, name: str, kind: FileKind) -> bytes:
    with archive.open(name) as member:
        data = member.read(ARCHIVE_MAX_READ_BYTES + 1)
    # Real ones are a few kilobytes; a padded one could hide what follows beyond what we read.
    if len(data) > ARCHIVE_MAX_READ_BYTES:
        raise _damaged(kind)
    return data


def _check_ooxml(archive: zipfile.ZipFile, names: set[str], kind: FileKind) -> None:
    if "[Content_Types].xml" not in names or kind.marker not in names:
        raise _mismatch(kind)
    content_types = _read_member(archive, "[Content_Types].xml", kind).lower()
    has_macro_project = any(name.lower().rsplit("/", 1)[-1] == "vbaproject.bin" for name in names)
    # The content types name a macro project even if its part has been given another name.
    declares_macros = b"macroenabled" in content_types or b"vbaproject" in content_types
    if has_macro_project or declares_macros:
        raise ValidationError(
            f"The selected file contains macros: save it as a {kind.extension} file without macros, or as a "
            "PDF, and upload it again",
            code="macros",
        )


def _check_odf(archive: zipfile.ZipFile, names: set[str], kind: FileKind) -> None:
    if "mimetype" not in names or "content.xml" not in names:
        raise _mismatch(kind)
    if _read_member(archive, "mimetype", kind).strip() != kind.marker.encode():
        raise _mismatch(kind)


def _check_image(uploaded, kind: FileKind) -> None:
    try:
        # Only the claimed format's parser may read the file: less of Pillow is exposed to untrusted input.
        with Image.open(uploaded, formats=[kind.marker]) as image:
            if image.format != kind.marker:
                raise _mismatch(kind)
            width, height = image.size
            if width * height > IMAGE_MAX_PIXELS:
                raise _image_too_large()
            image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        # Pillow refuses (or, if warnings are errors, warns about) huge images before we see their size.
        raise _image_too_large() from error
    except ValidationError:
        raise
    except Exception as error:  # Pillow raises many kinds of error for a broken image
        raise _damaged(kind) from error


def _image_too_large() -> ValidationError:
    return ValidationError(
        f"The selected image is too large: it must have no more than {IMAGE_MAX_PIXELS // 1_000_000} million "
        "pixels. Make it smaller and upload it again",
        code="image_too_large",
    )
