from typing import Any

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_schedules(sender: AppConfig, **kwargs: Any) -> None:
    from .jobs import schedules_sync

    schedules_sync()


class CoreConfig(AppConfig):
    """Mechanisms every app shares (errors, events, imports, rate limits, formatting); it
    imports no domain app."""

    name = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deployment checks)

        # After every migrate, the declared jobs exist in the beat schedule (edits are kept).
        # Sent per app with models; the schedule's own app is the one whose tables it needs.
        post_migrate.connect(
            _sync_schedules,
            sender=apps.get_app_config("django_celery_beat"),
            dispatch_uid="crm-schedules",
        )
