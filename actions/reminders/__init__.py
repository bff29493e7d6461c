"""Reminders: what falls due, the messages that say so, and their delivery by inbox and e-mail."""
