"""A copy of the staff directory, kept from the authority's announcements."""
