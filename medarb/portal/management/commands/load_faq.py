from django.core.management.base import BaseCommand

from medarb.portal.services import load_faq


class Command(BaseCommand):
    help = "Load (or reload) the curated FAQ from data/faq.md into the assistant (after load_laws)."

    def handle(self, *args, **options):
        self.stdout.write(f"FAQ entries: {load_faq()}")
