"""The churn analysis moved from care to analytics: installations whose beat schedule was
written before keep their (possibly edited) schedule and get the task's new name."""

from django.db import migrations

OLD, NEW = "care.tasks.analyse_churn", "analytics.tasks.analyse_churn"


def rename(apps, schema_editor, old=OLD, new=NEW):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task=old).update(task=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, old=NEW, new=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0001_rollups"),
        ("django_celery_beat", "0001_initial"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
