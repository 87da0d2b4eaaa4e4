from collections.abc import Callable, Mapping
from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = _("Integrations")

    def ready(self) -> None:
        from core import events

        from . import receivers, schema  # noqa: F401  (endpoint cache, OpenAPI auth scheme)

        # Each event of the same name a webhook endpoint may subscribe to; no outbox message
        # at all while no active endpoint listens.
        for event, handler in (
            (events.CUSTOMER_CREATED, "customer_created"),
            (events.CUSTOMER_LIFECYCLE_CHANGED, "customer_lifecycle_changed"),
            (events.ORDER_CREATED, "order_created"),
            (events.COMPLAINT_TRANSITIONED, "complaint_transitioned"),
            (events.COMPLAINT_ESCALATED, "complaint_escalated"),
            (events.SURVEY_RESPONSE_RECEIVED, "survey_response_received"),
        ):
            events.subscribe(
                event, f"integrations.handlers.{handler}", wants=_wanted_by_webhooks(event.name)
            )


def _wanted_by_webhooks(name: str) -> Callable[[Mapping[str, Any]], bool]:
    from .services import webhook_event_wanted

    return lambda payload: webhook_event_wanted(name)
