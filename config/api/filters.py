"""Filters by a record's id that neither overflow the database nor tell which ids exist.

A model-choice filter looks the id up among every record of its model: an id of another partnership's
record would then pass where a made-up one is refused, and an id beyond the database's integer range
breaks the query. An id here is a whole number in range, and only narrows what the person may see.
"""

import django_filters
from django import forms

BIGGEST_ID = 2**63 - 1


class IdFilter(django_filters.Filter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", BIGGEST_ID)
        super().__init__(*args, **kwargs)
