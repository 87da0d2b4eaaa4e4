"""Integration tokens and webhooks: issue, revoke, record events, deliver, replay."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import time
from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import requests
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import IllegalStateChange, InvalidInput, NotAllowed
from core.outbox import task_send

from .egress import destination_verdict
from .models import (
    API_SCOPES,
    WEBHOOK_EVENTS,
    ApiClient,
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

TOKEN_PREFIX = "crm_"  # noqa: S105 (a marker, not a secret)
DELIVERY_TIMEOUT_SECONDS = 5
MAX_ATTEMPTS = 8
SIGNATURE_HEADER = "X-CRM-Signature"
DELIVER_TASK = "integrations.tasks.deliver_webhook"


def backoff_seconds(attempt: int) -> int:
    """10 s, 20 s, 40 s … capped at an hour, jittered so a recovering receiver isn't stampeded."""
    base = min(10 * 2**attempt, 3600)
    return base + secrets.randbelow(base // 5 + 1)


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_client_issue(
    *,
    actor: User,
    name: str,
    acts_as: User,
    scopes: Iterable[str],
    throttle_rate: str = "600/min",
) -> tuple[ApiClient, str]:
    """A new system token; returns the client and the token, which is never shown again."""
    if not actor.is_admin_role:
        raise NotAllowed(_("Only administrators issue API tokens."))
    scopes = sorted(set(scopes))
    errors: dict[str, list[str]] = {}
    if not name.strip() or len(name) > 100:
        errors["name"] = [_("Give the system a name of at most 100 characters.")]
    elif ApiClient.objects.filter(name=name.strip()).exists():
        errors["name"] = [_("A client with this name exists.")]
    unknown = [scope for scope in scopes if scope not in API_SCOPES]
    if not scopes or unknown:
        errors["scopes"] = [
            _("Choose scopes from: %(scopes)s.") % {"scopes": ", ".join(API_SCOPES)}
        ]
    if not _valid_rate(throttle_rate):
        errors["throttle_rate"] = [_("Write a rate like 600/min or 10000/hour.")]
    if errors:
        raise InvalidInput(_("The API client could not be issued."), field_errors=errors)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    client = ApiClient.objects.create(
        name=name.strip(),
        token_prefix=raw[:12],
        token_hash=token_digest(raw),
        scopes=scopes,
        acts_as=acts_as,
        throttle_rate=throttle_rate,
        created_by=actor,
    )
    return client, raw


def _valid_rate(rate: str) -> bool:
    count, _sep, period = rate.partition("/")
    return (
        count.isdigit()
        and int(count) > 0
        and period in ("s", "sec", "m", "min", "h", "hour", "d", "day")
    )


@transaction.atomic
def api_client_revoke(*, client: ApiClient, actor: User) -> ApiClient:
    if not actor.is_admin_role:
        raise NotAllowed(_("Only administrators revoke API tokens."))
    locked = ApiClient.objects.select_for_update().get(pk=client.pk)
    if locked.revoked_at is not None:
        raise IllegalStateChange(_("This token is already revoked."))
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    return locked


# Which events any active endpoint listens to, per process for a few seconds: hot paths
# (a survey submit, an order) then skip a query when nobody listens. Endpoint changes clear it
# here at once and reach other processes within SUBSCRIPTIONS_TTL.
SUBSCRIPTIONS_TTL = 5.0
_subscriptions: tuple[float, frozenset[str]] = (0.0, frozenset())


def webhook_subscriptions_changed() -> None:
    global _subscriptions
    _subscriptions = (0.0, frozenset())


def webhook_event_wanted(event: str) -> bool:
    """Whether any active endpoint listens, so receivers build no payload for nobody."""
    global _subscriptions
    read_at, wanted = _subscriptions
    if time.monotonic() - read_at > SUBSCRIPTIONS_TTL:
        wanted = frozenset(
            name
            for names in WebhookEndpoint.objects.filter(is_active=True).values_list(
                "events", flat=True
            )
            for name in names
        )
        _subscriptions = (time.monotonic(), wanted)
    return event in wanted


def webhook_event_record(*, event: str, payload: dict[str, Any]) -> list[WebhookDelivery]:
    """Queue `event` for every active endpoint that subscribed to it; delivery after commit."""
    if event not in WEBHOOK_EVENTS:
        raise ValueError(f"unknown webhook event {event}")
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(is_active=True)
        if event in endpoint.events
    ]
    if not endpoints:
        return []
    body = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
    deliveries = WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(endpoint=endpoint, event=event, payload=body) for endpoint in endpoints]
    )
    ids = [delivery.pk for delivery in deliveries]
    transaction.on_commit(lambda: _enqueue(ids))
    return deliveries


def _enqueue(ids: list[int]) -> None:
    # Deliveries are rows: one the broker never got is picked up by webhook_retry_due.
    for delivery_id in ids:
        task_send(DELIVER_TASK, args=[delivery_id])


