"""The in-app inbox: notifications staff read in the portal."""
