from __future__ import annotations

from typing import TYPE_CHECKING

from customers.models import Customer
from customers.panels import Panel, register_panel

from .models import Answer, SurveyResponse
from .scores import scores_of

if TYPE_CHECKING:
    from accounts.models import User


@register_panel
def survey_panel(customer: Customer, user: User) -> Panel | None:
    """The customer's survey scores and latest answers (two queries)."""
    responses = list(
        SurveyResponse.objects.filter(customer=customer)
        .select_related("template")
        .order_by("-submitted_at")[:3]
    )
    if not responses:
        return None
    return Panel(
        "surveys/customer_panel.html",
        {
            "responses": responses,
            "scores": scores_of(Answer.objects.filter(response__customer=customer)),
            "customer_id": customer.pk,
        },
    )
