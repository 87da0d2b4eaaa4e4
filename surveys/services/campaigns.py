"""Campaigns send a published template to customers; each gets a single-use link."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.errors import IllegalStateChange, InvalidInput, NotAllowed
from core.outbox import Message, outbox_enqueue_many
from customers.choices import LifecycleState, PersonalityType, ServiceTier
from customers.models import Customer

from ..choices import AUTOMATIC_KINDS, CampaignKind, CampaignStatus, TemplateStatus
from ..models import Campaign, Invitation, SurveyTemplate
from ..selectors import automatic_surveys_changed

if TYPE_CHECKING:
    from accounts.models import User

SEGMENT_FILTERS: dict[str, str] = {
    "lifecycle_state": "lifecycle_state__in",
    "tier": "tier__in",
    "region": "region__code__in",
    "owner": "owner_id__in",
    "tag": "tags__name__in",
    "personality_type": "personality_type__in",
}
KNOWN_VALUES: dict[str, Sequence[str]] = {
    "lifecycle_state": LifecycleState.values,
    "tier": ServiceTier.values,
    "personality_type": PersonalityType.values,
}
MAX_REMINDERS = 2
EMAIL_HANDLER = "surveys.handlers.email_invitation"
REMIND_AFTER = timedelta(days=3)


def _segment_errors(segment: Mapping[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for key, values in segment.items():
        if key not in SEGMENT_FILTERS:
            errors[f"segment.{key}"] = [_("Unknown filter.")]
            continue
        if not isinstance(values, list) or not values or len(values) > 100:
            errors[f"segment.{key}"] = [_("Give a list of values.")]
            continue
        allowed = KNOWN_VALUES.get(key)
        if allowed and any(str(v) not in allowed for v in values):
            errors[f"segment.{key}"] = [_("Unknown value.")]
        if key == "owner" and not all(str(v).isdigit() for v in values):
            errors[f"segment.{key}"] = [_("Owners are user ids.")]
    return errors


def segment_customers(*, campaign: Campaign) -> Any:
    """Whom a campaign reaches: its segment, within what its creator may see."""
    customers = Customer.objects.visible_to(campaign.created_by)
    if campaign.kind == CampaignKind.SINGLE:
        return customers.filter(pk=campaign.customer_id or 0)
    condition = Q()
    for key, values in (campaign.segment or {}).items():
        condition &= Q(**{SEGMENT_FILTERS[key]: values})
    return customers.filter(condition).distinct()


@transaction.atomic
def campaign_create(
    *,
    actor: User,
    name: str,
    template: SurveyTemplate,
    kind: str,
    segment: Mapping[str, Any] | None = None,
    customer: Customer | None = None,
    expires_after_days: int = 14,
) -> Campaign:
    if actor.is_department_staff:
        raise NotAllowed(_("Department staff do not run survey campaigns."))
    errors: dict[str, list[str]] = {}
    if not name.strip() or len(name) > 200:
        errors["name"] = [_("Give the campaign a name of at most 200 characters.")]
    if not SurveyTemplate.objects.filter(pk=template.pk, status=TemplateStatus.PUBLISHED).exists():
        errors["template"] = [_("Only a published template can be sent.")]
    if kind not in CampaignKind.values:
        errors["kind"] = [_("Choose how the campaign reaches customers.")]
    if kind in AUTOMATIC_KINDS:
        if not actor.is_admin_role:
            raise NotAllowed(_("Only administrators set up automatic surveys."))
        if Campaign.objects.filter(kind=kind, status=CampaignStatus.ACTIVE).exists():
            errors["kind"] = [
                _("An automatic survey for this occasion is already active; close it first.")
            ]
    if kind == CampaignKind.SINGLE and (
        customer is None or not Customer.objects.visible_to(actor).filter(pk=customer.pk).exists()
    ):
        errors["customer"] = [_("Choose one of your customers.")]
    if kind == CampaignKind.SEGMENT:
        errors.update(_segment_errors(segment or {}))
    if not 1 <= int(expires_after_days) <= 365:
        errors["expires_after_days"] = [_("Between 1 and 365 days.")]
    if errors:
        raise InvalidInput(_("The campaign could not be created."), field_errors=errors)
    if kind in AUTOMATIC_KINDS:
        transaction.on_commit(automatic_surveys_changed)
    return Campaign.objects.create(
        name=name.strip(),
        template=template,
        kind=kind,
        segment=dict(segment or {}) if kind == CampaignKind.SEGMENT else {},
        customer=customer if kind == CampaignKind.SINGLE else None,
        expires_after_days=expires_after_days,
        created_by=actor,
        status=CampaignStatus.ACTIVE if kind in AUTOMATIC_KINDS else CampaignStatus.DRAFT,
    )


def _new_invitations(
    campaign: Campaign, customer_ids: Sequence[int], source: str = ""
) -> list[int]:
    now = timezone.now()
    expires = now + timedelta(days=campaign.expires_after_days)
    Invitation.objects.bulk_create(
        [
            Invitation(
                campaign=campaign,
                customer_id=customer_id,
                token=secrets.token_urlsafe(32),
                source=source,
                expires_at=expires,
                created_at=now,
                language=settings.LANGUAGE_CODE,
            )
            for customer_id in customer_ids
        ],
        ignore_conflicts=True,  # a customer already invited for this occasion keeps their link
        batch_size=1000,
    )
    return list(
        Invitation.objects.filter(
            campaign=campaign, customer_id__in=customer_ids, source=source, created_at=now
        ).values_list("pk", flat=True)
    )


@transaction.atomic
def campaign_send(*, campaign: Campaign, actor: User) -> int:
    """Create every recipient's link and e-mail those with an address. Returns invitations made."""
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not (actor.is_admin_role or locked.created_by_id == actor.pk):
        raise NotAllowed(_("Only the campaign's creator sends it."))
    if locked.kind in AUTOMATIC_KINDS or locked.status != CampaignStatus.DRAFT:
        raise IllegalStateChange(_("This campaign has been sent already, or sends itself."))
    customer_ids = list(segment_customers(campaign=locked).values_list("pk", flat=True))
    if not customer_ids:
        raise InvalidInput(
            _("No customer matches this campaign."),
            field_errors={"segment": [_("Nobody matches.")]},
        )
    created = _new_invitations(locked, customer_ids)
    locked.status = CampaignStatus.ACTIVE
    locked.sent_at = timezone.now()
    locked.save(update_fields=["status", "sent_at"])
    _queue_emails(
        Invitation.objects.filter(pk__in=created)
        .exclude(customer__email="")
        .values_list("pk", flat=True)
    )
    return len(created)


