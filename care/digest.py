"""The optional morning digest: each account manager who asked for it gets their open
reminders due today or earlier by e-mail."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import User

from .models import CareDigest, Reminder, ReminderStatus


def care_digests_send(*, day: date | None = None) -> int:
    """Send today's digests; returns how many were sent (once per manager and day)."""
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
        with override(settings.LANGUAGE_CODE):
            lines = [f"- {reminder.due_on.isoformat()} {reminder.title}" for reminder in due]
            send_mail(
                subject=_("Your care reminders for %(day)s") % {"day": day.isoformat()},
                message="\n".join(lines),
                from_email=None,
                recipient_list=[user.email],
            )
        CareDigest.objects.get_or_create(user=user, day=day)
        sent += 1
    return sent
