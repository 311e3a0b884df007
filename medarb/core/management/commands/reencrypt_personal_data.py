"""Rewrite every encrypted value under the first of MEDARB_FIELD_KEYS, so older keys can go."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from medarb.core.crypto import EncryptedCharField, reencrypt

BATCH = 500


def encrypted_columns():
    """(model, field) for every EncryptedCharField of every installed model."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedCharField):
                yield model, field


class Command(BaseCommand):
    help = "Re-encrypt personal data at rest with the first key of MEDARB_FIELD_KEYS."

    def handle(self, *args, **options):
        total = 0
        for model, field in encrypted_columns():
            rewritten = self._rewrite(model, field)
            total += rewritten
            self.stdout.write(f"{model._meta.label}.{field.name}: {rewritten}")
        self.stdout.write(self.style.SUCCESS(f"{total} values re-encrypted"))

    def _rewrite(self, model, field) -> int:
        # Raw rows: the field's own converter would hand back clear text.
        table, column = model._meta.db_table, field.column
        pk = model._meta.pk.column
        quote = connection.ops.quote_name
        select = (
            f"SELECT {quote(pk)}, {quote(column)} FROM {quote(table)} "
            f"WHERE {quote(column)} IS NOT NULL AND {quote(column)} <> '' AND {quote(pk)} > %s "
            f"ORDER BY {quote(pk)} LIMIT {BATCH}"
        )
        update = f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE {quote(pk)} = %s"
        done, last = 0, None
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(select, [last if last is not None else -1])
                rows = cursor.fetchall()
                cursor.executemany(update, [(reencrypt(value), key) for key, value in rows])
            if not rows:
                return done
            done += len(rows)
            last = rows[-1][0]
