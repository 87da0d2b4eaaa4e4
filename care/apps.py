from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "care"
    verbose_name = _("Customer care")

    def ready(self) -> None:
        from core import events
        from sales.derived import register_order_follower

        from . import panels  # noqa: F401  (customer page panel)
        from .handlers import wants_loss
        from .loyalty import points_earn_for_order

        events.subscribe(
            events.CUSTOMER_LIFECYCLE_CHANGED, "care.handlers.customer_lost", wants=wants_loss
        )
        # points are earned in the order's own transaction
        register_order_follower(points_earn_for_order)
