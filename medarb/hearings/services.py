"""Scheduling acts: book, move, postpone, cancel and hold sittings; calendar feed tokens.

Every act locks the room row (and the people's rows) before it looks for clashes, so two
bookings racing for the same room or person cannot both pass the check.
"""

from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.cases import policy
from medarb.cases.models import Case, CaseKind, Party
from medarb.cases.services import record_act
from medarb.core.errors import DomainError, NotAllowed, ProcedureError
from medarb.core.i18n import official, official_language
from medarb.hearings import timing
from medarb.hearings.models import HIDDEN_FROM_PARTIES, CalendarFeed, Sitting, SittingKind, SittingState
from medarb.orgs.models import Room
from medarb.procedure.rules import rule

NOTICE_ARTICLE = "《劳动争议调解仲裁法》第三十五条"


class NoticeTooShort(ProcedureError):
    """A hearing is closer than the notice period allows; the caller may override with a reason."""

    def __init__(self, message: str, *, latest_notice_on):
        super().__init__(message, field="notice_waiver_reason")
        self.latest_notice_on = latest_notice_on


def _span(sitting: Sitting) -> str:
    start, end = timing.local(sitting.starts_at), timing.local(sitting.ends_at)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"


def describe_clash(*, other: Sitting, actor) -> str:
    """ "与 <case> 在 <room> <date> <from>–<to> 的开庭冲突"; another unit's case stays unnamed."""
    if policy.can_read_case(actor, other.case):
        label = other.case.display_number
    else:
        label = _("%(unit)s 的一项安排") % {"unit": other.case.unit.short_name or other.case.unit.name}
    return _("与 %(case)s 在 %(place)s %(span)s 的%(kind)s冲突") % {
        "case": label,
        "place": other.place,
        "span": _span(other),
        "kind": other.get_kind_display(),
    }


def _person(user) -> str:
    return str(user)


def _party_filter(case: Case) -> Q | None:
    """Other sittings whose case has one of this case's parties (same ID, phone or credit code)."""
    keys = list(case.parties.values_list("id_index", "phone_index", "uscc"))
    ids = {k[0] for k in keys if k[0]}
    phones = {k[1] for k in keys if k[1]}
    codes = {k[2] for k in keys if k[2]}
    query = Q(pk__in=[])
    if ids:
        query |= Q(id_index__in=ids)
    if phones:
        query |= Q(phone_index__in=phones)
    if codes:
        query |= Q(uscc__in=codes)
    if not (ids or phones or codes):
        return None
    return query


def check_clashes(
    *,
    case: Case,
    room: Room | None,
    starts_at: datetime,
    ends_at: datetime,
    people: list,
    actor,
    exclude=None,
    kind: str = "",
) -> None:
    """The clash rules alone: the room, a member or the clerk, or a party is already booked then.
    A commission's own deliberation (a joint review, `kind`) takes no party's time, and is not
    taken into account for theirs."""
    others = (
        Sitting.objects.blocking()
        .overlapping(starts_at, ends_at)
        .select_related("case", "case__unit", "room")
    )
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if room is not None:
        other = others.filter(room=room).first()
        if other:
            raise ProcedureError(
                _("场所“%(room)s”时间冲突：%(clash)s。")
                % {"room": room.name, "clash": describe_clash(other=other, actor=actor)},
                field="room",
            )
    for person in people:
        other = others.filter(Q(members=person) | Q(clerk=person)).first()
        if other:
            raise ProcedureError(
                _("%(person)s 时间冲突：%(clash)s。")
                % {"person": _person(person), "clash": describe_clash(other=other, actor=actor)},
                field="members",
            )
    party_query = None if kind in HIDDEN_FROM_PARTIES else _party_filter(case)
    if party_query is not None:
        clashing = Party.objects.filter(party_query)
        other = others.open_to_parties().filter(case__in=clashing.values("case_id")).first()
        if other:
            party = _clashing_party(case, other.case)
            raise ProcedureError(
                _("当事人 %(party)s 时间冲突：%(clash)s。")
                % {"party": party, "clash": describe_clash(other=other, actor=actor)},
                field="starts_at",
            )


def _clashing_party(case: Case, other_case: Case) -> str:
    mine = list(case.parties.all())
    theirs = list(other_case.parties.all())
    for party in mine:
        for their in theirs:
            same = (
                (party.id_index and party.id_index == their.id_index)
                or (party.phone_index and party.phone_index == their.phone_index)
                or (party.uscc and party.uscc == their.uscc)
            )
            if same:
                return party.name
    return mine[0].name if mine else ""


