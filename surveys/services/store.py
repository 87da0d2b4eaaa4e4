"""Storing one survey response in a single PostgreSQL statement.

The public submit path is the hottest write in the product (a campaign's links are opened in
bursts). Through the ORM it costs seven round trips: BEGIN, SELECT … FOR UPDATE, INSERT the
response, INSERT the answers, UPDATE the invitation, COMMIT. Here one data-modifying CTE
claims the invitation (only if still unanswered and unexpired — the row lock queues a
concurrent double submit, which then finds it answered and claims nothing), inserts the
response and its answers, all or nothing, in one round trip. Other databases (the SQLite demo)
use the ORM path in responses.py.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.db import connection

from ..models import Answer, Invitation, SurveyResponse

ANSWER_COLUMNS = ("question", "score", "expected", "perceived", "choices", "text")
ANSWER_TYPES = ("integer", "smallint", "smallint", "smallint", "jsonb", "text")


def _column(model: Any, name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


def _table(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@lru_cache(maxsize=64)
def _statement(answer_count: int) -> str:
    invitation, response, answer = _table(Invitation), _table(SurveyResponse), _table(Answer)
    inv = {
        name: _column(Invitation, name) for name in ("id", "customer", "responded_at", "expires_at")
    }
    response_columns = ", ".join(
        _column(SurveyResponse, name)
        for name in (
            "invitation",
            "customer",
            "template",
            "submitted_at",
            "language",
            "nps",
            "csat",
            "satisfaction_index",
            "care_pending",
        )
    )
    # Identifiers come from the models' metadata, quoted; every value is a bound parameter.
    sql = (
        f"WITH claimed AS (UPDATE {invitation} SET {inv['responded_at']} = %s "  # noqa: S608
        f"WHERE {inv['id']} = %s AND {inv['responded_at']} IS NULL AND {inv['expires_at']} > %s "
        f"RETURNING {inv['id']} AS id, {inv['customer']} AS customer_id), "
        f"stored AS (INSERT INTO {response} ({response_columns}) "
        "SELECT id, customer_id, %s, %s, %s, %s, %s, %s, %s FROM claimed "
        f"RETURNING {_column(SurveyResponse, 'id')} AS id)"
    )
    if answer_count:
        row = "(" + ", ".join(f"%s::{kind}" for kind in ANSWER_TYPES) + ")"
        names = ", ".join(ANSWER_COLUMNS)
        answer_columns = ", ".join(_column(Answer, name) for name in ("response", *ANSWER_COLUMNS))
        sql += (
            f", answered AS (INSERT INTO {answer} ({answer_columns}) "  # noqa: S608
            f"SELECT stored.id, {', '.join('v.' + n for n in ANSWER_COLUMNS)} FROM stored, "
            f"(VALUES {', '.join([row] * answer_count)}) AS v({names}))"
        )
    return sql + " SELECT id FROM stored"  # noqa: S608


def response_store_once(
    *,
    invitation_id: int,
    template_id: int,
    now: datetime,
    language: str,
    scores: dict[str, Any],
    answers: list[Answer],
) -> int | None:
    """The new response's id, or None when the link was answered (or expired) meanwhile."""
    params: list[Any] = [
        now,
        invitation_id,
        now,
        template_id,
        now,
        language,
        scores["nps"],
        scores["csat"],
        scores["satisfaction_index"],
        scores["care_pending"],
    ]
    for answer in answers:
        params += [
            answer.question_id,
            answer.score,
            answer.expected,
            answer.perceived,
            json.dumps(answer.choices or []),
            answer.text or "",
        ]
    with connection.cursor() as cursor:
        cursor.execute(_statement(len(answers)), params)
        row = cursor.fetchone()
    return row[0] if row else None
