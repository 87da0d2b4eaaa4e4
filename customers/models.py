from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import visibility
from .choices import (
    AccessSurface,
    AcquisitionSource,
    CalendarKind,
    CustomerKind,
    DateKind,
    DecisionRole,
    Industry,
    InteractionChannel,
    LifecycleCause,
    LifecycleState,
    PersonalityType,
    ServiceTier,
    ValueClass,
)
from .qualification import ManAdvice, man_advice, man_code

if TYPE_CHECKING:
    from accounts.models import User

TEXT_LIMIT = [MaxLengthValidator(settings.CRM_TEXT_MAX_LENGTH)]


class LocalizedNameMixin(models.Model):
    """Reference data named in both shipped languages."""

    name_en = models.CharField(_("name (English)"), max_length=100)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_zh if (get_language() or "").startswith("zh") else self.name_en


# How every page, report and export names a missing value: the customers and orders without a
# region above all.
NOT_SET = _("Not set")


class RegionQuerySet(models.QuerySet["Region"]):
    def names(self) -> dict[int | None, str]:
        """Names by id, with None (no region) as "Not set": the labels of every report that
        groups by region."""
        return {None: str(NOT_SET), **{region.pk: region.name for region in self}}


def region_name(region: Region | None) -> str:
    return region.name if region is not None else str(NOT_SET)


