from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = _("Analytics")

    def ready(self) -> None:
        from crm.demo.seed import EXTRA_STEPS

        from .demo import seed_analytics

        if seed_analytics not in EXTRA_STEPS:
            EXTRA_STEPS.append(seed_analytics)
