"""Legal aid in the demo, through the real services: the province's hardship line is already
among the regional standards; the district waives the hardship test for migrant workers'
wage claims (as many provinces' rules do); the demo worker has applied online in an open case
and waits on the station's desk (`legalaid`); one free advice session is logged."""

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from medarb.accounts.services import party_account_for_phone
from medarb.cases.models import Case, PartySide
from medarb.documents.pdf import write_pdf
from medarb.legalaid import services
from medarb.legalaid.models import Channel, Matter, Waiver


def seed_legal_aid(cases: list[Case], *, worker_phone: str, units: dict, users: dict) -> None:
    Waiver.objects.create(
        unit=units["district"],
        matter=Matter.REMUNERATION,
        migrant_only=True,
        source="东海省法律援助条例第十二条（虚构）：农民工请求支付劳动报酬",
        effective_from=date(2022, 1, 1),
    )
    worker = party_account_for_phone(phone=worker_phone)
    case = next(
        (
            c
            for c in cases
            if c.closed_on is None
            and c.unit.kind == "commission"
            and c.parties.filter(user=worker, side=PartySide.APPLICANT, principal__isnull=True).exists()
        ),
        None,
    )
    if case is not None:
        party = case.parties.get(user=worker, side=PartySide.APPLICANT, principal__isnull=True)
        proof = SimpleUploadedFile(
            "收入证明.pdf",
            write_pdf("<h1>收入证明</h1><p>家庭人均月收入 1100 元。</p>"),
            content_type="application/pdf",
        )
        services.apply(
            case=case,
            party=party,
            actor=worker,
            channel=Channel.ONLINE,
            matter=Matter.REMUNERATION,
            income=Decimal("1100"),
            migrant=True,
            statement="公司拖欠三个月工资，无力聘请律师。",
            proofs=[("收入证明", proof)],
        )
    services.log_advice(
        station=units["legal_aid"],
        actor=users["legalaid"],
        person="陈女士",
        phone="13600136000",
        topic=Matter.WORK_INJURY,
        summary="咨询工伤认定期限；告知自事故发生之日起一年内申请。",
        at=timezone.now(),
    )
