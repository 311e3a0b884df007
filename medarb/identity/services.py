"""Real-name checks at submission: ID number, ID card photo against the typed data, phone code."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.accounts.models import SmsCodePurpose
from medarb.accounts.services import check_sms_code
from medarb.core.crypto import blind_index
from medarb.core.errors import DomainError
from medarb.core.files import IMAGE_TYPES, check_upload
from medarb.core.images import PHOTO, ImageRefused, check_header, read_header
from medarb.core.masking import mask_id_number, mask_name
from medarb.core.validators import parse_resident_id
from medarb.identity.models import CheckMethod, IdentityCheck
from medarb.identity.ocr import read_id_card

PHOTO_MAX_BYTES = 8 * 1024 * 1024
# OCR costs about a second of CPU: a person gets a few tries an hour, not a free OCR service.
MAX_OCR_PER_HOUR = 10
# A phone code confirmed this long ago still proves the phone when a later check fails.
PHONE_CHECK_VALID_FOR = timedelta(minutes=30)


def _record(*, user, method: str, passed: bool, score: float = 0.0, party=None, **detail) -> IdentityCheck:
    return IdentityCheck.objects.create(
        user=user, party=party, method=method, passed=passed, score=score, detail=detail
    )


def check_id_number(*, user, id_number: str, party=None) -> IdentityCheck:
    """GB 11643 format, region, birth date and check digit."""
    try:
        resident = parse_resident_id(id_number)
    except ValidationError as exc:
        return _record(
            user=user, party=party, method=CheckMethod.ID_NUMBER, passed=False, reason=exc.messages[0]
        )
    return _record(
        user=user,
        party=party,
        method=CheckMethod.ID_NUMBER,
        passed=True,
        score=1.0,
        id=mask_id_number(resident.number),
    )


def _same_name(read: str, typed: str) -> bool:
    return read.replace(" ", "") == typed.replace(" ", "") and bool(typed.strip())


def admit_id_card_photo(*, user, upload, pending: int = 0) -> bytes:
    """The bytes of an ID card photo fit to be read: an image of an allowed type and size
    (from its header, before anything is decoded), within the hourly number of readings.
    `pending` counts readings asked for and not yet done (queued jobs)."""
    try:
        data, _sniffed = check_upload(upload, allowed=IMAGE_TYPES, max_bytes=PHOTO_MAX_BYTES)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], field="photo") from exc
    try:
        check_header(read_header(data), PHOTO)
    except ImageRefused as exc:
        raise DomainError(exc.message, field="photo") from exc
    allow_reading(user=user, pending=pending)
    return data


def allow_reading(*, user, pending: int = 0) -> None:
    """Refuse a reading past MAX_OCR_PER_HOUR in the last hour, counting those still queued."""
    since = timezone.now() - timedelta(hours=1)
    done = IdentityCheck.objects.filter(
        user=user, method=CheckMethod.ID_CARD_OCR, checked_at__gte=since
    ).count()
    if done + pending >= MAX_OCR_PER_HOUR:
        raise DomainError(_("身份证照片识别次数过多，请一小时后再试。"), field="photo")


def read_id_card_photo(*, user, data: bytes, name: str, id_number: str, party=None) -> IdentityCheck:
    """OCR an admitted card photo and compare name and number with what the applicant typed."""
    try:
        reading = read_id_card(data)
    except ValueError as exc:
        raise DomainError(_("无法识别该图片，请上传清晰的身份证人像面照片。"), field="photo") from exc
    if not reading.id_number:
        return _record(
            user=user,
            party=party,
            method=CheckMethod.ID_CARD_OCR,
            passed=False,
            reason=_("照片中没有识别到身份证号码，请重新拍摄。"),
        )
    typed = (id_number or "").strip().upper()
    number_ok, name_ok = reading.id_number == typed, _same_name(reading.name, name)
    reasons = []
    if not number_ok:
        reasons.append(_("照片中的身份证号码与填写的不一致。"))
    if not name_ok:
        reasons.append(_("照片中的姓名与填写的不一致。"))
    return _record(
        user=user,
        party=party,
        method=CheckMethod.ID_CARD_OCR,
        passed=number_ok and name_ok,
        score=round(reading.confidence * (number_ok + name_ok) / 2, 3),
        read_id=mask_id_number(reading.id_number),
        read_name=mask_name(reading.name),
        reason=" ".join(reasons),
    )


def record_unread_photo(*, user, reason: str) -> IdentityCheck:
    """A reading that broke off (the OCR failed, not the photo): on record, and it counts
    towards the hourly number, so a photo that breaks the reader cannot be sent without end."""
    return _record(user=user, method=CheckMethod.ID_CARD_OCR, passed=False, reason=reason, error=True)


def check_id_card_photo(*, user, upload, name: str, id_number: str, party=None) -> IdentityCheck:
    """Admit the photo and read it, in one call (the window, tests)."""
    data = admit_id_card_photo(user=user, upload=upload)
    return read_id_card_photo(user=user, data=data, name=name, id_number=id_number, party=party)


def check_phone(*, user, phone: str, code: str, party=None) -> IdentityCheck:
    """The applicant controls the phone number given (a code sent by SMS)."""
    try:
        phone = check_sms_code(phone=phone, code=code, purpose=SmsCodePurpose.VERIFY)
    except DomainError as exc:
        return _record(user=user, party=party, method=CheckMethod.SMS_CODE, passed=False, reason=exc.message)
    return _record(
        user=user,
        party=party,
        method=CheckMethod.SMS_CODE,
        passed=True,
        score=1.0,
        phone_index=blind_index(phone),
    )


def recent_phone_check(*, user, phone: str) -> IdentityCheck | None:
    """A passed, unused phone check of this user for this number, confirmed lately: the
    applicant whose photo was refused after the code was accepted need not ask for a new one."""
    return (
        IdentityCheck.objects.filter(
            user=user,
            method=CheckMethod.SMS_CODE,
            passed=True,
            party__isnull=True,
            detail__phone_index=blind_index(phone),
            checked_at__gte=timezone.now() - PHONE_CHECK_VALID_FOR,
        )
        .order_by("-checked_at")
        .first()
    )
