# Access-log entries are inserted unsealed on the request path and sealed into their chain by
# chain.seal_reads; triggers (history/dbguard.py) allow that one change and no other, and no
# delete.

from typing import Any

from django.conf import settings
from django.db import migrations, models


def install(apps: Any, schema_editor: Any) -> None:
    from strongroom.platform.history import dbguard

    dbguard.install(schema_editor.connection)


def uninstall(apps: Any, schema_editor: Any) -> None:
    from strongroom.platform.history import dbguard

    dbguard.uninstall(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("history", "0006_entry_body_required"),
        ("tenancy", "0003_termination_certificate"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="accessread",
            name="body",
            field=models.BinaryField(null=True),
        ),
        migrations.AlterField(
            model_name="accessread",
            name="entry_hash",
            field=models.CharField(max_length=64, null=True, unique=True),
        ),
        migrations.AlterField(
            model_name="accessread",
            name="prev_hash",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.AlterField(
            model_name="accessread",
            name="sequence",
            field=models.PositiveBigIntegerField(null=True),
        ),
        migrations.AddIndex(
            model_name="accessread",
            index=models.Index(condition=models.Q(("sequence__isnull", True)), fields=["chain_key", "id"], name="history_access_unsealed"),
        ),
        migrations.AddConstraint(
            model_name="accessread",
            constraint=models.CheckConstraint(condition=models.Q(models.Q(("body__isnull", True), ("entry_hash__isnull", True), ("prev_hash__isnull", True), ("sequence__isnull", True)), models.Q(("body__isnull", False), ("entry_hash__isnull", False), ("prev_hash__isnull", False), ("sequence__isnull", False)), _connector="OR"), name="history_access_sealed_whole"),
        ),
        migrations.RunPython(install, uninstall, elidable=False),
    ]
