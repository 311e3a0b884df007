from django.core.management.base import BaseCommand
from django.db import transaction

from medarb.mediation import stats


class Command(BaseCommand):
    help = "Recompute the daily mediation statistics rollup from the mediation files."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            count = stats.rebuild()
        self.stdout.write(f"{count} daily rows")
