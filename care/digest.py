"""The optional morning digest: each account manager who asked for it gets their open
reminders due today or earlier by e-mail."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import User
from core.mail import mail_queue

from .models import CareDigest, Reminder, ReminderStatus


def care_digests_send(*, day: date | None = None) -> int:
    """Queue today's digests; returns how many (once per manager and day: the digest row and
    its e-mail are written together)."""
    day = day or timezone.localdate()
    sent = 0
    already = CareDigest.objects.filter(day=day).values("user_id")
    for user in (
        User.objects.filter(care_digest=True, is_active=True)
        .exclude(email="")
        .exclude(pk__in=already)
    ):
        due = list(
            Reminder.objects.filter(owner=user)
            .filter(
                Q(status=ReminderStatus.OPEN, due_on__lte=day)
                | Q(status=ReminderStatus.SNOOZED, snoozed_until__lte=day)
            )
            .select_related("customer")
            .order_by("due_on")[:50]
        )
        if not due:
            continue
        with transaction.atomic():
            _digest, created = CareDigest.objects.get_or_create(user=user, day=day)
            if not created:  # a concurrent run got there first
                continue
            with override(settings.LANGUAGE_CODE):
                lines = [f"- {reminder.due_on.isoformat()} {reminder.title}" for reminder in due]
                mail_queue(
                    to=[user.email],
                    subject=_("Your care reminders for %(day)s") % {"day": day.isoformat()},
                    body="\n".join(lines),
                    key=f"care-digest:{user.pk}:{day.isoformat()}",
                )
        sent += 1
    return sent
