from django.db import migrations

from medarb.search.index import create_index, drop_index


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
