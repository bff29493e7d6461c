"""Importing agency action plans from spreadsheets, and exporting them back (no database access here)."""
