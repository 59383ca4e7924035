"""Database triggers that refuse changes to issued invoices (see invoices/dbguard.py)."""

from typing import Any

from django.db import migrations


def install(apps: Any, schema_editor: Any) -> None:
    from strongroom.records.invoices import dbguard

    dbguard.install(schema_editor.connection)


def uninstall(apps: Any, schema_editor: Any) -> None:
    from strongroom.records.invoices import dbguard

    dbguard.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("invoices", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