def _check_times(*, starts_at: datetime, ends_at: datetime) -> None:
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise DomainError(_("开始和结束时间必须带时区。"), field="starts_at")
    start, end = timing.local(starts_at), timing.local(ends_at)
    if end <= start:
        raise DomainError(_("结束时间必须晚于开始时间。"), field="ends_at")
    if starts_at < timezone.now():
        raise DomainError(_("开始时间已过，不能安排在过去的时间。"), field="starts_at")
    if start.date() != end.date():
        raise DomainError(_("一次开庭或调解须在同一天内结束。"), field="ends_at")
    if not timing.is_working_day(start.date()):
        raise DomainError(
            _("%(day)s 不是工作日（周末或法定节假日），不能安排。") % {"day": f"{start:%Y-%m-%d}"},
            field="starts_at",
        )
    hours = timing.working_hours()
    if start.time() < hours.start or end.time() > hours.end:
        raise DomainError(
            _("只能安排在工作时间 %(start)s–%(end)s 内。")
            % {"start": hours.start.strftime("%H:%M"), "end": hours.end.strftime("%H:%M")},
            field="starts_at",
        )


def _check_notice(*, case: Case, kind: str, starts_at: datetime, waiver_reason: str) -> None:
    if kind != SittingKind.HEARING:
        return
    latest = timing.latest_notice_date(timing.local(starts_at).date(), case.unit_path)
    if timezone.localdate() > latest and not waiver_reason.strip():
        period = rule(timing.HEARING_NOTICE_RULE, case.unit_path)
        raise NoticeTooShort(
            _(
                "开庭通知应在开庭%(days)s%(day_type)s前送达（%(article)s），本次开庭的通知最迟应于 %(latest)s 送达。"
                "如当事人同意放弃该期限，请填写理由后再提交。"
            )
            % {
                "days": period.days,
                "day_type": period.day_type_label,
                "article": NOTICE_ARTICLE + (_("、本委规则") if period.overridden else ""),
                "latest": f"{latest:%Y-%m-%d}",
            },
            latest_notice_on=latest,
        )


def _check_room(*, case: Case, room: Room | None) -> None:
    if room is None:
        return
    if not room.is_active:
        raise DomainError(_("场所“%(room)s”已停用。") % {"room": room.name}, field="room")
    if not case.unit.path.startswith(room.unit.path):
        raise NotAllowed(
            _("场所“%(room)s”属于%(unit)s，本案只能使用本单位或上级单位的场所。")
            % {"room": room.name, "unit": room.unit.name}
        )


def _check_people(*, members: list, clerk) -> None:
    if not members:
        raise DomainError(_("请至少选择一名仲裁员或调解员。"), field="members")
    for person in [*members, *([clerk] if clerk else [])]:
        if not (person.is_active and person.is_staff_member):
            raise DomainError(_("%(person)s 不是在职工作人员。") % {"person": person}, field="members")
    if clerk is not None and clerk in members:
        raise DomainError(_("书记员不能同时担任仲裁员/调解员。"), field="clerk")


def _lock(*, room: Room | None, people: list) -> None:
    """Row locks in a fixed order (room, then people by id) so that racing bookings queue."""
    if room is not None:
        Room.objects.select_for_update().filter(pk=room.pk).first()
    ids = sorted({p.pk for p in people})
    if ids:
        list(get_user_model().objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))


def _require_write(actor, case: Case) -> None:
    if not policy.can_write_case(actor, case):
        raise NotAllowed(_("您无权为该案件安排开庭或调解。"))


def _people(members: Iterable, clerk) -> list:
    unique = list(dict.fromkeys(members))
    return [*unique, *([clerk] if clerk else [])]


@official_language()  # a record: in the commission's language (`verb` a lazy translation)
def _timeline_title(sitting: Sitting, verb) -> str:
    return _("%(verb)s%(kind)s：%(span)s %(place)s") % {
        "verb": verb,
        "kind": sitting.get_kind_display(),
        "span": _span(sitting),
        "place": sitting.place,
    }


