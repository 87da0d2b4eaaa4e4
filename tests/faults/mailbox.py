"""An e-mail backend for fault tests: each message becomes one line of a file (so a test in
another process counts what was sent), optionally after a pause that stands for a slow SMTP
server — the moment a killed worker is most likely to die in."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        path = Path(os.environ["CRM_TEST_MAILBOX"])
        delay = float(os.environ.get("CRM_TEST_MAIL_DELAY", "0"))
        for message in email_messages:
            time.sleep(delay)
            line = json.dumps({"to": list(message.to), "subject": message.subject}) + "\n"
            with path.open("a", encoding="utf-8") as mailbox:
                mailbox.write(line)
        return len(email_messages)


def read(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
