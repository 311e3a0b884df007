"""Validators for Chinese identifiers: resident ID (GB 11643), social credit code (GB 32100), phone.

Each `parse_*` returns the normalised value or raises ValidationError with a message a
clerk at the window can act on.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB/T 2260 first two digits: provinces, plus 81/82/83 for Hong Kong, Macao and Taiwan
# residence permits issued on the mainland.
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


@dataclass(frozen=True)
class ResidentId:
    number: str
    region_code: str
    birth_date: date
    is_male: bool


def _normalise(value: str) -> str:
    """Full-width digits and letters typed with a Chinese input method become ASCII."""
    return unicodedata.normalize("NFKC", value or "").strip().upper()


def id_check_digit(first17: str) -> str:
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def parse_resident_id(value: str, *, today: date | None = None) -> ResidentId:
    number = _normalise(value)
    if not re.fullmatch(r"[0-9]{17}[0-9X]", number):
        raise ValidationError(_("身份证号码应为18位，前17位为数字，最后一位为数字或X。"), code="format")
    if number[:2] not in PROVINCE_CODES:
        raise ValidationError(_("身份证号码的地区码无效。"), code="region")
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(_("身份证号码中的出生日期无效。"), code="birth_date") from None
    if birth.year < 1900 or birth > (today or date.today()):
        raise ValidationError(_("身份证号码中的出生日期无效。"), code="birth_date")
    if id_check_digit(number[:17]) != number[17]:
        raise ValidationError(_("身份证号码校验码不正确，请核对。"), code="checksum")
    return ResidentId(number, number[:6], birth, int(number[16]) % 2 == 1)


def validate_resident_id(value: str) -> None:
    parse_resident_id(value)


USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def parse_uscc(value: str) -> str:
    """Unified social credit code (统一社会信用代码): 18 characters with a mod-31 check."""
    code = _normalise(value)
    if len(code) != 18 or any(c not in USCC_CHARSET for c in code):
        raise ValidationError(
            _("统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）。"), code="format"
        )
    if not code[2:8].isascii() or not code[2:8].isdigit():
        raise ValidationError(_("统一社会信用代码的登记管理机关行政区划码无效。"), code="region")
    if uscc_check_char(code[:17]) != code[17]:
        raise ValidationError(_("统一社会信用代码校验码不正确，请核对。"), code="checksum")
    return code


def validate_uscc(value: str) -> None:
    parse_uscc(value)


def parse_mobile(value: str) -> str:
    number = re.sub(r"[\s-]", "", _normalise(value))
    if number.startswith("+86"):
        number = number[3:]
    if not re.fullmatch(r"1[3-9][0-9]{9}", number):
        raise ValidationError(_("请输入11位中国大陆手机号码。"), code="mobile")
    return number


def validate_mobile(value: str) -> None:
    parse_mobile(value)


def is_mobile(value: str) -> bool:
    """Whether a stored phone number can receive SMS (a mainland mobile, not a landline)."""
    return bool(re.fullmatch(r"1[3-9][0-9]{9}", value or ""))


# A landline: area code 0 + 2–3 digits, a local number of 7–8 digits, optionally an extension.
_LANDLINE = re.compile(
    r"\(?(0[1-9][0-9]{1,2})\)?[\s-]?([2-9][0-9]{6,7})(?:(?:[\s-]|转|ext\.?|#)([0-9]{1,6}))?", re.I
)


def parse_phone(value: str) -> str:
    """A party's telephone: a mobile (13812345678) or a landline with its area code and an
    optional extension, normalised to 0592-5551234 or 0592-5551234-801. SMS goes to mobiles only."""
    text = _normalise(value).strip()
    try:
        return parse_mobile(text)
    except ValidationError:
        pass
    match = _LANDLINE.fullmatch(text)
    if not match:
        raise ValidationError(
            _("请输入手机号码，或带区号的固定电话（如 0592-5551234，分机可写在后面：0592-5551234-801）。"),
            code="phone",
        )
    area, local, extension = match.groups()
    return f"{area}-{local}" + (f"-{extension}" if extension else "")
