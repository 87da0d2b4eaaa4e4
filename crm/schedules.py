"""Every periodic job of the installation, declared once: its Celery task, when it runs (local
time) and the service it calls. core.jobs writes them into the beat schedule and runs them by
hand (`manage.py crm_run_job NAME`)."""

from core.jobs import Job

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
        task="analytics.tasks.analyse_churn",
        service="analytics.churn.churn_analyse",
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
    "outbox-sweep": Job(
        task="core.tasks.sweep_outbox",
        service="core.outbox.outbox_sweep",
        description="Hand over side effects (e-mails, webhooks, surveys) the broker never got",
        every_seconds=10,
    ),
    "purge-records": Job(
        task="core.tasks.purge_records",
        service="core.retention.records_purge",
        description="Forget done side effects, expired idempotency keys and stale uploads",
        crontab="15 3 * * *",
    ),
}
