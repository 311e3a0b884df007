"""Desktop ID-card readers (身份证阅读器) at the filing window.

A reader sits on the window's PC and its vendor's software answers HTTP on the PC's loopback
address. The server cannot reach it: the window page's script calls the reader (the
protocol's `steps`, in order), hands the last answer to the server unchanged, and the
protocol here reads it into a `CardReading`, the one shape the platform knows.

Two protocols:

- `generic`: the platform's own contract, for a bridge a commission writes for any reader.
  One GET answers a JSON object (docs/identity.md, "读卡器 JSON 约定")::

      {"ok": true, "error": "", "name": "张三", "sex": "男", "ethnicity": "汉",
       "birth": "1990-03-07", "address": "…", "id_number": "110101199003078515",
       "authority": "北京市公安局东城分局", "valid_from": "2015-06-01",
       "valid_to": "2035-06-01" or "长期", "photo": "<base64 JPEG, PNG or BMP>"}

- `chinavision`: the local web service of 华视 (CVR) desktop readers, on port 19196:
  GET /OpenDevice, then GET /readcard, then GET /CloseDevice. The reading answers
  ``resultFlag`` (0 read, anything else failed, with ``errorMsg``), ``partyName``,
  ``gender``, ``nation``, ``bornDay`` (YYYYMMDD), ``certAddress``, ``certNumber``,
  ``certOrg``, ``effDate``, ``expDate`` (YYYYMMDD or 长期) and ``identityPic`` (the chip's
  photo, base64).

The chip's photo is small (102 × 126 pixels on a resident ID card); it is enlarged three
times and handed on as JPEG, so the face comparison finds the face in it.
"""

import base64
import binascii
import io
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError

from medarb.core.errors import DomainError

# A chip photo is some 40 kB as BMP; a reader's answer never needs more.
MAX_PHOTO_BYTES = 512 * 1024
MAX_PHOTO_SIDE = 1000
PHOTO_ENLARGE = 3
PERMANENT = "长期"


class ReaderError(DomainError):
    """The reader's answer cannot be used; the message says what to do at the window."""


@dataclass(frozen=True)
class CardReading:
    name: str
    sex: str
    ethnicity: str
    birth: date | None
    address: str
    id_number: str
    authority: str
    valid_from: date | None
    valid_to: date | None  # None: valid for life (长期)
    photo: bytes | None  # JPEG, enlarged for the face comparison

    def expired(self, today: date) -> bool:
        return self.valid_to is not None and self.valid_to < today


def _text(raw: dict, key: str, *, limit: int = 200, needed: str = "") -> str:
    """A string field of the answer; `needed` names (for the clerk) one that must be there."""
    value = raw.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str) or len(value) > limit:
        raise ReaderError(_("读卡器返回的数据格式不正确，请重新读卡。"))
    value = value.strip()
    if needed and not value:
        raise ReaderError(_("读卡器没有读到%(what)s，请将身份证平放在读卡区后重新读卡。") % {"what": needed})
    return value


def _date(value: str, *, permanent: bool = False) -> date | None:
    """YYYYMMDD or YYYY-MM-DD (or YYYY.MM.DD); 长期 where `permanent`; empty is unknown."""
    if not value or (permanent and value == PERMANENT):
        return None
    digits = re.sub(r"[^0-9]", "", value)
    try:
        if len(digits) != 8:
            raise ValueError
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise ReaderError(_("读卡器返回的日期无法识别：%(value)s。") % {"value": value}) from None


