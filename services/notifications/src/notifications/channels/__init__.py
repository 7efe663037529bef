"""Delivery channels: one base class (`Channel`), one small plugin per channel."""

from notifications.channels.base import Channel, ChannelDisabled, NoAddress, OutboundMessage
from notifications.channels.confidentiality import ConfidentialContent, ensure_not_confidential

__all__ = [
    "Channel",
    "ChannelDisabled",
    "ConfidentialContent",
    "NoAddress",
    "OutboundMessage",
    "ensure_not_confidential",
]
