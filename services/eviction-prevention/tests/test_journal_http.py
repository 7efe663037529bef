"""Issue #9, point 3: the case journal (append-only, corrections as new entries) and
attachments with size and type limits, downloadable by authorised staff."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bostad_devkit.eviction_kit import open_case, today
from eviction_prevention.journal.models import JournalEntry

pytestmark = pytest.mark.integration

PDF = b"%PDF-1.4\n% samtycke\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


async def test_journal_is_append_only_and_corrections_are_new_entries(
    client, register_landlord, system_session, staff
):
    case_id = await open_case(client, register_landlord, staff)
    anna = staff("anna.caseworker")
    url = f"/api/v1/cases/{case_id}/journal"
    first = await client.post(
        url, json={"text": "Ringt Tolvan, inget svar. Brev skickat."}, headers=anna
    )
    assert first.status_code == 201, first.text
    assert first.json()["day"] == today().isoformat()
    future = await client.post(
        url, json={"text": "x", "day": (today() + timedelta(days=1)).isoformat()}, headers=anna
    )
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "day"
    correction = await client.post(
        url,
        json={
            "text": "Rättelse: brevet skickades dagen efter.",
            "corrects": first.json()["entry_id"],
        },
        headers=anna,
    )
    assert correction.status_code == 201
    bad = await client.post(url, json={"text": "x", "corrects": "no-such-entry"}, headers=anna)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "corrects"
    entries = (await client.get(url, headers=anna)).json()
    assert [e["text"] for e in entries] == [
        "Ringt Tolvan, inget svar. Brev skickat.",
        "Rättelse: brevet skickades dagen efter.",
    ]
    assert entries[1]["corrects_entry_id"] == entries[0]["entry_id"]
    assert entries[0]["written_by"] == "anna.caseworker"
    # No route changes an entry, and the data layer refuses it too.
    assert (await client.put(f"{url}/{entries[0]['entry_id']}", json={})).status_code in (
        401,
        404,
        405,
    )
    with pytest.raises(PermissionError):
        async with system_session() as session:
            entry = (await session.execute(select(JournalEntry))).scalars().first()
            assert entry is not None
            entry.text = "skrivet över"
            await session.flush()
    # Housing support reads but does not write the journal.
    assert (
        await client.post(url, json={"text": "x"}, headers=staff("stina.support"))
    ).status_code == 403


async def test_attachments_limits_list_and_download(client, register_landlord, staff):
    case_id = await open_case(client, register_landlord, staff)
    anna = staff("anna.caseworker")
    url = f"/api/v1/cases/{case_id}/attachments"
    uploaded = await client.post(
        url,
        files={"file": ("samtycke.pdf", PDF, "application/pdf")},
        data={"kind": "signed_consent_form", "description": "Undertecknat samtycke"},
        headers=anna,
    )
    assert uploaded.status_code == 201, uploaded.text
    attachment = uploaded.json()
    assert attachment["kind"] == "signed_consent_form" and attachment["size_bytes"] == len(PDF)
    # Wrong type, a lie about the type, too large: refused, naming the file.
    for name, content, content_type in (
        ("makro.docm", b"PK\x03\x04", "application/vnd.ms-word"),
        ("fake.pdf", b"MZ not a pdf", "application/pdf"),
        ("stor.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "application/pdf"),
    ):
        refused = await client.post(
            url, files={"file": (name, content, content_type)}, headers=anna
        )
        assert refused.status_code in (413, 422), (name, refused.status_code)
        if refused.status_code == 422:
            assert refused.json()["errors"][0]["field"] == "file"
    listed = (await client.get(url, headers=anna)).json()
    assert [a["attachment_id"] for a in listed] == [attachment["attachment_id"]]
    download = await client.get(f"{url}/{attachment['attachment_id']}", headers=anna)
    assert download.status_code == 200 and download.content == PDF
    assert download.headers["content-type"].startswith("application/pdf")
    assert "samtycke" not in download.headers["content-disposition"]
    # Housing support not booked on the case: not found.
    stina = await client.get(f"{url}/{attachment['attachment_id']}", headers=staff("stina.support"))
    assert stina.status_code == 404
