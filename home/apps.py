from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The start pages: built from every app's selectors; no app reads from here."""

    name = "home"
    verbose_name = _("Home")
