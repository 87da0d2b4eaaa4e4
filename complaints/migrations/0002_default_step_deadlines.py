"""Seed the per-severity step deadlines admins can then edit (numbers as of this migration)."""

from django.db import migrations

NORMAL_HOURS = {
    "recorded": 24, "accepted": 24, "assigned": 48, "analysed": 48, "proposed": 24,
    "approved": 72, "implemented": 72, "evaluated": 48,
}
FACTOR = {"low": 2.0, "normal": 1.0, "high": 0.5, "critical": 0.25}


def seed(apps, schema_editor):
    StepDeadline = apps.get_model("complaints", "StepDeadline")
    StepDeadline.objects.bulk_create(
        [
            StepDeadline(severity=severity, state=state, hours=max(1, round(hours * factor)))
            for severity, factor in FACTOR.items()
            for state, hours in NORMAL_HOURS.items()
        ],
        ignore_conflicts=True,
    )


def unseed(apps, schema_editor):
    apps.get_model("complaints", "StepDeadline").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