def _queue_emails(invitation_ids: Iterable[int], *, reminder: int = 0) -> int:
    """One outbox message per e-mail, with the invitations: sent after the commit, each
    exactly once however often a worker dies or a job is redone. Returns how many are new."""
    return outbox_enqueue_many(
        [
            Message(
                EMAIL_HANDLER,
                {"invitation_id": invitation_id, "reminder": reminder},
                key=f"survey-email:{invitation_id}:{reminder}",
            )
            for invitation_id in invitation_ids
        ]
    )


def invitation_link(invitation: Invitation) -> str:
    return settings.CRM_PUBLIC_URL.rstrip("/") + reverse("surveys:respond", args=[invitation.token])


def invitation_send_email(*, invitation: Invitation, reminder: bool = False) -> bool:
    """E-mail the link in the customer's language; False when the customer has no address."""
    customer = invitation.customer
    if not customer.email or invitation.responded_at or invitation.is_expired:
        return False
    with translation.override(invitation.language):
        subject = (
            _("Reminder: how satisfied are you with us?")
            if reminder
            else _("How satisfied are you with us?")
        )
        body = _(
            "Dear %(name)s,\n\nplease tell us how we are doing (two minutes):\n%(link)s\n\n"
            "The link works once and until %(expires)s."
        ) % {
            "name": customer.name,
            "link": invitation_link(invitation),
            "expires": timezone.localtime(invitation.expires_at).date().isoformat(),
        }
    send_mail(subject, body, from_email=None, recipient_list=[customer.email], fail_silently=False)
    now = timezone.now()
    if reminder:
        Invitation.objects.filter(pk=invitation.pk).update(
            reminded_at=now, reminders=invitation.reminders + 1
        )
    else:
        Invitation.objects.filter(pk=invitation.pk).update(emailed_at=now)
    return True


@transaction.atomic
def campaign_remind(*, campaign: Campaign | None = None) -> int:
    """Remind non-responders (at most twice, three days apart) of active campaigns; returns
    how many reminders were queued (a second run the same day queues none)."""
    now = timezone.now()
    pending = Invitation.objects.filter(
        campaign__status=CampaignStatus.ACTIVE,
        responded_at__isnull=True,
        expires_at__gt=now,
        reminders__lt=MAX_REMINDERS,
        created_at__lte=now - REMIND_AFTER,
    ).filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - REMIND_AFTER))
    pending = pending.exclude(customer__email="")
    if campaign is not None:
        pending = pending.filter(campaign=campaign)
    queued = 0
    for reminders in range(MAX_REMINDERS):
        ids = pending.filter(reminders=reminders).values_list("pk", flat=True)
        queued += _queue_emails(ids, reminder=reminders + 1)
    return queued


@transaction.atomic
def campaign_close(*, campaign: Campaign, actor: User) -> Campaign:
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not (actor.is_admin_role or locked.created_by_id == actor.pk):
        raise NotAllowed(_("Only the campaign's creator closes it."))
    if locked.status == CampaignStatus.CLOSED:
        raise IllegalStateChange(_("This campaign is closed already."))
    locked.status = CampaignStatus.CLOSED
    locked.save(update_fields=["status"])
    if locked.kind in AUTOMATIC_KINDS:
        transaction.on_commit(automatic_surveys_changed)
    return locked


@transaction.atomic
def invitation_for_event(*, kind: str, customer_id: int, source: str) -> Invitation | None:
    """The automatic survey after a complaint or an order: one per occasion."""
    campaign = Campaign.objects.filter(kind=kind, status=CampaignStatus.ACTIVE).first()
    if campaign is None or not Customer.objects.filter(pk=customer_id).exists():
        return None
    _new_invitations(campaign, [customer_id], source=source)
    invitation = Invitation.objects.select_related("customer").get(
        campaign=campaign, customer_id=customer_id, source=source
    )
    if invitation.emailed_at is None and invitation.customer.email:
        _queue_emails([invitation.pk])
    return invitation
