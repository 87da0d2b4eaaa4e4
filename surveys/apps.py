from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Satisfaction surveys")

    def ready(self) -> None:
        from core import events

        from . import panels, timeline  # noqa: F401  (customer page panel, timeline source)
        from .handlers import wants_after_order

        events.subscribe(events.COMPLAINT_EVALUATED, "surveys.handlers.invite_after_complaint")
        events.subscribe(
            events.ORDER_CREATED, "surveys.handlers.invite_after_order", wants=wants_after_order
        )