@transaction.atomic
def schedule_sitting(
    *,
    case: Case,
    actor,
    kind: str,
    room: Room | None,
    starts_at: datetime,
    ends_at: datetime,
    members: Iterable,
    clerk=None,
    is_public: bool = True,
    notes: str = "",
    notice_waiver_reason: str = "",
    request=None,
) -> Sitting:
    """Book a hearing (Law Art. 35: notice ≥5 days before) or a mediation session in a room."""
    _require_write(actor, case)
    if kind not in SittingKind.values:
        raise DomainError(_("安排类型无效。"), field="kind")
    if kind == SittingKind.HEARING and case.kind != CaseKind.ARBITRATION:
        raise DomainError(_("调解案件不开庭，请选择“调解”或其他类型。"), field="kind")
    if case.closed_on:
        raise ProcedureError(_("案件已结案，不能再安排开庭或调解。"))
    members = list(dict.fromkeys(members))
    _check_people(members=members, clerk=clerk)
    _check_room(case=case, room=room)
    _check_times(starts_at=starts_at, ends_at=ends_at)
    _check_notice(case=case, kind=kind, starts_at=starts_at, waiver_reason=notice_waiver_reason)
    people = _people(members, clerk)
    _lock(room=room, people=people)
    check_clashes(
        case=case, room=room, starts_at=starts_at, ends_at=ends_at, people=people, actor=actor, kind=kind
    )
    sitting = Sitting.objects.create(
        case=case,
        kind=kind,
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        clerk=clerk,
        is_public=is_public,
        notes=notes.strip(),
        notice_waiver_reason=notice_waiver_reason.strip(),
        created_by=actor,
    )
    sitting.members.set(members)
    detail = ""
    if sitting.notice_waiver_reason:
        detail = official(gettext_lazy("当事人放弃开庭通知期限：%(reason)s")) % {
            "reason": sitting.notice_waiver_reason
        }
    record_act(
        case=case,
        actor=actor,
        kind="sitting_scheduled",
        title=_timeline_title(sitting, gettext_lazy("安排")),
        detail=detail,
        internal=kind in HIDDEN_FROM_PARTIES,
        article=NOTICE_ARTICLE if kind == SittingKind.HEARING else "",
        obj=sitting,
        action=AuditAction.CREATE,
        summary="schedule_sitting",
        audit_data={
            "kind": kind,
            "room": room.pk if room else None,
            "starts_at": starts_at.isoformat(),
            "ends_at": ends_at.isoformat(),
            "members": [m.pk for m in members],
            "clerk": clerk.pk if clerk else None,
            "notice_waiver_reason": sitting.notice_waiver_reason,
        },
        request=request,
        sitting_id=sitting.pk,
    )
    return sitting


def _lock_sitting(sitting: Sitting) -> Sitting:
    return (
        Sitting.objects.select_for_update(of=("self",))
        .select_related("case", "case__unit", "room")
        .get(pk=sitting.pk)
    )


@transaction.atomic
def reschedule_sitting(
    *,
    sitting: Sitting,
    actor,
    starts_at: datetime,
    ends_at: datetime,
    room: Room | None = None,
    keep_room: bool = True,
    reason: str = "",
    notice_waiver_reason: str = "",
    request=None,
) -> Sitting:
    """Move a sitting to a new time (and room); a postponed sitting gets its new date here."""
    sitting = _lock_sitting(sitting)
    case = sitting.case
    _require_write(actor, case)
    if sitting.state not in (SittingState.SCHEDULED, SittingState.POSTPONED):
        raise ProcedureError(_("只有已安排或已延期的安排可以改期。"))
    new_room = sitting.room if keep_room and room is None else room
    _check_room(case=case, room=new_room)
    _check_times(starts_at=starts_at, ends_at=ends_at)
    _check_notice(case=case, kind=sitting.kind, starts_at=starts_at, waiver_reason=notice_waiver_reason)
    members = list(sitting.members.all())
    people = _people(members, sitting.clerk)
    _lock(room=new_room, people=people)
    check_clashes(
        case=case,
        room=new_room,
        starts_at=starts_at,
        ends_at=ends_at,
        people=people,
        actor=actor,
        exclude=sitting,
        kind=sitting.kind,
    )
    with official_language():
        before = _span(sitting), sitting.place
    sitting.room, sitting.starts_at, sitting.ends_at = new_room, starts_at, ends_at
    sitting.state = SittingState.SCHEDULED
    sitting.state_reason = reason.strip()[:255]
    if notice_waiver_reason.strip():
        sitting.notice_waiver_reason = notice_waiver_reason.strip()[:255]
    sitting.save(
        update_fields=[
            "room",
            "starts_at",
            "ends_at",
            "state",
            "state_reason",
            "notice_waiver_reason",
            "updated_at",
        ]
    )
    record_act(
        case=case,
        actor=actor,
        kind="sitting_rescheduled",
        title=_timeline_title(sitting, gettext_lazy("改期")),
        detail=official(gettext_lazy("原定 %(span)s %(place)s。%(reason)s"))
        % {"span": before[0], "place": before[1], "reason": sitting.state_reason},
        internal=sitting.kind in HIDDEN_FROM_PARTIES,
        obj=sitting,
        summary="reschedule_sitting",
        audit_data={
            "from": before[0],
            "to": _span(sitting),
            "room": new_room.pk if new_room else None,
            "reason": reason,
        },
        request=request,
        sitting_id=sitting.pk,
    )
    return sitting


