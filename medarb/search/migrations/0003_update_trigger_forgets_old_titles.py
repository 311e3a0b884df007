from django.db import migrations

from medarb.search.index import rebuild_index


class Migration(migrations.Migration):
    """The update trigger of 0002 forgot an entry's old body but not its old title."""

    dependencies = [("search", "0002_fulltext_index")]

    operations = [migrations.RunPython(rebuild_index, migrations.RunPython.noop)]
