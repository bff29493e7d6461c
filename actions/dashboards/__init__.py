"""Board dashboards, themes across reviews and the yearly report: aggregations done in the database."""
