"""The PNG drawn on a signature pad, admitted before anything decodes it.

The pad posts a data: URL. A crafted one of 12,000² pixels cost a worker 1.1 GB when the
stamp was drawn, and 20,000² ended in a 500; so the size is read from the PNG header and
refused above `core.images.SIGNATURE` before any decoding, then the image is decoded once
(bounded by that limit) to prove it is a whole PNG.
"""

import base64
import binascii

from django.utils.translation import gettext as _

from medarb.core.errors import DomainError
from medarb.core.images import SIGNATURE, ImageRefused, admit_image

SIGNATURE_MAX_BYTES = 512 * 1024
SIGNATURE_MIN_BYTES = 200  # an empty canvas exported as PNG is smaller than any real stroke
_PNG = b"\x89PNG\r\n\x1a\n"
_PREFIX = "data:image/png;base64,"


def _invalid() -> DomainError:
    return DomainError(_("签名图像无效，请重新签名。"), field="signature")


def decode_signature_image(value: str | bytes) -> bytes:
    """The PNG drawn on the signature pad (a data: URL or raw bytes), or a DomainError."""
    if isinstance(value, str):
        if not value.startswith(_PREFIX):
            raise _invalid()
        if len(value) - len(_PREFIX) > (SIGNATURE_MAX_BYTES * 4) // 3 + 4:
            raise DomainError(_("签名图像过大。"), field="signature")
        try:
            value = base64.b64decode(value[len(_PREFIX) :], validate=True)
        except (binascii.Error, ValueError):
            raise _invalid() from None
    if len(value) > SIGNATURE_MAX_BYTES:
        raise DomainError(_("签名图像过大。"), field="signature")
    if not value.startswith(_PNG):
        raise _invalid()
    if len(value) < SIGNATURE_MIN_BYTES:
        raise DomainError(_("签名为空，请在签名区书写后再提交。"), field="signature")
    try:
        admit_image(value, limits=SIGNATURE, mode="RGBA")
    except ImageRefused as exc:
        raise DomainError(exc.message, field="signature") from exc
    return value