def _change_state(
    *, sitting: Sitting, actor, state: str, allowed_from: tuple, verb: str, reason: str, request
) -> Sitting:
    sitting = _lock_sitting(sitting)
    _require_write(actor, sitting.case)
    if sitting.state not in allowed_from:
        raise ProcedureError(
            _("该安排当前为“%(state)s”，不能%(verb)s。")
            % {"state": sitting.get_state_display(), "verb": verb}
        )
    sitting.state = state
    sitting.state_reason = reason.strip()[:255]
    sitting.save(update_fields=["state", "state_reason", "updated_at"])
    record_act(
        case=sitting.case,
        actor=actor,
        kind=f"sitting_{state}",
        title=_timeline_title(sitting, verb),
        detail=sitting.state_reason,
        internal=sitting.kind in HIDDEN_FROM_PARTIES,
        obj=sitting,
        summary=f"sitting {state}",
        audit_data={"reason": sitting.state_reason},
        request=request,
        sitting_id=sitting.pk,
    )
    return sitting


@transaction.atomic
def postpone_sitting(*, sitting: Sitting, actor, reason: str, request=None) -> Sitting:
    """Postpone a hearing without a new date yet (Art. 38); the room and people are freed."""
    if not reason.strip():
        raise DomainError(_("请填写延期理由。"), field="reason")
    return _change_state(
        sitting=sitting,
        actor=actor,
        state=SittingState.POSTPONED,
        allowed_from=(SittingState.SCHEDULED,),
        verb=gettext_lazy("延期"),
        reason=reason,
        request=request,
    )


@transaction.atomic
def cancel_sitting(*, sitting: Sitting, actor, reason: str, request=None) -> Sitting:
    """Cancel a sitting; the room and people are freed."""
    if not reason.strip():
        raise DomainError(_("请填写取消理由。"), field="reason")
    return _change_state(
        sitting=sitting,
        actor=actor,
        state=SittingState.CANCELLED,
        allowed_from=(SittingState.SCHEDULED, SittingState.POSTPONED),
        verb=gettext_lazy("取消"),
        reason=reason,
        request=request,
    )


@transaction.atomic
def record_sitting_held(
    *, sitting: Sitting, actor, note: str = "", respondent_absent: bool = False, request=None
) -> Sitting:
    """Record that the sitting took place (no earlier than its start), and whether the
    respondent stayed away."""
    if timezone.now() < sitting.starts_at:
        raise ProcedureError(_("开始时间未到，不能登记为已举行。"))
    if respondent_absent:
        sitting.respondent_absent = True
        sitting.save(update_fields=["respondent_absent", "updated_at"])
    return _change_state(
        sitting=sitting,
        actor=actor,
        state=SittingState.HELD,
        allowed_from=(SittingState.SCHEDULED,),
        verb=gettext_lazy("举行"),
        reason=note,
        request=request,
    )


@transaction.atomic
def issue_calendar_feed(*, actor, request=None) -> CalendarFeed:
    """A new secret subscription address; earlier ones of the same person stop working."""
    if not policy.is_staff(actor):
        raise NotAllowed(_("只有工作人员可以订阅日历。"))
    CalendarFeed.objects.filter(user=actor, revoked_at__isnull=True).update(revoked_at=timezone.now())
    feed = CalendarFeed.objects.create(user=actor)
    record(actor=actor, action=AuditAction.CREATE, obj=feed, summary="issue calendar feed", request=request)
    return feed


@transaction.atomic
def revoke_calendar_feeds(*, actor, request=None) -> int:
    count = CalendarFeed.objects.filter(user=actor, revoked_at__isnull=True).update(revoked_at=timezone.now())
    record(
        actor=actor,
        action=AuditAction.DELETE,
        object_type="hearings.calendarfeed",
        summary="revoke calendar feeds",
        request=request,
    )
    return count
