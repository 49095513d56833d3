import uuid

from django.db import migrations, models


def give_each_import_a_token(apps, schema_editor):
    CatalogueImport = apps.get_model("catalogue", "CatalogueImport")
    for record in CatalogueImport.objects.all():
        record.token = uuid.uuid4()
        record.save(update_fields=["token"])


class Migration(migrations.Migration):
    """Imports run in the background worker: their file in the default storage, state, progress."""

    dependencies = [
        ("catalogue", "0003_life_events"),
    ]

    operations = [
        migrations.AddField(
            model_name="catalogueimport",
            name="file",
            field=models.FileField(blank=True, max_length=255, upload_to="catalogue-imports/%Y/%m/", verbose_name="uploaded file"),
        ),
        migrations.AddField(
            model_name="catalogueimport",
            name="sha256",
            field=models.CharField(blank=True, db_index=True, max_length=64, verbose_name="SHA-256 of the file"),
        ),
        migrations.AddField(
            model_name="catalogueimport",
            name="token",
            field=models.UUIDField(null=True, editable=False, verbose_name="confirmation token"),
        ),
        migrations.RunPython(give_each_import_a_token, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="catalogueimport",
            name="token",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="confirmation token"),
        ),
        migrations.AlterField(
            model_name="catalogueimport",
            name="imported_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="uploaded at"),
        ),
        # Imports recorded before were done in the request: they succeeded.
        migrations.AddField(
            model_name="catalogueimport",
            name="status",
            field=models.CharField(choices=[("checked", "Checked, waiting for confirmation"), ("queued", "Waiting for the worker"), ("running", "Importing"), ("succeeded", "Imported"), ("failed", "Failed")], default="succeeded", max_length=16, verbose_name="state"),
        ),
        migrations.AlterField(
            model_name="catalogueimport",
            name="status",
            field=models.CharField(choices=[("checked", "Checked, waiting for confirmation"), ("queued", "Waiting for the worker"), ("running", "Importing"), ("succeeded", "Imported"), ("failed", "Failed")], default="checked", max_length=16, verbose_name="state"),
        ),
        migrations.AddField(
            model_name="catalogueimport",
            name="records_done",
            field=models.PositiveIntegerField(default=0, verbose_name="records done"),
        ),
        migrations.AddField(
            model_name="catalogueimport",
            name="records_total",
            field=models.PositiveIntegerField(default=0, verbose_name="records in the file"),
        ),
        migrations.AddField(
            model_name="catalogueimport",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="started at"),
        ),
        migrations.AddField(
            model_name="catalogueimport",
            name="finished_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="finished at"),
        ),
        migrations.AlterField(
            model_name="catalogueimport",
            name="summary",
            field=models.TextField(blank=True, verbose_name="summary"),
        ),
        migrations.AddField(
            model_name="catalogueimport",
            name="error",
            field=models.TextField(blank=True, verbose_name="error"),
        ),
        migrations.AddField(
            model_name="catalogueimport",
            name="task_id",
            field=models.CharField(blank=True, max_length=64, verbose_name="background job"),
        ),
        migrations.AddConstraint(
            model_name="catalogueimport",
            constraint=models.UniqueConstraint(condition=models.Q(("status__in", ["queued", "running"])), fields=("sha256",), name="catalogue_import_one_active_per_file"),
        ),
    ]
