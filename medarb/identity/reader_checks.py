"""Reading a party's ID card on the window's reader (身份证阅读器读卡) and checking it against
the party on the case: the chip's number and name must be the party's, the number valid, the
birth date the number's, and the card not expired. The check is recorded (masked values, the
reason) like every real-name check; the chip's photo goes back to the window for the face
comparison and is not kept."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.cases import policy
from medarb.cases.models import Party
from medarb.core.crypto import blind_index
from medarb.core.errors import DomainError, NotAllowed
from medarb.core.masking import mask_id_number, mask_name
from medarb.core.validators import parse_resident_id
from medarb.identity import card_readers
from medarb.identity.card_readers import CardReading
from medarb.identity.models import CheckMethod, IdentityCheck


def _mismatches(party: Party, reading: CardReading) -> list[str]:
    try:
        resident = parse_resident_id(reading.id_number)
    except ValidationError as exc:
        return [_("卡内身份证号码无效：%(reason)s") % {"reason": exc.messages[0]}]
    reasons = []
    if blind_index(resident.number) != party.id_index:
        reasons.append(_("卡内身份证号码与本案登记的不一致。"))
    if reading.name.replace(" ", "") != party.name.replace(" ", ""):
        reasons.append(_("卡内姓名与本案登记的不一致。"))
    if reading.birth is not None and reading.birth != resident.birth_date:
        reasons.append(_("卡内出生日期与身份证号码不符。"))
    if reading.expired(timezone.localdate()):
        reasons.append(_("身份证已过有效期（%(date)s）。") % {"date": reading.valid_to.isoformat()})
    return reasons


def check_card_reading(
    *, party: Party, raw: object, actor, request=None
) -> tuple[IdentityCheck, CardReading]:
    """Record the reader's answer for `party`. An answer that is no reading (no card on the
    reader, a broken answer) raises ReaderError and records nothing: read again."""
    case = party.case
    if not policy.is_staff(actor) or not policy.can_write_case(actor, case):
        raise NotAllowed(_("只有办理本案的工作人员可以读卡核验。"))
    if party.is_organisation or not party.id_index:
        raise DomainError(_("只能对登记了身份证号码的自然人当事人读卡核验。"))
    protocol = card_readers.configured()
    if protocol is None:
        raise DomainError(_("本平台没有配置身份证阅读器。"))
    reading = protocol.read(raw)
    reasons = _mismatches(party, reading)
    check = IdentityCheck.objects.create(
        user=party.user,
        party=party,
        method=CheckMethod.ID_CARD_READER,
        passed=not reasons,
        score=0.0 if reasons else 1.0,
        checked_by=actor,
        detail={
            "read_id": mask_id_number(reading.id_number),
            "read_name": mask_name(reading.name),
            "valid_to": reading.valid_to.isoformat() if reading.valid_to else card_readers.PERMANENT,
            "reader": protocol.name,
            "chip_photo": reading.photo is not None,
            "reason": " ".join(reasons),
        },
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=check,
        case_id=case.pk,
        summary=_("身份证阅读器读卡 %(party)s：%(result)s")
        % {"party": party.name, "result": _("通过") if check.passed else _("未通过")},
        data={"reader": protocol.name, "reason": check.detail["reason"]},
        request=request,
    )
    return check, reading
