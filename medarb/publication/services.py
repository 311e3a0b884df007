"""Choosing, reviewing, publishing and withdrawing awards of the library (裁决公开)."""

import re
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.arbitration.models import Award
from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.cases.models import Case
from medarb.core.errors import DomainError, NotAllowed
from medarb.orgs.models import Role
from medarb.orgs.selectors import units_under_roles
from medarb.publication import feed
from medarb.publication.anonymise import anonymise
from medarb.publication.models import PublicationState, PublishedAward
from medarb.search import services as search
from medarb.search.models import Finality, Outcome, RecordKind

MAX_TEXT = 60_000


def may_publish(user, case: Case) -> bool:
    """The chair of the case's commission (or of a unit above it) decides what is published."""
    return any(unit.pk == case.unit_id for unit in units_under_roles(user, {Role.CHAIR}))


def _require_chair(user, case: Case | None) -> None:
    if case is None:
        if not units_under_roles(user, {Role.CHAIR}):
            raise NotAllowed(_("只有仲裁委主任可以审核公开裁决。"))
    elif not may_publish(user, case):
        raise NotAllowed(_("只有本案所属仲裁委的主任可以审核公开裁决。"))


def case_people(case: Case) -> tuple[list[str], list[str], list[str]]:
    """(natural persons, addresses, organisations) named in the case's parties."""
    people, addresses, organisations = [], [], []
    for party in case.parties.all():
        (organisations if party.is_organisation else people).append(party.name)
        if party.legal_representative:
            people.append(party.legal_representative)
        if party.address:
            addresses.append(party.address)
    return people, addresses, organisations


def _anonymised(text: str, case: Case | None, hidden: list[str]) -> str:
    if case is None:
        return anonymise(text, hidden_organisations=hidden)
    people, addresses, _organisations = case_people(case)
    return anonymise(text, people=people, addresses=addresses, hidden_organisations=hidden)


@transaction.atomic
def choose_award(*, award: Award, actor, request=None) -> PublishedAward:
    """Put an issued award up for publication: a draft, anonymised automatically, for review."""
    case = award.case
    _require_chair(actor, case)
    if award.state not in feed.ISSUED_AWARD:
        raise DomainError(_("只有已签发的裁决书可以公开。"))
    existing = PublishedAward.objects.filter(award=award).first()
    if existing is not None:
        return existing
    items = list(award.items.all())
    title = f"{case.number or ''} {award.get_kind_display()}".strip()
    publication = PublishedAward.objects.create(
        award=award,
        title=title[:200],
        cause=case.primary_cause,
        year=(award.signed_off_at or timezone.now()).year,
        outcome=feed.outcome_of(items) if items else "",
        finality=award.kind,
        text=_anonymised(feed.award_text(award), case, []),
        chosen_by=actor,
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=publication,
        case_id=case.pk,
        summary="award chosen for publication",
        request=request,
    )
    return publication


@transaction.atomic
def save_review(
    *,
    publication: PublishedAward,
    actor,
    title: str,
    text: str,
    hidden_organisations: list[str],
    request=None,
) -> PublishedAward:
    """The chair's edit of the anonymised text; it is anonymised again, so an edit cannot bring
    a party's name or number back. A published award is re-indexed at once."""
    case = publication.award.case if publication.award_id else None
    _require_chair(actor, case)
    title, text = title.strip()[:200], text.strip()[:MAX_TEXT]
    if not title or not text:
        raise DomainError(_("标题和正文都不能为空。"))
    hidden = [name.strip()[:120] for name in hidden_organisations if name.strip()][:50]
    publication.title = _anonymised(title, case, hidden)
    publication.hidden_organisations = "\n".join(hidden)
    publication.text = _anonymised(text, case, hidden)
    publication.save(update_fields=["title", "hidden_organisations", "text"])
    if publication.state == PublicationState.PUBLISHED:
        _index(publication)
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=publication,
        summary="publication reviewed",
        request=request,
    )
    return publication


@transaction.atomic
def publish(*, publication: PublishedAward, actor, request=None) -> PublishedAward:
    """Publish the reviewed text: the public and mediators read it from now on."""
    _require_chair(actor, publication.award.case if publication.award_id else None)
    publication.state, publication.published_by = PublicationState.PUBLISHED, actor
    publication.published_at = timezone.now()
    publication.save(update_fields=["state", "published_by", "published_at"])
    _index(publication)
    record(
        actor=actor, action=AuditAction.UPDATE, obj=publication, summary="award published", request=request
    )
    return publication


@transaction.atomic
def withdraw(*, publication: PublishedAward, actor, request=None) -> PublishedAward:
    """Take a published award out of the library (it stays as a draft to review again)."""
    _require_chair(actor, publication.award.case if publication.award_id else None)
    publication.state = PublicationState.WITHDRAWN
    publication.save(update_fields=["state"])
    search.remove_record(kind=RecordKind.PUBLISHED_AWARD, ref_id=publication.pk)
    record(
        actor=actor, action=AuditAction.UPDATE, obj=publication, summary="award withdrawn", request=request
    )
    return publication


def _index(publication: PublishedAward) -> None:
    search.index_record(
        kind=RecordKind.PUBLISHED_AWARD,
        ref_id=publication.pk,
        title=publication.title,
        body=publication.text,
        cause=publication.cause,
        year=publication.year,
        dated=publication.published_at.date() if publication.published_at else None,
        outcome=publication.outcome,
        finality=publication.finality,
    )


def _typical_facets(body: str) -> dict:
    result = body.split("## 处理结果", 1)[-1].split("##", 1)[0]
    finality = ""
    if "非终局" in result:
        finality = Finality.NON_FINAL
    elif "终局裁决" in result:
        finality = Finality.FINAL
    outcome = ""
    if re.search(r"驳回|不予支持", result):
        outcome = Outcome.PARTLY if re.search(r"裁决\S*支付|予以支持", result) else Outcome.DISMISSED
    elif "裁决" in result:
        outcome = Outcome.UPHELD
    return {"finality": finality, "outcome": outcome}


@transaction.atomic
def load_typical_cases(*, data_dir: Path | None = None) -> int:
    """Seed the library with the published typical cases of data/cases (idempotent by file)."""
    root = Path(data_dir or settings.LAW_DATA_DIR) / "cases"
    paths = sorted(root.glob("*.md"))
    for path in paths:
        text = path.read_text(encoding="utf-8")
        title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), path.stem)
        body = anonymise(text.split("<!-- INFO END -->", 1)[-1].strip())
        publication, _created = PublishedAward.objects.update_or_create(
            source_file=path.name,
            defaults={
                "title": title[:200],
                "text": body,
                "state": PublicationState.PUBLISHED,
                **_typical_facets(body),
            },
        )
        if publication.published_at is None:
            publication.published_at = timezone.now()
            publication.save(update_fields=["published_at"])
        _index(publication)
    return len(paths)
