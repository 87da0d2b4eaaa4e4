"""The outbox: side effects as rows written in the same transaction as their cause.

A service calls `outbox_enqueue` inside its transaction; nothing leaves the process before the
commit. After the commit the messages are handed to a worker (`core.tasks.run_outbox`) — or run
in-process when there is no broker (the demo, the tests). If the broker is down the hand-over
is skipped and logged; `outbox_sweep` (every few seconds, from beat) hands over whatever was
never handed over or seems lost, so a broker outage delays side effects but loses none.

Each message runs alone: its handler and the "done" mark commit together, a failure rolls the
handler's writes back and schedules a retry with backoff, and one failing message never stops
another. A claim (who, until when) keeps two workers from running the same message at once;
a worker that dies leaves a claim that expires, and the sweep hands the message over again.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import import_module
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import OutboxMessage, OutboxState

logger = logging.getLogger(__name__)

RUN_TASK = "core.tasks.run_outbox"
BATCH = 100
MAX_ATTEMPTS = 12  # with the backoff below: retried for about a day


@dataclass(frozen=True)
class Message:
    handler: str
    payload: dict[str, Any]
    key: str | None = None
    run_after: datetime | None = None


def lease() -> timedelta:
    """How long a claim holds: longer than any handler runs."""
    return timedelta(seconds=settings.CRM_OUTBOX_LEASE_SECONDS)


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min … capped at two hours."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 7200))


def outbox_enqueue(
    *,
    handler: str,
    payload: dict[str, Any] | None = None,
    key: str | None = None,
    run_after: datetime | None = None,
) -> None:
    """Queue one side effect with the current transaction (see the module docstring)."""
    outbox_enqueue_many([Message(handler, dict(payload or {}), key, run_after)])


def outbox_enqueue_many(messages: Sequence[Message]) -> int:
    """Queue several at once (one INSERT per thousand); returns how many were new (a repeated
    key is not)."""
    if not messages:
        return 0
    now = timezone.now()
    rows = [
        OutboxMessage(
            handler=message.handler,
            payload=message.payload,
            key=message.key,
            created_at=now,
            run_after=message.run_after or now,
        )
        for message in messages
    ]
    keyed = [row for row in rows if row.key]
    plain = [row for row in rows if not row.key]
    with transaction.atomic():
        created = OutboxMessage.objects.bulk_create(plain, batch_size=1000)
        due = [row.pk for row in created if row.run_after <= now]
        if keyed:
            # A key already queued stays one message: the repeat is dropped.
            OutboxMessage.objects.bulk_create(keyed, batch_size=1000, ignore_conflicts=True)
            fresh = list(
                OutboxMessage.objects.filter(
                    key__in=[row.key for row in keyed], state=OutboxState.PENDING, created_at=now
                ).values_list("pk", "run_after")
            )
            due += [pk for pk, run_after in fresh if run_after <= now]
    if due:
        transaction.on_commit(lambda: outbox_dispatch(due))
    return len(created) + (len(fresh) if keyed else 0)


def outbox_dispatch(ids: Sequence[int]) -> None:
    """Hand messages to the workers, or run them here when jobs run in-process."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        outbox_run(ids=ids)
        return
    from celery import current_app

    for start in range(0, len(ids), BATCH):
        chunk = list(ids[start : start + BATCH])
        try:
            current_app.send_task(RUN_TASK, args=[chunk], ignore_result=True)
        except Exception:  # the broker is down: the sweep hands them over later
            logger.warning(
                "outbox: broker unavailable, %d message(s) left for the sweep",
                len(ids) - start,
                exc_info=True,
            )
            return
        OutboxMessage.objects.filter(pk__in=chunk, state=OutboxState.PENDING).update(
            dispatched_at=timezone.now()
        )


def outbox_run(*, ids: Iterable[int], claimer: str = "") -> int:
    """Run the given messages that are due and not claimed by someone else; returns how many
    succeeded. A redelivered task (same `claimer`) may take over its own claims."""
    claimer = claimer or f"local-{uuid.uuid4().hex[:12]}"
    succeeded = 0
    for message_id in ids:
        message = _claim(message_id, claimer)
        if message is not None:
            succeeded += _execute(message, claimer)
    return succeeded


