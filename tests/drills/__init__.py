"""Fault drills: scripts run by CI against real services, outside pytest (they stop and start them)."""
