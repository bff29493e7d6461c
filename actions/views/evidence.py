"""Evidence of an action: attaching it (a file checked by its content, or a link) and downloading it.

An action the user cannot see answers 404, one they see but may not update answers 403, on GET and POST
alike. Files are only ever served by `evidence_download`, as attachments, never shown in the browser.
"""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from agencies.models import AccessEvent
from agencies.services import access_record

from .. import selectors, services
from ..evidence_files import download_name
from ..forms.evidence import EvidenceForm
from ..models import Evidence, EvidencePurpose

DOWNLOAD_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    # Should a browser render it after all, nothing in it may run or load anything.
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "no-store, private",
}


class UploadSizeLimit(FileUploadHandler):
    """Stops keeping an uploaded file once it passes the size limit, rather than storing it whole first.

    The rest of the request is still read (so the other answers come back to the form), but the file's
    data is dropped as it arrives; `too_big` tells the view why the file is missing.
    """

    def __init__(self, request, max_bytes: int):
        super().__init__(request)
        self.max_bytes = max_bytes
        self.too_big = False

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.max_bytes:
            self.too_big = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None  # the handlers after this one build the file


def action_page(action) -> str:
    return reverse("action_detail", args=[action.pk])


# CSRF is checked by the inner view: the size limit must be in place before anything reads the body,
# and the CSRF check reads it. Who may add evidence is settled first, before any of the body is read.
@csrf_exempt
@require_http_methods(["GET", "POST"])
@login_required
@never_cache
def evidence_add(request, pk: int):
    action = selectors.action_for_updating(request.user, pk)
    limit = UploadSizeLimit(request, settings.EVIDENCE_MAX_BYTES)
    request.upload_handlers.insert(0, limit)
    return _evidence_add(request, action, limit)


@csrf_protect
def _evidence_add(request, action, limit: UploadSizeLimit):
    max_bytes = settings.EVIDENCE_MAX_BYTES
    if request.method == "POST":
        form = EvidenceForm(request.POST, request.FILES, max_bytes=max_bytes, upload_too_big=limit.too_big)
        if form.is_valid():
            try:
                evidence = services.evidence_add(action=action, by=request.user, **form.answers())
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, f"Evidence added: {evidence.title}")
                return redirect(action_page(action) + "#evidence")
    else:
        # The "mark as complete" page links here for evidence of completion: that answer comes chosen.
        purpose = request.GET.get("purpose")
        form = EvidenceForm(
            max_bytes=max_bytes, initial={"purpose": purpose} if purpose in EvidencePurpose else {}
        )
    return render(
        request,
        "actions/evidence/evidence_form.html",
        {"action": action, "form": form, "back": action_page(action)},
    )


@require_safe
@login_required
def evidence_download(request, pk: int):
    """The file, as an attachment with the type found when it was checked, for whoever sees the action."""
    evidence = get_object_or_404(
        Evidence.objects.visible_to(request.user).select_related("action__plan").exclude(file=""), pk=pk
    )
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        response = render(
            request,
            "actions/evidence/file_missing.html",
            {"evidence": evidence, "back": action_page(evidence.action)},
            status=404,
        )
        response["Cache-Control"] = DOWNLOAD_HEADERS["Cache-Control"]
        return response
    access_record(user=request.user, event=AccessEvent.DOWNLOADED_EVIDENCE, obj=evidence)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(evidence.original_filename, Path(evidence.file.name).suffix),
        content_type=evidence.content_type or "application/octet-stream",
    )
    for header, value in DOWNLOAD_HEADERS.items():
        response[header] = value
    return response


urlpatterns = [
    path("actions/<int:pk>/evidence/new/", evidence_add, name="evidence_add"),
    path("evidence/<int:pk>/download/", evidence_download, name="evidence_download"),
]
