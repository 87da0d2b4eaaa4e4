from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "care"
    verbose_name = _("Customer care")

    def ready(self) -> None:
        from sales.derived import register_order_follower

        from . import panels, receivers  # noqa: F401  (customer page panel, event receivers)
        from .loyalty import points_earn_for_order

        # points are earned in the order's own transaction
        register_order_follower(points_earn_for_order)