def _claim(message_id: int, claimer: str) -> OutboxMessage | None:
    now = timezone.now()
    claimed = (
        OutboxMessage.objects.filter(pk=message_id, state=OutboxState.PENDING, run_after__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now) | Q(claimed_by=claimer))
        .update(claimed_by=claimer, claimed_until=now + lease(), attempts=F("attempts") + 1)
    )
    if not claimed:
        return None
    return OutboxMessage.objects.get(pk=message_id)


def _execute(message: OutboxMessage, claimer: str) -> int:
    started = time.perf_counter()
    try:
        handler = import_string(message.handler)
        with transaction.atomic():
            handler(**message.payload)
            OutboxMessage.objects.filter(pk=message.pk, claimed_by=claimer).update(
                state=OutboxState.DONE,
                finished_at=timezone.now(),
                claimed_until=None,
                last_error="",
            )
    except Exception as exc:
        final = message.attempts >= MAX_ATTEMPTS
        logger.exception(
            "outbox: %s failed (attempt %d%s)",
            message.handler,
            message.attempts,
            ", giving up" if final else "",
            extra={"outbox_message": message.pk},
        )
        now = timezone.now()
        OutboxMessage.objects.filter(pk=message.pk, claimed_by=claimer).update(
            state=OutboxState.FAILED if final else OutboxState.PENDING,
            finished_at=now if final else None,
            run_after=now + backoff(message.attempts),
            dispatched_at=None,
            claimed_by="",
            claimed_until=None,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        return 0
    logger.debug(
        "outbox: %s done in %.0f ms", message.handler, (time.perf_counter() - started) * 1000
    )
    return 1


def outbox_sweep(*, limit: int = 2000) -> int:
    """Hand over what is due and was never handed over, or was handed over so long ago that
    the broker must have lost it (a Redis restart, a worker killed mid-job). Returns how many."""
    now = timezone.now()
    lost_before = now - timedelta(seconds=settings.CRM_OUTBOX_REDISPATCH_SECONDS)
    due = list(
        OutboxMessage.objects.filter(state=OutboxState.PENDING, run_after__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .filter(Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=lost_before))
        .order_by("run_after", "id")
        .values_list("pk", flat=True)[:limit]
    )
    if due:
        outbox_dispatch(due)
    return len(due)


def outbox_retry(*, ids: Iterable[int]) -> int:
    """Give failed messages another round (an administrator's action)."""
    ids = list(ids)
    retried = OutboxMessage.objects.filter(pk__in=ids, state=OutboxState.FAILED).update(
        state=OutboxState.PENDING,
        attempts=0,
        run_after=timezone.now(),
        finished_at=None,
        dispatched_at=None,
    )
    transaction.on_commit(lambda: outbox_dispatch(ids))
    return retried


def outbox_purge(*, older_than: timedelta = timedelta(days=7)) -> int:
    """Forget messages done more than a week ago."""
    deleted, _details = OutboxMessage.objects.filter(
        state=OutboxState.DONE, finished_at__lt=timezone.now() - older_than
    ).delete()
    return deleted


def task_send(name: str, *, args: Sequence[Any] = ()) -> bool:
    """Send a Celery task by name, for work whose own rows say what is left to do (a sweep
    finds what the broker never got). Runs it in-process without a broker. False when the
    broker is unreachable."""
    from celery import current_app

    import_module(name.rpartition(".")[0])  # registers the task in this process
    task = current_app.tasks[name]
    if settings.CELERY_TASK_ALWAYS_EAGER:
        task.apply(args=list(args), throw=True)
        return True
    try:
        task.apply_async(args=list(args), ignore_result=True)
    except Exception:
        logger.warning(
            "broker unavailable: %s not sent, its sweep will find it", name, exc_info=True
        )
        return False
    return True
