# Every entry now has its body (0005): the column becomes required.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("history", "0005_entry_body"),
    ]

    operations = [
        migrations.AlterField(
            model_name="accessread",
            name="body",
            field=models.BinaryField(editable=False),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="body",
            field=models.BinaryField(editable=False),
        ),
    ]
