"""Feeding retrieval: the case documents of both procedures go into search's record index.

Search sits below arbitration and mediation and may not read their models, so this app
(above both) turns an issued award, a mediation statement, an effective mediation agreement
and the case record into `search.RecordEntry`s: after every act of a case (on commit, so a
refused act indexes nothing) and all at once by `manage.py build_retrieval_index`.
"""

import logging
from collections.abc import Iterator

from django.db import transaction

from medarb.arbitration.models import Award, AwardItem, AwardState, MediationStatement
from medarb.cases.causes import official_label_of
from medarb.cases.models import Case
from medarb.mediation.models import Agreement, AgreementStatus
from medarb.search import services as search
from medarb.search.models import CASE_RECORD_KINDS, Outcome, RecordKind

ISSUED_AWARD = (AwardState.SIGNED_OFF, AwardState.SERVED)
logger = logging.getLogger(__name__)


def _case_facets(case: Case) -> dict:
    return {"case": case, "unit_id": case.unit_id, "cause": case.primary_cause, "number": case.number or ""}


def _label(case: Case) -> str:
    return f"{case.number or ''} {official_label_of(case.primary_cause)}".strip()


def _claims(case: Case) -> str:
    return "\n".join(f"{n}. {c.description}" for n, c in enumerate(case.claims.all(), start=1))


def outcome_of(items: list[AwardItem]) -> str:
    upheld = sum(1 for item in items if item.upheld)
    if upheld == len(items):
        return Outcome.UPHELD
    return Outcome.DISMISSED if upheld == 0 else Outcome.PARTLY


def award_text(award: Award) -> str:
    """The award's own words: claims, findings, reasons and the result of each claim."""
    items = list(award.items.all())
    result = "\n".join(
        f"{n}. {item.description}："
        + (f"支持{item.awarded:,.2f}元" if item.upheld and item.awarded else "支持")
        if item.upheld
        else f"{n}. {item.description}：不予支持"
        for n, item in enumerate(items, start=1)
    )
    claims = "\n".join(f"{n}. {item.description}" for n, item in enumerate(items, start=1))
    return f"仲裁请求\n{claims}\n本院查明\n{award.findings}\n本院认为\n{award.majority_opinion}\n裁决如下\n{result}"


def _award(award: Award) -> dict:
    case = award.case
    dated = (award.signed_off_at.date() if award.signed_off_at else None) or award.served_on
    return {
        "kind": RecordKind.AWARD,
        "ref_id": award.pk,
        "title": f"{_label(case)} 仲裁裁决书",
        "body": award_text(award),
        **_case_facets(case),
        "dated": dated,
        "year": dated.year if dated else None,
        "outcome": outcome_of(list(award.items.all())),
        "finality": award.kind,
    }


def _statement(statement: MediationStatement) -> dict:
    case = statement.case
    return {
        "kind": RecordKind.MEDIATION_STATEMENT,
        "ref_id": statement.pk,
        "title": f"{_label(case)} 仲裁调解书",
        "body": f"仲裁请求\n{_claims(case)}\n调解协议\n{statement.terms}",
        **_case_facets(case),
        "dated": statement.issued_on,
        "year": statement.issued_on.year,
        "outcome": Outcome.SETTLED,
    }


def _agreement(agreement: Agreement) -> dict:
    case = agreement.case
    return {
        "kind": RecordKind.MEDIATION_AGREEMENT,
        "ref_id": agreement.pk,
        "title": f"{_label(case)} 调解协议书",
        "body": agreement.text,
        **_case_facets(case),
        "dated": agreement.effective_on,
        "year": agreement.effective_on.year if agreement.effective_on else None,
        "outcome": Outcome.SETTLED,
    }


def _record(case: Case) -> dict:
    return {
        "kind": RecordKind.CASE_RECORD,
        "ref_id": case.pk,
        "title": f"{_label(case)} 案件记录",
        "body": f"仲裁请求\n{_claims(case)}\n事实与理由\n{case.facts}",
        **_case_facets(case),
        "dated": case.received_on,
        "year": case.received_on.year,
    }


def _documents(cases) -> Iterator[dict]:
    """Every retrievable document of `cases` (a queryset), as index_record keyword arguments."""
    cases = cases.prefetch_related("claims")
    for case in cases:
        yield _record(case)
    awards = Award.objects.filter(case__in=cases, state__in=ISSUED_AWARD)
    for award in awards.select_related("case").prefetch_related("items"):
        yield _award(award)
    for statement in MediationStatement.objects.filter(case__in=cases).select_related("case"):
        yield _statement(statement)
    agreements = Agreement.objects.filter(case__in=cases, status=AgreementStatus.EFFECTIVE)
    for agreement in agreements.select_related("case"):
        yield _agreement(agreement)


def index_case(case_id: int) -> int:
    """Refresh every entry of one case (its record and its issued documents)."""
    cases = Case.objects.filter(pk=case_id)
    if not cases.exists():
        return 0
    documents = list(_documents(cases))
    with transaction.atomic():
        for document in documents:
            search.index_record(**document)
    return len(documents)


def rebuild() -> int:
    """Re-index every case document from scratch (after a bulk import or a token change)."""
    entries = [search.record_entry(**document) for document in _documents(Case.objects.order_by("pk"))]
    return search.replace_records(kinds=list(CASE_RECORD_KINDS), entries=entries)


def on_fire(*, case: Case, **kwargs) -> None:
    """`workflow.after_fire` hook: once the act is committed, index what it issued."""
    transaction.on_commit(lambda: _index_after_act(case.pk))


def _index_after_act(case_id: int) -> None:
    # The act is committed by now: a failure here must not answer the person with an error
    # for an act that took place. It is logged, and `build_retrieval_index` catches up.
    try:
        index_case(case_id)
    except Exception:
        logger.exception("retrieval index: case %s not re-indexed", case_id)
