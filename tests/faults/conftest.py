from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .stack import RedisServer, Stack, collect_static, production_env


@pytest.fixture(scope="session")
def static_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("static")
    collect_static(root)
    return root


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mailbox(tmp_path: Path) -> Path:
    return tmp_path / "mailbox.jsonl"


@pytest.fixture
def deployment(
    transactional_db: None, redis_server: RedisServer, static_root: Path, mailbox: Path, tmp_path
) -> Iterator[Stack]:
    """Web, worker and beat as the Procfile runs them, e-mail into `mailbox`."""
    logs = tmp_path / "logs"
    logs.mkdir()
    stack = Stack(
        env=production_env(
            redis_url=redis_server.url,
            static_root=static_root,
            EMAIL_BACKEND="tests.faults.mailbox.EmailBackend",
            CRM_TEST_MAILBOX=str(mailbox),
        ),
        logdir=logs,
    )
    try:
        yield stack
    finally:
        stack.stop()