def chip_photo(encoded: str) -> bytes | None:
    """The chip's photo (base64 of a BMP, JPEG or PNG, optionally a data: URL) as an
    enlarged JPEG; None when the reader sent none."""
    if not encoded:
        return None
    if encoded.startswith("data:"):
        encoded = encoded.partition(",")[2]
    if len(encoded) > MAX_PHOTO_BYTES * 4 // 3 + 4:
        raise ReaderError(_("读卡器返回的照片过大。"))
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise ReaderError(_("读卡器返回的照片无法解码，请重新读卡。")) from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=["BMP", "JPEG", "PNG"])
            if max(image.size) > MAX_PHOTO_SIDE or min(image.size) <= 0:
                raise ReaderError(_("读卡器返回的照片尺寸不正确。"))
            image.load()
    except ReaderError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Warning, Image.DecompressionBombError):
        raise ReaderError(_("读卡器返回的照片无法解码，请重新读卡。")) from None
    image = image.convert("RGB")
    image = image.resize(
        (image.width * PHOTO_ENLARGE, image.height * PHOTO_ENLARGE), Image.Resampling.LANCZOS
    )
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=92)
    return buffer.getvalue()


@dataclass(frozen=True)
class Protocol:
    """A reader service's protocol: the GETs the page makes, and where the answer keeps each
    field of the contract (`fields`: contract name → the answer's key)."""

    name: str
    label: str  # lazy: shown in the viewer's language
    steps: tuple[str, ...]  # GETs in order; the last one answers the reading
    fields: dict[str, str]
    succeeded: Callable[[dict], bool]  # whether the answer is a reading
    error_key: str  # where a failed answer says why
    close: str = ""  # a GET after reading, whatever happened

    def read(self, raw: object) -> CardReading:
        if not isinstance(raw, dict):
            raise ReaderError(_("读卡器的应答无法识别，请确认读卡服务已启动后重新读卡。"))
        if not self.succeeded(raw):
            message = _text(raw, self.error_key) or _("未读到身份证")
            raise ReaderError(
                _("读卡失败：%(message)s。请将身份证平放在读卡区后重试。") % {"message": message}
            )
        key = self.fields
        return CardReading(
            name=_text(raw, key["name"], limit=60, needed=_("姓名")),
            sex=_text(raw, key["sex"], limit=4),
            ethnicity=_text(raw, key["ethnicity"], limit=20),
            birth=_date(_text(raw, key["birth"], limit=10)),
            address=_text(raw, key["address"]),
            id_number=_text(raw, key["id_number"], limit=18, needed=_("身份证号码")).upper(),
            authority=_text(raw, key["authority"], limit=60),
            valid_from=_date(_text(raw, key["valid_from"], limit=10)),
            valid_to=_date(_text(raw, key["valid_to"], limit=10), permanent=True),
            photo=chip_photo(_text(raw, key["photo"], limit=MAX_PHOTO_BYTES * 2)),
        )


CONTRACT = ("name", "sex", "ethnicity", "birth", "address", "id_number", "authority", "valid_from",
            "valid_to", "photo")  # fmt: skip
GENERIC = Protocol(
    name="generic",
    label=gettext_lazy("通用读卡接口"),
    steps=("/card",),
    fields={field: field for field in CONTRACT},
    succeeded=lambda raw: raw.get("ok") is True,
    error_key="error",
)
CHINAVISION = Protocol(
    name="chinavision",
    label=gettext_lazy("华视读卡器"),
    steps=("/OpenDevice", "/readcard"),
    close="/CloseDevice",
    fields={
        "name": "partyName",
        "sex": "gender",
        "ethnicity": "nation",
        "birth": "bornDay",
        "address": "certAddress",
        "id_number": "certNumber",
        "authority": "certOrg",
        "valid_from": "effDate",
        "valid_to": "expDate",
        "photo": "identityPic",
    },
    succeeded=lambda raw: raw.get("resultFlag") in (0, "0"),
    error_key="errorMsg",
)


PROTOCOLS: dict[str, Protocol] = {p.name: p for p in (GENERIC, CHINAVISION)}


def configured() -> Protocol | None:
    """The windows' reader protocol (settings.MEDARB_CARD_READER), or None when none is used."""
    return PROTOCOLS.get(settings.MEDARB_CARD_READER)


def reader_url() -> str:
    """Where the window's browser finds the reader service (an origin, loopback by default)."""
    return settings.MEDARB_CARD_READER_URL
