"""Test support: a closed arbitration case with papers in both volumes."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from medarb.cases.models import Case
from medarb.documents import services as documents
from medarb.documents.pdf import write_pdf
from medarb.documents.testing import CASE_NUMBER, numbered_case
from medarb.procedure.models import Approval, ApprovalKind, ApprovalState

MAIN_PAPERS = ("award_final", "application", "acceptance_notice", "hearing_notice")


def scanned_defence(pages: int = 3) -> bytes:
    """A scan in US Letter (not A4), as a party's printer may give it."""
    sheets = "".join(
        f'<section style="page-break-after:always"><h1>答辩书 第{n}页</h1></section>' for n in range(pages)
    )
    return write_pdf(
        f"<html><head><style>@page {{ size: letter }}</style></head><body>{sheets}</body></html>"
    )


def closed_case_with_papers(
    cast, *, number: str = CASE_NUMBER, close_reason: str = "award_final", closed_on: date = date(2026, 3, 31)
) -> Case:
    """Papers issued out of order (the award first), a scanned defence, a joint-review minute
    in the internal volume, an approval and an internal note; then closed by an award."""
    case = numbered_case(cast, number=number)
    for code in MAIN_PAPERS:
        documents.issue_document(case=case, template_code=code, actor=cast.clerk, sign=False)
    upload = SimpleUploadedFile("defence.pdf", scanned_defence(), content_type="application/pdf")
    documents.upload_paper_document(case=case, actor=cast.clerk, upload=upload, title="答辩书")
    documents.issue_document(case=case, template_code="joint_review_minutes", actor=cast.clerk, sign=False)
    Approval.objects.create(
        case=case,
        unit=cast.district,
        kind=ApprovalKind.EXTENSION,
        transition_code="extend",
        payload={"note": "案情复杂，申请延长审理期限十五日"},
        requested_by=cast.arbitrator,
        requested_at="2026-03-01T09:00:00+08:00",
        state=ApprovalState.APPROVED,
        decided_by=cast.chair,
        decided_at="2026-03-01T15:00:00+08:00",
        comment="同意",
    )
    case.timeline.create(
        at="2026-03-20T10:00:00+08:00",
        actor=cast.arbitrator,
        kind="note",
        title="合议庭评议",
        detail="多数意见：支持申请人的工资请求。",
        is_internal=True,
    )
    Case.objects.filter(pk=case.pk).update(
        status="closed_award", closed_on=closed_on, close_reason=close_reason
    )
    case.refresh_from_db()
    return case
