"""The one base class every channel plugs into (STYLE 13: swappable channels).

A channel gets an `OutboundMessage` and delivers it, or raises. The message
carries ids, codes and Swedish texts without personal data; it is checked when
it is made, so no channel can be handed confidential text.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar

from notifications.channels.confidentiality import ensure_not_confidential
from notifications.routing.recipients import StaffGroup, StaffUser


class ChannelDisabled(RuntimeError):
    """The channel is switched off by configuration; the message is recorded, not sent."""

    def __init__(self, channel: str) -> None:
        super().__init__("channel disabled")
        self.channel = channel


class NoAddress(LookupError):
    """The channel has no address for this recipient (e.g. no mailbox configured)."""

    def __init__(self) -> None:
        super().__init__("no address for recipient")


@dataclass(frozen=True)
class OutboundMessage:
    event_id: str
    district: str
    kind: str
    recipient: StaffGroup | StaffUser
    title: str  # Swedish; no names, no personal numbers
    body: str  # Swedish; refers to the case by id only
    link: str  # portal path with ids only, e.g. /eviction-prevention/cases/<id>
    case_id: str | None = None
    # Where an external channel delivers it (a person's e-mail from the staff
    # directory); None: the channel's own configuration decides.
    address: str | None = None

    def __post_init__(self) -> None:
        if not self.link.startswith("/") or "?" in self.link:
            raise ValueError("link must be a portal path without a query")
        ensure_not_confidential(self.title, self.body, self.link)


class Channel(ABC):
    name: ClassVar[str]

    @abstractmethod
    async def send(self, message: OutboundMessage) -> None:
        """Deliver the message or raise (ChannelDisabled, NoAddress, ConfidentialContent, ...)."""
