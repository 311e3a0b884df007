import logging

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "medarb.documents"
    label = "documents"
    verbose_name = "文书与签章"

    def ready(self) -> None:
        # fontTools logs every glyph subset at INFO while WeasyPrint and pyHanko embed fonts.
        logging.getLogger("fontTools").setLevel(logging.WARNING)
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

        from medarb.audit.anchor import set_pki
        from medarb.documents import audit_anchor

        set_pki(credentials=audit_anchor.commission_credentials, trust_roots=audit_anchor.trust_roots)
