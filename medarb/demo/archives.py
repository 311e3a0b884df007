"""Archives in the demo district, through the real services: two closed awards of the demo
worker get their papers and are bound (正卷, 副卷). The first is checked and handed over, so it
waits on the archivist's desk (待接收); the second is accepted (归档, with its archive number)
and the worker has asked to read its main volume, which waits for the chair."""

from medarb.accounts.services import party_account_for_phone
from medarb.archives import services
from medarb.archives.models import CompileState
from medarb.cases.models import Case, CaseKind
from medarb.documents.services import issue_document

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
