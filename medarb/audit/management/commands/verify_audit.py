from django.core.management.base import BaseCommand, CommandError

from medarb.audit.anchor import anchor_dir, load_checkpoints
from medarb.audit.models import AuditEntry
from medarb.audit.services import verify_chain


class Command(BaseCommand):
    help = (
        "Verify the audit log: every lane's HMAC chain and head, and every signed checkpoint in "
        "MEDARB_AUDIT_ANCHOR_DIR; exits non-zero when any entry or checkpoint was tampered with."
    )

    def handle(self, *args, **options):
        problems = verify_chain()
        if problems:
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(f"audit log tampered: {len(problems)} problem(s)")
        checkpoints, _ = load_checkpoints()
        newest = f", newest {checkpoints[-1].at}" if checkpoints else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"audit log intact: {AuditEntry.objects.count()} entries; "
                f"{len(checkpoints)} signed checkpoint(s) in {anchor_dir()} agree{newest}"
            )
        )
