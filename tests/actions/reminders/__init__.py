"""Tests of reminders: the sweep, the messages, their delivery and the tasks."""
