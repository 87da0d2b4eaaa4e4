from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo and scale data (`manage.py seed_demo`): reads and writes every app; nothing
    imports it."""

    name = "demo"
    verbose_name = _("Demo data")
