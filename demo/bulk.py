"""Bulk loading of generated tables: COPY on PostgreSQL, batched INSERTs elsewhere.

A frame's columns are model attnames. DecimalField columns hold integers scaled by the
field's decimal places (cents), so money stays exact from generation to the database.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any, cast

import numpy as np
import pandas as pd
from django.core.management.color import no_style
from django.db import connection, models
from psycopg import Copy
from psycopg.copy import QueuedLibpqWriter

COPY_CHUNK_ROWS = 250_000
INSERT_BATCH = 2_000
# Past this many rows, foreign keys and secondary indexes are dropped during COPY and rebuilt
# after: one validating join per key is far cheaper than a lookup per inserted row.
REBUILD_THRESHOLD = 200_000


def _fields(model: type[models.Model], columns: list[str]) -> list[models.Field]:
    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    return [by_attname[name] for name in columns]


def bulk_load(model: type[models.Model], frame: pd.DataFrame) -> int:
    if frame.empty:
        return 0
    if connection.vendor == "postgresql":
        if len(frame) >= REBUILD_THRESHOLD:
            with _constraints_dropped(model._meta.db_table):
                _copy(model, frame)
        else:
            _copy(model, frame)
    else:
        _insert(model, frame)
    return len(frame)


def _copy_frame(model: type[models.Model], frame: pd.DataFrame) -> pd.DataFrame:
    """Columns in the text PostgreSQL reads, formatted in C rather than per value in Python."""
    out = pd.DataFrame(index=frame.index)
    for field, name in zip(_fields(model, list(frame.columns)), frame.columns, strict=True):
        column = frame[name]
        if isinstance(field, models.DecimalField):
            scale = 10**field.decimal_places
            out[name] = column.astype("float64") / scale
        elif pd.api.types.is_datetime64_any_dtype(column):
            values = column.dt.tz_convert(None) if getattr(column.dt, "tz", None) else column
            unit = "s" if isinstance(field, models.DateTimeField) else "D"
            text = np.datetime_as_string(cast(Any, values.to_numpy()), unit=unit)  # type: ignore[call-overload]
            if unit == "s":
                text = np.char.add(text, "Z")
            out[name] = pd.Series(text, index=frame.index).where(column.notna(), None)
        else:
            out[name] = column
    return out


def _copy(model: type[models.Model], frame: pd.DataFrame) -> None:
    table = connection.ops.quote_name(str(model._meta.db_table))
    fields = _fields(model, list(frame.columns))
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    # An empty CSV field is NULL, except in text columns, where it is the empty string.
    texts = [
        connection.ops.quote_name(str(f.column))
        for f in fields
        if isinstance(f, models.CharField | models.TextField)
    ]
    options = f", FORCE_NOT_NULL ({', '.join(texts)})" if texts else ""
    sql = f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv{options})"
    prepared = _copy_frame(model, frame)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        # The queued writer sends to the server from a thread, so formatting the next chunk
        # here overlaps with PostgreSQL ingesting the last one.
        with raw.copy(sql, writer=QueuedLibpqWriter(raw)) as copy:
            _write_chunks(copy, prepared)


def _write_chunks(copy: Copy, prepared: pd.DataFrame) -> None:
    for start in range(0, len(prepared), COPY_CHUNK_ROWS):
        buffer = io.StringIO()
        prepared.iloc[start : start + COPY_CHUNK_ROWS].to_csv(
            buffer, header=False, index=False, float_format="%.2f"
        )
        copy.write(buffer.getvalue())


def _python_values(field: models.Field, column: pd.Series) -> list[object]:
    if isinstance(field, models.DecimalField):
        scale = Decimal(10) ** field.decimal_places
        return [None if pd.isna(v) else Decimal(int(v)) / scale for v in column]
    if isinstance(field, models.DateTimeField) and pd.api.types.is_datetime64_any_dtype(column):
        return [None if pd.isna(v) else v.to_pydatetime() for v in column]
    if isinstance(field, models.DateField) and pd.api.types.is_datetime64_any_dtype(column):
        return [None if pd.isna(v) else v.date() for v in column]
    values = column.astype(object).tolist()
    return [
        None if (v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA) else v
        for v in values
    ]


def _insert(model: type[models.Model], frame: pd.DataFrame) -> None:
    fields = _fields(model, list(frame.columns))
    columns = [
        _python_values(field, frame[name])
        for field, name in zip(fields, frame.columns, strict=True)
    ]
    table = connection.ops.quote_name(str(model._meta.db_table))
    names = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 (names from models)
    rows = (
        tuple(
            field.get_db_prep_save(value, connection)
            for field, value in zip(fields, row, strict=True)
        )
        for row in zip(*columns, strict=True)
    )
    with connection.cursor() as cursor:
        batch: list[Any] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= INSERT_BATCH:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


@contextmanager
def _constraints_dropped(table: str) -> Iterator[None]:
    with connection.cursor() as cursor:
        # Deferred checks still pending from earlier loads would block ALTER TABLE.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute(
            """
            SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
            WHERE conrelid = %s::regclass AND contype = 'u'
            """,
            [table],
        )
        uniques = cursor.fetchall()
        cursor.execute(
            """
            SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
            WHERE conrelid = %s::regclass AND contype = 'f'
            """,
            [table],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            """
            SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            WHERE x.indrelid = %s::regclass AND NOT x.indisprimary AND NOT x.indisunique
            """,
            [table],
        )
        indexes = cursor.fetchall()
        quoted = connection.ops.quote_name(table)
        for name, _definition in foreign_keys + uniques:
            cursor.execute(
                f"ALTER TABLE {quoted} DROP CONSTRAINT {connection.ops.quote_name(name)}"
            )
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for name, definition in uniques:
                cursor.execute(
                    f"ALTER TABLE {quoted} ADD CONSTRAINT "
                    f"{connection.ops.quote_name(name)} {definition}"
                )
            for _name, definition in indexes:
                cursor.execute(definition)
            for name, definition in foreign_keys:
                cursor.execute(
                    f"ALTER TABLE {quoted} ADD CONSTRAINT {connection.ops.quote_name(name)} "
                    f"{definition} NOT VALID"
                )
                cursor.execute(
                    f"ALTER TABLE {quoted} VALIDATE CONSTRAINT {connection.ops.quote_name(name)}"
                )
            cursor.execute(f"ANALYZE {quoted}")


def next_id(model: type[models.Model]) -> int:
    last = model._default_manager.aggregate(last=models.Max("pk"))["last"]
    return int(last or 0) + 1


def reset_sequences(*model_list: type[models.Model]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
