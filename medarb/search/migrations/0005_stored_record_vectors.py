from django.db import migrations

from medarb.search.records import store_vectors, unstore_vectors


class Migration(migrations.Migration):
    dependencies = [("search", "0004_record_entry")]

    operations = [migrations.RunPython(store_vectors, unstore_vectors)]
