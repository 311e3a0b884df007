from django.core.management.base import BaseCommand

from medarb.publication.services import load_typical_cases


class Command(BaseCommand):
    help = "Seed the published-award library with the typical cases of data/cases (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", default=None)

    def handle(self, *args, data_dir=None, **options):
        self.stdout.write(f"typical cases published: {load_typical_cases(data_dir=data_dir)}")
