"""The customer page's care panel: churn risk with its reasons, the points balance and the last
ledger entries, and the loss waiting for a reason (four queries, however long the ledger)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Sum

from customers.models import Customer
from customers.panels import Panel, register_panel

from .models import ChurnScore, CustomerLoss, PointsEntry
from .risk import reason_text

if TYPE_CHECKING:
    from accounts.models import User


@register_panel
def care_panel(customer: Customer, user: User) -> Panel | None:
    churn = ChurnScore.objects.filter(customer=customer).first()
    ledger = PointsEntry.objects.filter(customer=customer)
    entries = list(ledger.order_by("-created_at", "-id")[:5])
    loss = CustomerLoss.objects.filter(customer=customer).order_by("-lost_on").first()
    if churn is None and not entries and loss is None:
        return None
    balance = ledger.aggregate(total=Sum("points"))["total"] or 0
    return Panel(
        "care/customer_panel.html",
        {
            "churn": churn,
            "reasons": [reason_text(reason) for reason in churn.reasons] if churn else [],
            "balance": balance,
            "entries": entries,
            "loss": loss,
        },
    )
