"""The periodic jobs, declared once in crm/schedules.py: each names its Celery task, when it
runs, and the service it calls.

django-celery-beat keeps the schedules in the database, where administrators edit them; after
`migrate`, `schedules_sync` adds the jobs missing there and leaves edited ones alone.
`manage.py crm_run_job NAME [--day YYYY-MM-DD]` runs a job once, in the foreground.
"""

from __future__ import annotations

import inspect
import json
from dataclasses import dataclass
from datetime import date
from importlib import import_module
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Job:
    task: str
    service: str  # dotted path of the function the task calls
    description: str
    crontab: str = ""  # "minute hour day_of_month month_of_year day_of_week", local time
    every_minutes: int = 0
    every_seconds: int = 0

    def run(self, *, day: date | None = None) -> Any:
        module, _sep, name = self.service.rpartition(".")
        function = getattr(import_module(module), name)
        if day is not None and "day" in inspect.signature(function).parameters:
            return function(day=day)
        return function()


def declared_jobs() -> dict[str, Job]:
    """The project's table of jobs (settings.CRM_JOBS names it)."""
    jobs: dict[str, Job] = import_string(settings.CRM_JOBS)
    return jobs


def schedules_sync(*, reset: bool = False) -> list[str]:
    """Create the database schedule of every job that has none (or all of them, with reset);
    returns the names written."""
    from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

    written = []
    for name, job in declared_jobs().items():
        if PeriodicTask.objects.filter(name=name).exists() and not reset:
            continue
        values: dict[str, Any] = {
            "task": job.task,
            "description": job.description,
            "enabled": True,
            "kwargs": json.dumps({}),
            "crontab": None,
            "interval": None,
        }
        if job.crontab:
            minute, hour, day_of_month, month_of_year, day_of_week = job.crontab.split()
            values["crontab"], _created = CrontabSchedule.objects.get_or_create(
                minute=minute,
                hour=hour,
                day_of_month=day_of_month,
                month_of_year=month_of_year,
                day_of_week=day_of_week,
                timezone=_zone(),
            )
        elif job.every_seconds:
            values["interval"], _created = IntervalSchedule.objects.get_or_create(
                every=job.every_seconds, period=IntervalSchedule.SECONDS
            )
        else:
            values["interval"], _created = IntervalSchedule.objects.get_or_create(
                every=job.every_minutes, period=IntervalSchedule.MINUTES
            )
        PeriodicTask.objects.update_or_create(name=name, defaults=values)
        written.append(name)
    return written


def _zone() -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(settings.TIME_ZONE)
