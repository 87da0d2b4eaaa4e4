from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "care"
    verbose_name = _("Customer care")

    def ready(self) -> None:
        from crm.demo.seed import EXTRA_STEPS

        from . import panels, receivers  # noqa: F401  (customer page panel, event receivers)
        from .demo import seed_care

        if seed_care not in EXTRA_STEPS:
            EXTRA_STEPS.append(seed_care)
