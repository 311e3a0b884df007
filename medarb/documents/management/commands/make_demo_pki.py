"""Create the demo CA, one certificate and seal image per issuing unit, and the default
document templates. Idempotent: existing keys are kept unless --force.

    python manage.py make_demo_pki [--force]

Keys go to settings.DOCUMENTS_PKI_DIR (MEDARB_DATA_DIR/pki by default), mode 0600, never
into the repository. A real installation replaces them with certificates of its own CA.
"""

from django.core.management.base import BaseCommand

from medarb.documents import pki
from medarb.documents.services import ensure_default_templates
from medarb.orgs.models import Unit, UnitKind

ISSUING_KINDS = [
    UnitKind.COMMISSION,
    UnitKind.STREET,
    UnitKind.COMMUNITY,
    UnitKind.ENTERPRISE,
    UnitKind.CITY,
    UnitKind.PROVINCE,
]


class Command(BaseCommand):
    help = (
        "Create a demo CA, a certificate and a seal image for every issuing unit, and the default templates."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="issue new unit certificates even if they exist"
        )

    def handle(self, *args, force: bool = False, **options):
        ca = pki.ensure_ca()
        created = 0
        for unit in Unit.objects.filter(kind__in=ISSUING_KINDS, is_active=True):
            credentials = pki._paths(unit)
            if force or not credentials.cert_path.exists():
                pki.issue_unit_certificate(unit)
                created += 1
        ensure_default_templates()
        self.stdout.write(f"demo CA: {ca}; unit certificates issued: {created}; directory: {pki.pki_dir()}")
