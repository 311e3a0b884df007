from django.core.management.base import BaseCommand, CommandError

from medarb.audit.anchor import AnchorError, write_checkpoint
from medarb.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Sign the audit chain's lane heads with the commission's certificate into a new checkpoint "
        "file in MEDARB_AUDIT_ANCHOR_DIR (the Huey job does this every MEDARB_AUDIT_CHECKPOINT_MINUTES)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="write one even if nothing changed")

    def handle(self, *args, force: bool = False, **options):
        try:
            path = write_checkpoint(force=force)
        except (AnchorError, DomainError, OSError) as exc:
            raise CommandError(f"checkpoint not written: {exc}") from exc
        if path is None:
            self.stdout.write("nothing appended since the last checkpoint; none written")
        else:
            self.stdout.write(self.style.SUCCESS(f"checkpoint written: {path}"))
