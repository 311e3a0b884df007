from django.core.management.base import BaseCommand, CommandError

from medarb.audit.models import AuditEntry
from medarb.audit.services import verify_chain


class Command(BaseCommand):
    help = "Verify the hash chain of the audit log; exits non-zero when any entry was tampered with."

    def handle(self, *args, **options):
        problems = verify_chain()
        if problems:
            for problem in problems:
                self.stderr.write(f"#{problem.seq}: {problem.problem}")
            raise CommandError(f"audit log tampered: {len(problems)} problem(s)")
        self.stdout.write(self.style.SUCCESS(f"audit log intact: {AuditEntry.objects.count()} entries"))
