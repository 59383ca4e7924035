# The audit log becomes hash-chained per company, with record states and support identities.

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def chain_existing_events(apps: Any, schema_editor: Any) -> None:
    """Give events recorded before the chain existed their positions and hashes, in id order."""
    from strongroom.platform.history import chain

    AuditEvent = apps.get_model("history", "AuditEvent")
    ChainHead = apps.get_model("history", "ChainHead")
    heads: dict[str, tuple[int, str]] = {}
    for event in AuditEvent.objects.order_by("id").iterator():
        key = chain.chain_key_for(event.company_id)
        sequence, prev = heads.get(key, (0, chain.GENESIS))
        event.chain_key, event.sequence, event.prev_hash = key, sequence + 1, prev
        event.entry_hash = chain.hash_entry(prev, chain.content_of(event))
        event.save(update_fields=["chain_key", "sequence", "prev_hash", "entry_hash"])
        heads[key] = (event.sequence, event.entry_hash)
    for key, (sequence, head_hash) in heads.items():
        ChainHead.objects.create(chain_key=key, sequence=sequence, head_hash=head_hash)


class Migration(migrations.Migration):

    dependencies = [
        ("history", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ChainHead",
            fields=[
                ("chain_key", models.CharField(max_length=40, primary_key=True, serialize=False)),
                ("sequence", models.PositiveBigIntegerField(default=0)),
                ("head_hash", models.CharField(max_length=64)),
            ],
        ),
        migrations.CreateModel(
            name="Checkpoint",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("chain_key", models.CharField(max_length=40)),
                ("size", models.PositiveBigIntegerField(help_text="Entries 1..size are covered.")),
                ("head_hash", models.CharField(max_length=64)),
                ("signed_at", models.DateTimeField()),
                ("key_id", models.CharField(help_text="SHA-256 of the signing public key.", max_length=64)),
                ("signature", models.CharField(help_text="Ed25519 signature, base64.", max_length=200)),
            ],
            options={
                "ordering": ["chain_key", "size"],
                "indexes": [models.Index(fields=["chain_key", "-size"], name="history_checkpoint_latest")],
            },
        ),
        migrations.AddField(
            model_name="auditevent",
            name="chain_key",
            field=models.CharField(default="", max_length=40),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="sequence",
            field=models.PositiveBigIntegerField(default=0),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="entry_hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="state",
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="support_user",
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="support_name",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="support_email",
            field=models.CharField(blank=True, max_length=254),
        ),
        migrations.RunPython(chain_existing_events, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent",
            name="entry_hash",
            field=models.CharField(max_length=64, unique=True),
        ),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(fields=("chain_key", "sequence"), name="history_audit_chain_position"),
        ),
    ]
