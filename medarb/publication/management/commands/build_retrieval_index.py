from django.core.management.base import BaseCommand

from medarb.publication import feed


class Command(BaseCommand):
    help = "Rebuild the retrieval index of awards, mediation statements, agreements and case records."

    def handle(self, *args, **options):
        self.stdout.write(f"indexed: {feed.rebuild()}")
