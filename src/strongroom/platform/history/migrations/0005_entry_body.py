# Audit and access-log entries keep the exact bytes their hashes commit to.

from typing import Any

from django.db import migrations, models

BATCH = 2000


def store_bodies(apps: Any, schema_editor: Any) -> None:
    """Encode every existing entry's content as its hash was computed (chain.py)."""
    from strongroom.platform.history import chain

    for name, content_of in (
        ("AuditEvent", chain.content_of), ("AccessRead", chain.content_of_read)
    ):
        model = apps.get_model("history", name)
        batch = []
        for entry in model.objects.filter(body__isnull=True).order_by("id").iterator(BATCH):
            entry.body = chain.canonical_bytes(content_of(entry))
            batch.append(entry)
            if len(batch) == BATCH:
                model.objects.bulk_update(batch, ["body"])
                batch = []
        model.objects.bulk_update(batch, ["body"])


class Migration(migrations.Migration):

    dependencies = [
        ("history", "0004_canonical_json"),
    ]

    operations = [
        migrations.AddField(
            model_name="accessread",
            name="body",
            field=models.BinaryField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="body",
            field=models.BinaryField(editable=False, null=True),
        ),
        migrations.RunPython(store_bodies, migrations.RunPython.noop, elidable=True),
    ]
