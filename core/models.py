"""What the shared mechanisms keep: the outbox of side effects, idempotent API answers, uploads
waiting for their import."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxState(models.TextChoices):
    PENDING = "pending", _("pending")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class OutboxMessage(models.Model):
    """One side effect to carry out after a commit: written in the same transaction as the
    change that causes it, run by a worker (or in-process without a broker), redone until it
    succeeds. `handler` is the dotted path of a function taking `payload` as keyword arguments."""

    handler = models.CharField(_("handler"), max_length=200)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    # Optional: the same key queued twice is one message (a job that runs again queues nothing).
    key = models.CharField(_("key"), max_length=200, null=True, blank=True, unique=True)
    state = models.CharField(
        _("state"), max_length=10, choices=OutboxState.choices, default=OutboxState.PENDING
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    run_after = models.DateTimeField(_("run after"), default=timezone.now)
    dispatched_at = models.DateTimeField(_("handed to a worker at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_by = models.CharField(_("claimed by"), max_length=100, blank=True)
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["-id"]
        indexes = [
            models.Index(
                fields=["run_after", "id"],
                condition=Q(state="pending"),
                name="outbox_pending_idx",
            ),
            models.Index(fields=["state", "finished_at"], name="outbox_finished_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=OutboxState.values), name="outbox_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(state="pending") | Q(finished_at__isnull=False),
                name="outbox_finished_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.handler} #{self.pk} ({self.state})"


class IdempotentRequest(models.Model):
    """The first answer to an API create sent with an `Idempotency-Key`: a retry with the same
    key gets this answer again and writes nothing new (kept for a day)."""

    scope = models.CharField(_("caller"), max_length=300)
    key = models.CharField(_("idempotency key"), max_length=200)
    fingerprint = models.CharField(_("request fingerprint"), max_length=64)
    status_code = models.PositiveSmallIntegerField(_("status"))
    body = models.JSONField(_("answer"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("idempotent request")
        verbose_name_plural = _("idempotent requests")
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="one_answer_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"


class StashedUpload(models.Model):
    """An uploaded file between the import's dry run and the real import (half an hour), kept
    in the database so any web process can pick it up and no cache outage loses it."""

    # The uploader's id, not a relation: core stands below accounts, and the row lives minutes.
    user_id = models.BigIntegerField(_("uploaded by"), db_index=True)
    token = models.CharField(_("token"), max_length=40, unique=True)
    name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("stashed upload")
        verbose_name_plural = _("stashed uploads")

    def __str__(self) -> str:
        return self.name
