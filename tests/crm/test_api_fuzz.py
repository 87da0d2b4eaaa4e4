"""schemathesis fuzzes every operation in the live OpenAPI schema: no 5xx, no schema violations."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import response_schema_conformance

from crm.wsgi import application

pytestmark = pytest.mark.fuzz
EXAMPLES_PER_OPERATION = 20


@pytest.fixture
def api_schema(db: None) -> Iterator[Any]:
    # Like Django's test client: requests must not close the test's database connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/schema/", application)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_every_operation_survives_generated_requests(world, api_schema):
    # given an admin token (the widest visibility, so every operation has something to do)
    token, _created = Token.objects.get_or_create(user=world.admin)
    headers = {"Authorization": f"Token {token.key}"}
    failures: list[str] = []
    operations = [result.ok() for result in api_schema.get_all_operations()]

    # when each operation gets a bounded batch of generated requests
    for operation in operations:

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def exercise(case: Any) -> None:
            case.call_and_validate(
                headers=headers,
                checks=[schemathesis.checks.not_a_server_error, response_schema_conformance],
            )

        try:
            exercise()
        except Exception as exc:  # collect every operation's failure, not only the first
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")

    # then none answered 5xx or broke its documented schema
    assert len(operations) > 20
    assert failures == [], "\n\n".join(failures)
