"""The complaint vocabularies (SPEC §5, §7)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ComplaintCategory(models.TextChoices):
    PRODUCT_QUALITY = "product_quality", _("Product quality")
    SERVICE = "service", _("Service")
    DELIVERY = "delivery", _("Delivery")
    PRICE = "price", _("Price")
    OTHER = "other", _("Other")


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class ComplaintState(models.TextChoices):
    """Named after the step just completed; each waits for the next step."""

    RECORDED = "recorded", _("Recorded — validity to judge")
    ACCEPTED = "accepted", _("Valid — department to assign")
    ASSIGNED = "assigned", _("Assigned — cause to analyse")
    ANALYSED = "analysed", _("Analysed — resolution to propose")
    PROPOSED = "proposed", _("Proposed — awaiting supervisor")
    APPROVED = "approved", _("Approved — to implement")
    IMPLEMENTED = "implemented", _("Implemented — to evaluate")
    EVALUATED = "evaluated", _("Evaluated — to close")
    CLOSED = "closed", _("Closed")
    INVALID = "invalid", _("Closed as not valid")


OPEN_STATES = frozenset(
    {
        ComplaintState.RECORDED,
        ComplaintState.ACCEPTED,
        ComplaintState.ASSIGNED,
        ComplaintState.ANALYSED,
        ComplaintState.PROPOSED,
        ComplaintState.APPROVED,
        ComplaintState.IMPLEMENTED,
        ComplaintState.EVALUATED,
    }
)


class CauseCategory(models.TextChoices):
    PROMOTION_GAP = "promotion_gap", _("Promotion gap (促销差距)")
    UNDERSTANDING_GAP = "understanding_gap", _("Understanding gap (理解差距)")
    PROCEDURE_GAP = "procedure_gap", _("Procedure gap (程序差距)")
    BEHAVIOUR_GAP = "behaviour_gap", _("Behaviour gap (行为差距)")
    PERCEPTION_GAP = "perception_gap", _("Perception gap (感受差距)")
    UNSTABLE_QUALITY = "unstable_quality", _("Unstable quality")
    LACK_OF_INNOVATION = "lack_of_innovation", _("Lack of innovation")
    POOR_SERVICE = "poor_service", _("Poor service")
    WEAK_MARKET_CONTROL = "weak_market_control", _("Weak market control")


class CompensationKind(models.TextChoices):
    NONE = "none", _("No compensation")
    APOLOGY = "apology", _("Apology only")
    REPAIR = "repair", _("Repair")
    REPLACEMENT = "replacement", _("Replacement")
    REFUND = "refund", _("Refund")
    DISCOUNT = "discount", _("Discount on next order")
    VOUCHER = "voucher", _("Voucher")
    GIFT = "gift", _("Gift")
    OTHER = "other", _("Other")


# Kinds that cost money; their amount is required.
PAID_COMPENSATION = frozenset(
    {
        CompensationKind.REFUND,
        CompensationKind.DISCOUNT,
        CompensationKind.VOUCHER,
        CompensationKind.GIFT,
        CompensationKind.REPLACEMENT,
        CompensationKind.REPAIR,
    }
)


class CustomerOpinion(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    ACCEPTABLE = "acceptable", _("Acceptable")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")
