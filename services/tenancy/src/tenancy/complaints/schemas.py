"""Bodies of the complaint API."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from tenancy.complaints.models import Complaint
from tenancy.complaints.rules import ComplaintCategory, ComplaintStatus


class NewComplaint(BaseModel):
    received_on: date
    category: ComplaintCategory
    description: str = Field(min_length=3, max_length=4000)


class TalkRecord(BaseModel):
    held_on: date
    note: str = Field(min_length=3, max_length=4000)
    resolved: bool = False


class ComplaintView(BaseModel):
    complaint_id: str
    lease_id: str
    district: str
    received_on: date
    category: ComplaintCategory
    description: str
    received_by: str
    status: ComplaintStatus
    talk_held_on: date | None
    talk_note: str | None
    talk_by: str | None


def view(complaint: Complaint) -> ComplaintView:
    return ComplaintView(
        complaint_id=complaint.id,
        lease_id=complaint.lease_id,
        district=complaint.district,
        received_on=complaint.received_on,
        category=complaint.category,  # type: ignore[arg-type]
        description=complaint.description,
        received_by=complaint.received_by,
        status=complaint.status,  # type: ignore[arg-type]
        talk_held_on=complaint.talk_held_on,
        talk_note=complaint.talk_note,
        talk_by=complaint.talk_by,
    )