class Region(LocalizedNameMixin):
    """A sales region (区域), e.g. 华东 East China; customers and orders may have none."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Offered for new and changed customers.")
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    @property
    def province_names(self) -> str:
        """The provinces in the region, for lists (prefetch `provinces`)."""
        return "、".join(province.name for province in self.provinces.all())


class Province(LocalizedNameMixin):
    """A province-level division (省、自治区、直辖市、特别行政区) and the region it lies in."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="provinces"
    )

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["region__code", "code"]


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CustomerQuerySet(models.QuerySet["Customer"]):
    def visible_to(self, user: User) -> CustomerQuerySet:
        """Graded authorization (分级授权): the one rule every page, API, report and export uses.

        Admins see everyone; supervisors and department staff their department's customers and
        those the department works on for another app (customers.visibility: the customers
        whose complaints it handles); account managers only the customers they own.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_admin_role:
            return self.all()
        if user.is_supervisor or user.is_department_staff:
            if user.department_id is None:
                return self.none()
            rule = Q(department_id=user.department_id)
            for grant in visibility.department_grants():
                rule |= Q(pk__in=grant(user))
            return self.filter(rule)
        return self.filter(owner_id=user.pk)


class Customer(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=CustomerKind.choices)
    name = models.CharField(_("name"), max_length=200)
    # Contacts (sensitive: masked for anyone but the owner, their supervisors and admins).
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    messaging_id = models.CharField(_("messaging app ID"), max_length=100, blank=True)

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True
    )
    industry = models.CharField(
        _("industry"), max_length=30, choices=Industry.choices, default=Industry.OTHER
    )
    source = models.CharField(
        _("acquisition source"),
        max_length=30,
        choices=AcquisitionSource.choices,
        default=AcquisitionSource.OTHER,
    )
    referred_by = models.ForeignKey(
        "self",
        verbose_name=_("referred by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account manager"),
        on_delete=models.PROTECT,
        related_name="owned_customers",
    )
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="customers",
    )

    lifecycle_state = models.CharField(
        _("lifecycle state"),
        max_length=20,
        choices=LifecycleState.choices,
        default=LifecycleState.POTENTIAL,
    )
    lifecycle_changed_at = models.DateTimeField(_("state since"), default=timezone.now)

    # MAN qualification (SPEC §2).
    has_money = models.BooleanField(_("money (buying power)"), default=False)
    has_authority = models.BooleanField(_("authority (decides the purchase)"), default=False)
    has_need = models.BooleanField(_("need"), default=False)
    man_assessed_at = models.DateTimeField(_("MAN assessed at"), null=True, blank=True)

    personality_type = models.CharField(
        _("personality type"), max_length=20, choices=PersonalityType.choices, blank=True
    )
    value_class = models.CharField(
        _("value class"), max_length=1, choices=ValueClass.choices, blank=True
    )
    tier = models.CharField(
        _("service tier"), max_length=20, choices=ServiceTier.choices, default=ServiceTier.SILVER
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="customers")

    # The personal side (个人面).
    taboos = models.TextField(_("taboos"), blank=True, validators=TEXT_LIMIT)
    beliefs = models.TextField(_("beliefs"), blank=True, validators=TEXT_LIMIT)
    preferences = models.TextField(_("hobbies and preferences"), blank=True, validators=TEXT_LIMIT)
    life_background = models.TextField(_("life background"), blank=True, validators=TEXT_LIMIT)
    values = models.TextField(_("values"), blank=True, validators=TEXT_LIMIT)
    family = models.TextField(_("family"), blank=True, validators=TEXT_LIMIT)
    needs = models.TextField(_("needs"), blank=True, validators=TEXT_LIMIT)

    # The enterprise side (客户组织架构).
    org_structure = models.TextField(_("organisation notes"), blank=True, validators=TEXT_LIMIT)
    purchasing_method = models.TextField(_("purchasing method"), blank=True, validators=TEXT_LIMIT)
    competitors = models.TextField(_("competitors around them"), blank=True, validators=TEXT_LIMIT)

    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CustomerQuerySet.as_manager()

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["name", "id"], name="customer_name_idx"),
            models.Index(fields=["owner", "name", "id"], name="customer_owner_name_idx"),
            models.Index(fields=["department", "name", "id"], name="customer_dept_name_idx"),
            models.Index(fields=["lifecycle_state"], name="customer_state_idx"),
            models.Index(fields=["created_at"], name="customer_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CustomerKind.values), name="customer_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(lifecycle_state__in=LifecycleState.values), name="customer_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(tier__in=ServiceTier.values), name="customer_tier_valid"
            ),
            models.CheckConstraint(
                condition=Q(personality_type="") | Q(personality_type__in=PersonalityType.values),
                name="customer_personality_valid",
            ),
            models.CheckConstraint(
                condition=Q(referred_by__isnull=True) | ~Q(referred_by=models.F("pk")),
                name="customer_not_self_referred",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def man_code(self) -> str:
        return man_code(money=self.has_money, authority=self.has_authority, need=self.has_need)

    @property
    def man_advice(self) -> ManAdvice:
        return man_advice(money=self.has_money, authority=self.has_authority, need=self.has_need)

    @property
    def is_enterprise(self) -> bool:
        return self.kind == CustomerKind.ENTERPRISE


class LifecycleChange(models.Model):
    """Append-only history of lifecycle states: written by customers.audit only."""

    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="lifecycle_changes",
    )
    from_state = models.CharField(
        _("from"), max_length=20, choices=LifecycleState.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=20, choices=LifecycleState.choices)
    cause = models.CharField(_("cause"), max_length=20, choices=LifecycleCause.choices)
    reason = models.TextField(_("reason"), blank=True, validators=TEXT_LIMIT)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("lifecycle change")
        verbose_name_plural = _("lifecycle changes")
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["customer", "-changed_at"], name="lifecycle_customer_idx")]

    def __str__(self) -> str:
        return f"{self.from_state or '-'} → {self.to_state}"


class ImportantDate(models.Model):
    """Birthday (solar or lunar), anniversaries and honour days (荣誉日)."""

    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="important_dates",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DateKind.choices)
    label = models.CharField(_("label"), max_length=100, blank=True)
    calendar = models.CharField(
        _("calendar"), max_length=10, choices=CalendarKind.choices, default=CalendarKind.SOLAR
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    day = models.PositiveSmallIntegerField(
        _("day"), validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    is_leap_month = models.BooleanField(_("leap month (lunar)"), default=False)

    class Meta:
        verbose_name = _("important date")
        verbose_name_plural = _("important dates")
        ordering = ["month", "day"]
        constraints = [
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="date_month_range"
            ),
            models.CheckConstraint(condition=Q(day__gte=1, day__lte=31), name="date_day_range"),
            models.CheckConstraint(
                condition=Q(calendar="solar", is_leap_month=False)
                | Q(calendar="lunar", day__lte=30),
                name="date_lunar_rules",
            ),
            models.UniqueConstraint(
                fields=["customer"], condition=Q(kind="birthday"), name="one_birthday_per_customer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.month:02d}-{self.day:02d}"


class KeyContact(models.Model):
    """A person at an enterprise customer and their role in the buying decision."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="key_contacts"
    )
    name = models.CharField(_("name"), max_length=100)
    title = models.CharField(_("job title"), max_length=100, blank=True)
    decision_role = models.CharField(
        _("role in the buying decision"), max_length=20, choices=DecisionRole.choices
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    notes = models.TextField(_("notes"), blank=True, validators=TEXT_LIMIT)

    class Meta:
        verbose_name = _("key contact")
        verbose_name_plural = _("key contacts")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class InteractionQuerySet(models.QuerySet["Interaction"]):
    def visible_to(self, user: User) -> InteractionQuerySet:
        return self.filter(customer__in=Customer.objects.visible_to(user))


class Interaction(models.Model):
    """One contact with the customer (contact log): what was said and promised."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="interactions"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=InteractionChannel.choices)
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="interactions",
    )
    summary = models.TextField(_("summary"), validators=TEXT_LIMIT)
    promise = models.TextField(_("promise made"), blank=True, validators=TEXT_LIMIT)
    promise_due = models.DateField(_("promise due"), null=True, blank=True)
    next_step = models.TextField(_("next step"), blank=True, validators=TEXT_LIMIT)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = InteractionQuerySet.as_manager()

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["customer", "-occurred_at"], name="interaction_customer_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=InteractionChannel.values), name="interaction_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(promise_due__isnull=True) | ~Q(promise=""),
                name="interaction_due_needs_promise",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.occurred_at:%Y-%m-%d}"


class SensitiveAccess(models.Model):
    """Who saw or exported customers' sensitive personal fields unmasked (written by
    customers.audit only; never edited)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    surface = models.CharField(_("where"), max_length=20, choices=AccessSurface.choices)
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sensitive_accesses",
    )
    customer_count = models.PositiveIntegerField(_("customers"), default=1)
    query = models.CharField(_("filters"), max_length=500, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("sensitive data access")
        verbose_name_plural = _("sensitive data accesses")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "-at"], name="sensitive_access_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.surface} {self.at:%Y-%m-%d %H:%M}"
