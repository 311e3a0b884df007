"""Archives and the court in the demo district, through the real services: two closed awards
of the demo worker get their papers and are bound (正卷, 副卷). The first is checked and handed
over, so it waits on the archivist's desk (待接收); the second is accepted (归档, with its
archive number) and the worker has asked to read its main volume, which waits for the chair.

The worker sued over both awards at the district court (a worker may sue even over a final
award). For the first, the clerk recorded the suit and handed the court the dossier, which
waits for the court's receipt and judgment (`court` signs in as its liaison). The second was
decided: the court upheld the award, and its judgment is on the case."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from medarb.accounts.services import party_account_for_phone
from medarb.archives import services
from medarb.archives.models import CompileState
from medarb.cases.models import Case, CaseKind
from medarb.court import services as court
from medarb.court.models import Outcome, Route
from medarb.documents.pdf import write_pdf
from medarb.documents.services import issue_document
from medarb.orgs.models import Unit, UnitKind

PAPERS = ("application", "acceptance_notice", "notice_to_respond", "hearing_notice")


def _bind(case: Case, clerk) -> None:
    for code in PAPERS:
        issue_document(case=case, template_code=code, actor=clerk)
    dossier = services.compile_dossier(case=case, actor=clerk)
    for volume in dossier.volumes.filter(state=CompileState.QUEUED):  # as the job queue would
        services.build_volume(volume_id=volume.pk)


def seed_archives(cases: list[Case], *, worker_phone: str, users: dict) -> None:
    closed = [
        c
        for c in cases
        if c.kind == CaseKind.ARBITRATION and c.status == "closed_award" and c.unit.kind == "commission"
    ]
    worker = party_account_for_phone(phone=worker_phone)
    mine = [c for c in closed if c.parties.filter(user=worker).exists()]
    clerk, archivist = users["clerk_liu"], users["archivist"]
    for index, case in enumerate(mine[:2]):
        _bind(case, clerk)
        services.check_dossier(case=case, actor=clerk, note="文书齐全，页码连续")
        if index == 1:
            services.accept_dossier(dossier=case.dossier, actor=archivist)
            services.request_reading(case=case, reader=worker, purpose="准备向人民法院起诉，核对庭审笔录")
    _at_court(mine[:2], clerk=clerk, liaison=users["court"])


def _at_court(cases: list[Case], *, clerk, liaison) -> None:
    district_court = Unit.objects.filter(kind=UnitKind.COURT).first()
    today = timezone.localdate()
    for index, case in enumerate(cases):
        party = case.parties.filter(side="applicant", principal__isnull=True).first()  # the worker
        filed_on = min(today, (case.closed_on or today) + timedelta(days=10))
        filing = court.record_filing(
            case=case,
            actor=clerk,
            route=Route.SUIT,
            party=party,
            court=district_court,
            filed_on=filed_on,
            court_number=f"（{filed_on.year}）鹭民初{300 + index}号",
        )
        if index == 0:
            court.transfer_dossier(case=case, actor=clerk, court=district_court)
        else:
            judgment = SimpleUploadedFile(
                "判决书.pdf",
                write_pdf(
                    "<h1>鹭湖区人民法院民事判决书</h1><p>驳回原告的诉讼请求，仲裁裁决事项予以维持。</p>"
                ),
                content_type="application/pdf",
            )
            court.record_outcome(
                filing=filing, actor=liaison, outcome=Outcome.UPHELD, decided_on=today, judgment=judgment
            )
