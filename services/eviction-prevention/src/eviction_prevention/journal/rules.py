"""What an attachment may be: its kind, size and type (checked on the bytes)."""

from __future__ import annotations

from typing import Literal

AttachmentKind = Literal["signed_consent_form", "letter", "decision", "payment_plan", "other"]
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024  # scans of a few signed pages; well under the body limit
# Content type -> the bytes such a file starts with. Office documents and archives
# are left out: they carry macros and hidden content a case file does not need.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}


def check_attachment(content_type: str, content: bytes) -> list[dict[str, str]]:
    if not content:
        return [{"field": "file", "message": "the file is empty"}]
    if len(content) > MAX_ATTACHMENT_BYTES:
        return [{"field": "file", "message": "larger than 5 MB"}]
    signatures = SIGNATURES.get(content_type.split(";")[0].strip().lower())
    if signatures is None:
        return [{"field": "file", "message": "must be PDF, PNG or JPEG"}]
    if not content.startswith(signatures):
        return [{"field": "file", "message": "the content is not what its type says"}]
    return []
