from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Satisfaction surveys")

    def ready(self) -> None:
        from crm.demo.seed import EXTRA_STEPS

        from . import panels, receivers, timeline  # noqa: F401  (customer page, events, timeline)
        from .demo import seed_surveys

        if seed_surveys not in EXTRA_STEPS:
            EXTRA_STEPS.append(seed_surveys)
