"""Mediation sessions, caucus notes and materials."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.cases.models import Case, Party, PartySide
from medarb.cases.services import record_act
from medarb.core.errors import DomainError, NotAllowed, ProcedureError
from medarb.core.files import sniff, store_bytes
from medarb.mediation import engine
from medarb.mediation.models import (
    CaucusNote,
    Material,
    Session,
    SessionOutcome,
    SessionStatus,
)
from medarb.mediation.services.common import require_write
from medarb.orgs.models import Role, Room
from medarb.orgs.selectors import active_memberships


@transaction.atomic
def schedule_session(
    *,
    case: Case,
    actor,
    starts_at: datetime,
    minutes: int = 60,
    room: Room | None = None,
    place: str = "",
    mediator=None,
    request=None,
) -> Session:
    """Schedule a mediation session in the unit's room (人民调解法 Arts. 19–22)."""
    require_write(actor, case)
    engine.check(case=case, transition="open_session", actor=actor)
    if room is None and not place.strip():
        raise DomainError(_("请选择调解室或填写地点。"), field="room")
    if not 15 <= minutes <= 480:
        raise DomainError(_("时长应在 15 至 480 分钟之间。"), field="minutes")
    mediator = mediator or actor
    # The shared scheduler refuses clashes of room, mediator or party with hearings and
    # other sessions, naming the clashing entry.
    from medarb.hearings.models import SittingKind
    from medarb.hearings.services import schedule_sitting

    sitting = schedule_sitting(
        case=case,
        actor=actor,
        kind=SittingKind.MEDIATION_SESSION,
        room=room,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        members=[mediator],
        is_public=False,
        notes=place.strip(),
        request=request,
    )
    seq = (Session.objects.filter(case=case).order_by("-seq").values_list("seq", flat=True).first() or 0) + 1
    session = Session.objects.create(
        case=case,
        seq=seq,
        starts_at=starts_at,
        minutes=minutes,
        room=room,
        place=place.strip(),
        mediator=mediator,
        sitting_id=sitting.pk,
    )
    when = timezone.localtime(starts_at).strftime("%Y-%m-%d %H:%M")
    where = room.name if room else place.strip()
    engine.fire(case=case, transition="open_session", actor=actor, note=f"{when} {where}", request=request)
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=session,
        case_id=case.pk,
        summary="schedule_session",
        request=request,
    )
    return session


@transaction.atomic
def record_session(
    *,
    session: Session,
    actor,
    attendees: list[Party],
    other_attendees: str = "",
    applicant_position: str,
    respondent_position: str,
    proposals: str = "",
    outcome: str,
    outcome_note: str = "",
    request=None,
) -> Session:
    """The session record: who attended, each side's position, proposals, outcome."""
    case = session.case
    require_write(actor, case)
    if session.status == SessionStatus.CANCELLED:
        raise ProcedureError(_("该次调解已取消。"))
    if timezone.now() < session.starts_at:  # as for a hearing (hearings.record_sitting_held)
        raise ProcedureError(_("开始时间未到，不能登记为已举行。"))
    if outcome not in SessionOutcome.values:
        raise DomainError(_("请选择本次调解的结果。"), field="outcome")
    if not applicant_position.strip() and not respondent_position.strip():
        raise DomainError(_("请记录双方的意见。"), field="applicant_position")
    if any(p.case_id != case.pk for p in attendees):
        raise DomainError(_("到场人员须是本案当事人。"), field="attendees")
    session.status = SessionStatus.HELD
    session.other_attendees = other_attendees.strip()
    session.applicant_position = applicant_position.strip()
    session.respondent_position = respondent_position.strip()
    session.proposals = proposals.strip()
    session.outcome = outcome
    session.outcome_note = outcome_note.strip()
    session.recorded_by = actor
    session.recorded_at = timezone.now()
    session.save(
        update_fields=[
            "status",
            "other_attendees",
            "applicant_position",
            "respondent_position",
            "proposals",
            "outcome",
            "outcome_note",
            "recorded_by",
            "recorded_at",
        ]
    )
    session.attendees.set(attendees)
    _mark_sitting_held(session, actor=actor, request=request)
    record_act(
        case=case,
        actor=actor,
        kind="mediation_session_record",
        article="《人民调解法》第二十七条",
        title=gettext_lazy("第%(n)s次调解笔录：%(o)s"),
        params={"n": session.seq, "o": SessionOutcome(session.outcome).label},
        obj=session,
        summary="record_session",
        request=request,
    )
    return session


def _mark_sitting_held(session: Session, *, actor, request) -> None:
    from medarb.hearings.models import Sitting, SittingState
    from medarb.hearings.services import record_sitting_held

    sitting = Sitting.objects.filter(pk=session.sitting_id, state=SittingState.SCHEDULED).first()
    if sitting is not None:
        record_sitting_held(sitting=sitting, actor=actor, request=request)


@transaction.atomic
def add_caucus_note(
    *, case: Case, actor, side: str, text: str, session: Session | None = None, request=None
) -> CaucusNote:
    """A note of a separate talk with one side; only its author will ever read it."""
    require_write(actor, case)
    if not any(m.role == Role.MEDIATOR for m in active_memberships(actor)):
        raise NotAllowed(_("背靠背笔记只能由调解员记录。"))
    if side not in (PartySide.APPLICANT, PartySide.RESPONDENT):
        raise DomainError(_("请选择谈话对象。"), field="side")
    if not text.strip():
        raise DomainError(_("笔记内容不能为空。"), field="text")
    if session is not None and session.case_id != case.pk:
        raise DomainError(_("调解会不属于本案。"), field="session")
    note = CaucusNote.objects.create(case=case, session=session, author=actor, side=side, text=text.strip())
    # Audited as an event, never with its content.
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=note,
        case_id=case.pk,
        summary="caucus note",
        request=request,
    )
    return note


@transaction.atomic
def add_material(
    *, case: Case, actor, data: bytes, name: str, title: str, kind: str, side: str = "", request=None
) -> Material:
    """Keep a file of the case (application, evidence …) by its hash."""
    require_write(actor, case)
    sniffed = sniff(data)
    if sniffed is None:
        raise DomainError(_("不支持该文件类型。请上传 PDF、JPG、PNG 或 Word 文件。"), field="file")
    stored = store_bytes(data=data, name=name, content_type=sniffed.content_type, actor=actor)
    material = Material.objects.create(
        case=case, kind=kind, title=title.strip() or name, file=stored, submitted_by_side=side, added_by=actor
    )
    record_act(
        case=case,
        actor=actor,
        kind="material",
        title=gettext_lazy("收到材料：%(t)s"),
        params={"t": material.title},
        obj=material,
        action=AuditAction.CREATE,
        summary="add_material",
        audit_data={"sha256": stored.sha256},
        request=request,
    )
    return material
