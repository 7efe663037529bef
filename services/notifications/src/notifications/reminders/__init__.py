"""Reminders before deadlines: persisted, set and cancelled by events, fired once."""
