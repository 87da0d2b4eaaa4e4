from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        from customers.visibility import register_department_grant

        from . import timeline  # noqa: F401  (registers the complaints timeline source)
        from .models import customers_handled_by

        # staff of the department a complaint is routed to see its customer
        register_department_grant(customers_handled_by)
