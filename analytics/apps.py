from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = _("Analytics")

    def ready(self) -> None:
        from customers.derived import register_keeper
        from sales.derived import register_order_follower

        from .rollup import CUSTOMER_ROLLUPS, rollup_count_order

        # the rollups move in the transactions that write orders and move customers
        register_order_follower(rollup_count_order)
        register_keeper(CUSTOMER_ROLLUPS)
