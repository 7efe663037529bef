"""Per-person choices: immediate e-mail or a daily digest, per notification kind."""
