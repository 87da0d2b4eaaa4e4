"""Every periodic job, declared once: its Celery task, when it runs, and the service it calls.

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


JOBS: dict[str, Job] = {
    "care-reminders": Job(
        task="care.tasks.schedule_care_reminders",
        service="care.reminders_daily.care_reminders_for_day",
        description="Birthdays, anniversaries, holidays, contact gaps and promises falling due",
        crontab="30 6 * * *",
    ),
    "care-digest": Job(
        task="care.tasks.send_care_digests",
        service="care.digest.care_digests_send",
        description="Each account manager who asked for it gets the day's reminders by e-mail",
        crontab="0 8 * * *",
    ),
    "churn-analysis": Job(
        task="care.tasks.analyse_churn",
        service="care.churn.churn_analyse",
        description="Lifecycle rules, churn-risk scores and reminders for newly at-risk customers",
        crontab="0 2 * * *",
    ),
    "points-expiry": Job(
        task="care.tasks.expire_points",
        service="care.loyalty.points_expire",
        description="Unused points past their date expire",
        crontab="30 1 * * *",
    ),
    "value-classes": Job(
        task="analytics.tasks.refresh_value_classes",
        service="analytics.value.value_class_refresh",
        description="The 80/20/30 value class (A/B/C) of every customer",
        crontab="30 2 * * *",
    ),
    "escalate-overdue-complaints": Job(
        task="complaints.tasks.escalate_overdue_complaints",
        service="complaints.services.complaint_escalate_overdue",
        description="Mark complaints past their step deadline escalated; notify supervisors once",
        every_minutes=15,
    ),
    "retry-due-webhooks": Job(
        task="integrations.tasks.retry_due_webhooks",
        service="integrations.services.webhook_retry_due",
        description="Send webhook deliveries whose retry time has come",
        every_minutes=5,
    ),
    "care-for-unhappy-responses": Job(
        task="surveys.tasks.act_on_unhappy_responses",
        service="surveys.services.responses_act_on_pending",
        description="A care task for each new detractor or missed expectation in a survey",
        every_seconds=20,
    ),
    "remind-survey-non-responders": Job(
        task="surveys.tasks.remind_non_responders",
        service="surveys.services.campaign_remind",
        description="Remind customers who have not answered a survey yet",
        crontab="0 10 * * *",
    ),
}


def schedules_sync(*, reset: bool = False) -> list[str]:
    """Create the database schedule of every job that has none (or all of them, with reset);
    returns the names written."""
    from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

    written = []
    for name, job in JOBS.items():
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

    from django.conf import settings

    return ZoneInfo(settings.TIME_ZONE)
