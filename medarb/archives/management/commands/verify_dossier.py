"""Check archived dossiers against their manifests: each volume's PDF and every file it was
bound from must still have the SHA-256 recorded when it was bound."""

from django.core.management.base import BaseCommand, CommandError

from medarb.archives.integrity import verify
from medarb.archives.models import Dossier, DossierState


class Command(BaseCommand):
    help = "Verify archived dossiers (every file's hash against the manifest); exit 1 on any change."

    def add_arguments(self, parser):
        parser.add_argument(
            "numbers", nargs="*", help="archive numbers or case numbers; none: every archived dossier"
        )

    def handle(self, *numbers, **options):
        dossiers = Dossier.objects.filter(state=DossierState.ARCHIVED).select_related("case")
        if numbers:
            dossiers = [d for d in dossiers if d.archive_number in numbers or d.case.number in numbers]
            if not dossiers:
                raise CommandError("no archived dossier has that number")
        changed = 0
        for dossier in dossiers:
            problems = verify(dossier)
            label = f"{dossier.archive_number} ({dossier.case.display_number})"
            if problems:
                changed += 1
                self.stdout.write(self.style.ERROR(f"CHANGED {label}"))
                for problem in problems:
                    self.stdout.write(f"  - {problem}")
            else:
                self.stdout.write(self.style.SUCCESS(f"ok {label}"))
        if changed:
            raise CommandError(f"{changed} dossier(s) changed since they were bound")
