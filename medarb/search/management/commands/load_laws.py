from django.core.management.base import BaseCommand

from medarb.search.services import load_library


class Command(BaseCommand):
    help = "Load (or reload) the law library and typical cases from data/ and index them."

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", default=None)

    def handle(self, *args, data_dir=None, **options):
        result = load_library(data_dir=data_dir)
        self.stdout.write(f"laws: {result.laws}, articles: {result.articles}, typical cases: {result.cases}")
