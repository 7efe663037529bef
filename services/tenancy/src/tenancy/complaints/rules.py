"""Complaint categories (tenancy's own word list; the event carries the value as text)."""

from __future__ import annotations

from typing import Literal

# Seed 000 (complaints from the landlord) and seed 003 ("störningar eller vanvård").
ComplaintCategory = Literal["disturbance", "neglect", "damage", "unauthorised_occupants", "other"]

# open: received; talked: the talk with the tenant is held; resolved: nothing more to do.
ComplaintStatus = Literal["open", "talked", "resolved"]
OPEN_STATUSES = ("open", "talked")