def webhook_body(delivery: WebhookDelivery) -> bytes:
    envelope = {
        "event": delivery.event,
        "event_id": str(delivery.event_id),
        "occurred_at": delivery.created_at.isoformat(),
        "object": delivery.payload,
    }
    return json.dumps(envelope, ensure_ascii=False, sort_keys=True).encode()


def webhook_signature(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over "<timestamp>.<body>", so a captured request cannot be replayed later."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def webhook_deliver(*, delivery_id: int) -> bool:
    """One attempt. True when it is finished (delivered, refused or out of attempts), False when
    the caller should retry later."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("endpoint")
            .get(pk=delivery_id)
        )
        if delivery.status in (DeliveryStatus.SUCCEEDED, DeliveryStatus.FAILED):
            return True
        delivery.attempts += 1
        delivery.save(update_fields=["attempts"])
    endpoint = delivery.endpoint
    verdict = destination_verdict(endpoint.url)
    if not verdict.allowed:
        _record(delivery, status_code=None, error=verdict.reason, duration_ms=0, final=True)
        return True
    body = webhook_body(delivery)
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "SatisfactionCRM-Webhooks/1",
        "X-CRM-Event": delivery.event,
        "X-CRM-Delivery": str(delivery.event_id),
        "X-CRM-Timestamp": timestamp,
        SIGNATURE_HEADER: webhook_signature(endpoint.secret, timestamp, body),
    }
    started = time.perf_counter()
    try:
        response = requests.post(
            endpoint.url,
            data=body,
            headers=headers,
            timeout=DELIVERY_TIMEOUT_SECONDS,
            allow_redirects=False,  # a redirect could point anywhere: the allow-list decides
        )
    except requests.RequestException as exc:
        duration = int((time.perf_counter() - started) * 1000)
        final = delivery.attempts >= MAX_ATTEMPTS
        _record(delivery, status_code=None, error=str(exc)[:500], duration_ms=duration, final=final)
        return final
    duration = int((time.perf_counter() - started) * 1000)
    if 200 <= response.status_code < 300:
        _record(delivery, status_code=response.status_code, error="", duration_ms=duration, ok=True)
        return True
    final = delivery.attempts >= MAX_ATTEMPTS
    _record(
        delivery,
        status_code=response.status_code,
        error=_("Receiver answered %(code)s.") % {"code": response.status_code},
        duration_ms=duration,
        final=final,
    )
    return final


def _record(
    delivery: WebhookDelivery,
    *,
    status_code: int | None,
    error: str,
    duration_ms: int,
    ok: bool = False,
    final: bool = False,
) -> None:
    with transaction.atomic():
        WebhookAttempt.objects.create(
            delivery=delivery, status_code=status_code, error=error, duration_ms=duration_ms
        )
        delivery.next_attempt_at = None
        if ok:
            delivery.status = DeliveryStatus.SUCCEEDED
            delivery.delivered_at = timezone.now()
        elif final:
            delivery.status = DeliveryStatus.FAILED
        else:
            delivery.status = DeliveryStatus.RETRYING
            delivery.next_attempt_at = timezone.now() + timedelta(
                seconds=backoff_seconds(delivery.attempts - 1)
            )
        delivery.last_status_code = status_code
        delivery.last_error = error[:500]
        delivery.save(
            update_fields=[
                "status",
                "delivered_at",
                "last_status_code",
                "last_error",
                "next_attempt_at",
            ]
        )
    logger.info(
        "webhook delivery",
        extra={
            "delivery": delivery.pk,
            "event": delivery.event,
            "status": delivery.status,
            "http_status": status_code,
            "attempt": delivery.attempts,
        },
    )


def webhook_retry_due() -> int:
    """Re-enqueue deliveries whose next attempt is due: after a worker restart, or when jobs run
    in-process (no broker) and could not wait. Returns how many were queued."""
    due = list(
        WebhookDelivery.objects.filter(
            status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING],
            next_attempt_at__lte=timezone.now(),
        ).values_list("pk", flat=True)[:1000]
    )
    stale_pending = timezone.now() - timedelta(minutes=10)
    due += list(
        WebhookDelivery.objects.filter(
            status=DeliveryStatus.PENDING,
            next_attempt_at__isnull=True,
            created_at__lte=stale_pending,
        ).values_list("pk", flat=True)[:1000]
    )
    _enqueue(due)
    return len(due)


@transaction.atomic
def webhook_replay(*, delivery: WebhookDelivery, actor: User) -> WebhookDelivery:
    """Send a logged event again (same event id, so receivers can de-duplicate)."""
    if not actor.is_admin_role:
        raise NotAllowed(_("Only administrators replay webhooks."))
    locked = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
    if locked.status in (DeliveryStatus.PENDING, DeliveryStatus.RETRYING):
        raise IllegalStateChange(_("This delivery is still being attempted."))
    locked.status = DeliveryStatus.PENDING
    locked.attempts = 0
    locked.save(update_fields=["status", "attempts"])
    delivery_id = locked.pk
    transaction.on_commit(lambda: _enqueue([delivery_id]))
    return locked
