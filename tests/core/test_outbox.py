"""The outbox: side effects written with their cause, run after the commit, alone, until done."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from core import events
from core.models import OutboxMessage, OutboxState
from core.outbox import (
    MAX_ATTEMPTS,
    outbox_enqueue,
    outbox_purge,
    outbox_retry,
    outbox_run,
    outbox_sweep,
)
from customers.models import Tag

WRITE = "tests.core.test_outbox.write_tag"
FAIL = "tests.core.test_outbox.write_then_fail"


def write_tag(*, name: str) -> None:
    """A handler with a visible effect: a tag."""
    Tag.objects.create(name=name)


def write_then_fail(*, name: str) -> None:
    Tag.objects.create(name=name)
    raise RuntimeError("the receiving end is down")


def test_a_side_effect_runs_only_after_its_transaction_commits(
    db, django_capture_on_commit_callbacks
):
    # given a message queued inside a transaction
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        outbox_enqueue(handler=WRITE, payload={"name": "after commit"})
        # then nothing ran yet
        assert not Tag.objects.exists()

    # then it ran once the transaction committed, and is done
    assert list(Tag.objects.values_list("name", flat=True)) == ["after commit"]
    message = OutboxMessage.objects.get()
    assert (message.state, message.attempts) == (OutboxState.DONE, 1)
    assert message.finished_at is not None


def test_a_rolled_back_transaction_leaves_no_side_effect(db, django_capture_on_commit_callbacks):
    # when the change fails after queuing its side effect
    def change() -> None:
        with transaction.atomic():
            outbox_enqueue(handler=WRITE, payload={"name": "never"})
            raise ValueError("the change itself failed")

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValueError, match="change itself"),
    ):
        change()

    # then neither the message nor its effect exist
    assert not OutboxMessage.objects.exists()
    assert not Tag.objects.exists()


def test_running_a_done_message_again_does_nothing(db, django_capture_on_commit_callbacks):
    # given a message that ran
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(handler=WRITE, payload={"name": "once"})
    message = OutboxMessage.objects.get()

    # when a redelivered task or the sweep runs it again
    again = outbox_run(ids=[message.pk])

    # then nothing more happens
    assert again == 0
    assert Tag.objects.count() == 1


def test_a_failing_handler_rolls_back_its_writes_and_is_retried_later(
    db, django_capture_on_commit_callbacks
):
    # when a handler writes, then fails
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(handler=FAIL, payload={"name": "half"})

    # then its write is undone and the message waits for a retry, with the reason
    assert not Tag.objects.exists()
    message = OutboxMessage.objects.get()
    assert message.state == OutboxState.PENDING
    assert message.attempts == 1
    assert message.run_after > timezone.now() + timedelta(seconds=20)
    assert "the receiving end is down" in message.last_error
    assert message.claimed_until is None
    # and running it before its time does nothing
    assert outbox_run(ids=[message.pk]) == 0
    assert OutboxMessage.objects.get().attempts == 1


def test_a_message_that_keeps_failing_is_given_up_and_an_admin_can_retry_it(
    db, django_capture_on_commit_callbacks
):
    # given a message that failed as often as allowed
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(handler=FAIL, payload={"name": "x"})
    message = OutboxMessage.objects.get()
    OutboxMessage.objects.filter(pk=message.pk).update(
        attempts=MAX_ATTEMPTS - 1, run_after=timezone.now()
    )

    # when it fails once more
    outbox_run(ids=[message.pk])

    # then it is given up
    message.refresh_from_db()
    assert message.state == OutboxState.FAILED
    assert message.finished_at is not None

    # when the receiving end is fixed and an admin retries it
    OutboxMessage.objects.filter(pk=message.pk).update(handler=WRITE)
    with django_capture_on_commit_callbacks(execute=True):
        retried = outbox_retry(ids=[message.pk])

    # then it runs again and succeeds
    assert retried == 1
    assert OutboxMessage.objects.get().state == OutboxState.DONE
    assert Tag.objects.filter(name="x").exists()


def test_a_message_claimed_by_a_running_worker_is_left_alone_until_the_claim_expires(db):
    # given a message a worker has claimed (and is running)
    outbox_enqueue(handler=WRITE, payload={"name": "claimed"})
    message = OutboxMessage.objects.get()
    OutboxMessage.objects.filter(pk=message.pk).update(
        claimed_by="task-a", claimed_until=timezone.now() + timedelta(minutes=5)
    )

    # when another worker is handed the same message
    # then it does not run it
    assert outbox_run(ids=[message.pk], claimer="task-b") == 0
    # but the same task, redelivered after its worker died, takes it over
    assert outbox_run(ids=[message.pk], claimer="task-a") == 1
    assert Tag.objects.filter(name="claimed").count() == 1


def test_a_worker_that_died_leaves_a_claim_that_expires(db):
    # given a message whose worker died mid-run (its claim ran out)
    outbox_enqueue(handler=WRITE, payload={"name": "orphan"})
    message = OutboxMessage.objects.get()
    OutboxMessage.objects.filter(pk=message.pk).update(
        claimed_by="task-dead",
        claimed_until=timezone.now() - timedelta(seconds=1),
        dispatched_at=timezone.now() - timedelta(hours=1),
    )

    # when the sweep runs (jobs in-process)
    handed_over = outbox_sweep()

    # then it ran
    assert handed_over == 1
    assert OutboxMessage.objects.get().state == OutboxState.DONE


def test_the_same_key_queued_twice_is_one_message(db, django_capture_on_commit_callbacks):
    # when a job that queues an e-mail runs twice
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(handler=WRITE, payload={"name": "keyed"}, key="mail:1")
        outbox_enqueue(handler=WRITE, payload={"name": "keyed"}, key="mail:1")

    # then it ran once
    assert OutboxMessage.objects.count() == 1
    assert Tag.objects.filter(name="keyed").count() == 1


def test_with_the_broker_down_messages_wait_for_the_sweep(
    db, settings, monkeypatch, django_capture_on_commit_callbacks
):
    # given a broker that refuses connections
    settings.CELERY_TASK_ALWAYS_EAGER = False
    sent: list[list[int]] = []

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    from celery import current_app

    monkeypatch.setattr(current_app, "send_task", refuse)

    # when a change commits with a side effect
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(handler=WRITE, payload={"name": "later"})

    # then the commit went through, the message waits, never handed over
    message = OutboxMessage.objects.get()
    assert (message.state, message.dispatched_at) == (OutboxState.PENDING, None)

    # when the broker is back and the sweep runs
    monkeypatch.setattr(current_app, "send_task", lambda name, args, **kw: sent.append(args[0]))
    assert outbox_sweep() == 1

    # then the message is handed over once, and a second sweep leaves it to its worker
    assert sent == [[message.pk]]
    assert OutboxMessage.objects.get().dispatched_at is not None
    assert outbox_sweep() == 0


def test_the_sweep_hands_over_again_what_the_broker_lost(db, settings, monkeypatch):
    # given a message handed to the broker long ago and never run (Redis restarted empty)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    sent: list[list[int]] = []
    from celery import current_app

    monkeypatch.setattr(current_app, "send_task", lambda name, args, **kw: sent.append(args[0]))
    outbox_enqueue(handler=WRITE, payload={"name": "lost"})
    message = OutboxMessage.objects.get()
    OutboxMessage.objects.filter(pk=message.pk).update(
        dispatched_at=timezone.now() - timedelta(seconds=settings.CRM_OUTBOX_REDISPATCH_SECONDS + 1)
    )

    # when the sweep runs
    outbox_sweep()

    # then it is handed over again
    assert sent[-1] == [message.pk]


def test_one_failing_subscriber_never_stops_another(
    db, subscribe, django_capture_on_commit_callbacks
):
    # given two subscribers of one event, the first broken
    subscribe(events.CUSTOMER_CREATED, "tests.core.test_outbox.broken_subscriber")
    subscribe(events.CUSTOMER_CREATED, "tests.core.test_outbox.tagging_subscriber")

    # when the event is published
    with django_capture_on_commit_callbacks(execute=True):
        events.publish(events.CUSTOMER_CREATED, customer_id=42)

    # then the second did its work and the first waits for a retry
    assert Tag.objects.filter(name="customer 42").exists()
    states = dict(OutboxMessage.objects.values_list("handler", "state"))
    assert states == {
        "tests.core.test_outbox.broken_subscriber": OutboxState.PENDING,
        "tests.core.test_outbox.tagging_subscriber": OutboxState.DONE,
    }


def broken_subscriber(*, customer_id: int) -> None:
    raise RuntimeError("broken")


def tagging_subscriber(*, customer_id: int) -> None:
    Tag.objects.create(name=f"customer {customer_id}")


def test_a_subscriber_that_does_not_want_an_event_gets_no_message(db, subscribe):
    # given a subscriber interested only in lost customers
    subscribe(
        events.CUSTOMER_LIFECYCLE_CHANGED,
        "tests.core.test_outbox.tagging_subscriber",
        wants=lambda payload: payload["to_state"] == "lost",
    )

    # when a customer becomes loyal, then another is lost
    for to_state in ("loyal", "lost"):
        events.publish(
            events.CUSTOMER_LIFECYCLE_CHANGED,
            customer_id=1,
            from_state="current",
            to_state=to_state,
            cause="manual",
        )

    # then one message was written, for the loss
    payloads = [
        m.payload
        for m in OutboxMessage.objects.filter(handler="tests.core.test_outbox.tagging_subscriber")
    ]
    assert [p["to_state"] for p in payloads] == ["lost"]


def test_an_event_published_with_the_wrong_fields_is_refused(db):
    with pytest.raises(TypeError):
        events.publish(events.ORDER_CREATED, order_id=1)


def test_done_messages_are_forgotten_after_a_week(db, django_capture_on_commit_callbacks):
    # given a message done eight days ago and one pending
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(handler=WRITE, payload={"name": "old"})
    OutboxMessage.objects.update(finished_at=timezone.now() - timedelta(days=8))
    outbox_enqueue(handler=WRITE, payload={"name": "waiting"})

    # when the purge runs
    purged = outbox_purge()

    # then only the old done one is gone
    assert purged == 1
    assert list(OutboxMessage.objects.values_list("state", flat=True)) == [OutboxState.PENDING]
