from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SalesConfig(AppConfig):
    name = "sales"
    verbose_name = _("Consumption records")

    def ready(self) -> None:
        from . import timeline  # noqa: F401  (registers the orders timeline source)
