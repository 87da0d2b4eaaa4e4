from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        from crm.demo.seed import EXTRA_STEPS

        from . import timeline  # noqa: F401  (registers the complaints timeline source)
        from .demo import seed_complaints

        if seed_complaints not in EXTRA_STEPS:
            EXTRA_STEPS.append(seed_complaints)
