"""Expense vouchers kept for their statutory period: each approved claim's last day, and the
database triggers that refuse to delete it before (see expenses/dbguard.py)."""

from typing import Any

from django.db import migrations, models


def install(apps: Any, schema_editor: Any) -> None:
    from strongroom.platform.retention.rules import retained_until
    from strongroom.records.expenses import dbguard

    claims = apps.get_model("expenses", "ExpenseClaim")
    for claim in claims.objects.filter(status__in=dbguard.KEPT).select_related("company"):
        kept = retained_until(claim)
        claim.retained_until = kept[0] if kept else None
        claim.save(update_fields=["retained_until"])
    dbguard.install(schema_editor.connection)


def uninstall(apps: Any, schema_editor: Any) -> None:
    from strongroom.records.expenses import dbguard

    dbguard.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("expenses", "0001_initial"),
        ("files", "0002_file_keys"),
    ]

    operations = [
        migrations.AddField(
            model_name="expenseclaim",
            name="retained_until",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.RunPython(install, uninstall, elidable=False),
    ]
