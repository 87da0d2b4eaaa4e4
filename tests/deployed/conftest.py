"""Tests against a running production-mode installation (DEBUG off, collected static files,
gunicorn, a Celery worker and beat, behind a TLS proxy) holding the demo data: `.ci/run` starts
one and points CRM_BASE_URL at it. Without CRM_BASE_URL they are skipped.

CRM_BACKEND_URL is the web tier's own address (plain HTTP, as a load balancer's probe sees it);
CRM_MAIL_DIR is where the installation's file e-mail backend writes what it sends."""

from __future__ import annotations

import email
import os
import time
from email.message import Message
from pathlib import Path

import pytest

from tests.browser.conftest import browser  # noqa: F401  (the same Chromium)

BASE_URL = os.environ.get("CRM_BASE_URL", "").rstrip("/")
BACKEND_URL = os.environ.get("CRM_BACKEND_URL", "").rstrip("/")
MAIL_DIR = os.environ.get("CRM_MAIL_DIR", "")

deployed = [
    pytest.mark.deployed,
    pytest.mark.skipif(not BASE_URL, reason="needs a running installation at CRM_BASE_URL"),
]


def _messages() -> list[Message]:
    if not MAIL_DIR:
        pytest.fail("CRM_MAIL_DIR must name the installation's EMAIL_FILE_PATH")
    messages = []
    for path in sorted(Path(MAIL_DIR).glob("*.log")):
        # the file backend writes each message followed by a line of 79 dashes
        for raw in path.read_text(encoding="utf-8").split("\n" + "-" * 79 + "\n"):
            if raw.strip():
                messages.append(email.message_from_string(raw.lstrip("\n")))
    return messages


def mail_ids() -> set[str]:
    """The Message-IDs of everything the installation has e-mailed so far."""
    return {str(m.get("Message-ID")) for m in _messages()}


def sent_mail(to: str, *, containing: str, seen: set[str], timeout: float = 90) -> Message:
    """The first new message (not in `seen`) e-mailed to `to` whose text contains `containing`,
    waiting for the worker to send it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in _messages():
            if str(message.get("Message-ID")) in seen:
                continue
            if to in str(message.get("To", "")) and containing in body_of(message):
                return message
        time.sleep(1)
    pytest.fail(f"no e-mail to {to} containing {containing!r} within {timeout:.0f}s")


def body_of(message: Message) -> str:
    part = next((p for p in message.walk() if p.get_content_type() == "text/plain"), message)
    payload = part.get_payload(decode=True)
    if isinstance(payload, bytes):
        return payload.decode(part.get_content_charset() or "utf-8")
    return str(part.get_payload())
