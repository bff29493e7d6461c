"""Writing generated rows straight into the tables: PostgreSQL's COPY, or `executemany` on SQLite.

No model code runs (no `save()`, no signals), so whoever writes rows here also writes what those would
have written: the generator writes object permissions itself and stores met deadlines at the end.
"""

import datetime
import io
from collections.abc import Iterable, Sequence

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max

COPY_CHUNK = 100_000


def _copy_text(value) -> str:
    # Our own values never hold tabs, newlines or backslashes, so no escaping is needed.
    if value is None:
        return "\\N"
    return str(value)


def _sqlite_value(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def insert_rows(model, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """Write `rows` (tuples in the order of `columns`, field names) into the model's table; how many."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(model._meta.get_field(name).column) for name in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor
            sql = f"COPY {table} ({names}) FROM STDIN"
            chunk = io.StringIO()
            pending = 0
            for row in rows:
                chunk.write("\t".join(_copy_text(value) for value in row))
                chunk.write("\n")
                pending += 1
                if pending == COPY_CHUNK:
                    _copy(raw, sql, chunk)
                    count += pending
                    chunk, pending = io.StringIO(), 0
            if pending:
                _copy(raw, sql, chunk)
                count += pending
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            values = [tuple(_sqlite_value(value) for value in row) for row in rows]
            # Table and column names come from the models, never from input.
            insert = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608
            cursor.executemany(insert, values)
            count = len(values)
    return count


def _copy(raw_cursor, sql: str, chunk: io.StringIO) -> None:
    chunk.seek(0)
    if hasattr(raw_cursor, "copy_expert"):  # psycopg2
        raw_cursor.copy_expert(sql, chunk)
    else:  # psycopg 3
        with raw_cursor.copy(sql) as copy:
            copy.write(chunk.getvalue())


def next_id(model) -> int:
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def reset_sequences(*models) -> None:
    """After explicit ids, the next ordinary insert must not collide with them."""
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def analyse() -> None:
    """Fresh planner statistics, as autovacuum would have them in production (it cannot see rows of an
    open test transaction)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
