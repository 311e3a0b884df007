"""Admitting an uploaded image before anything decodes it.

A PNG of a few hundred kilobytes can claim 30,000 × 30,000 pixels: zlib squeezes the zeros,
and the decoder then asks for 2.7 GB. So every image a person sends (ID-card photo,
signature pad, anything handed to PIL, OpenCV, OCR or face matching) passes `admit_image`
first: the size is read from the header alone, a picture above the limits is refused with
a message before one row is decoded, a JPEG is decoded already reduced (`draft`), the
camera's EXIF rotation is applied, and the result is shrunk to what the next step needs.
"""

import io
import warnings
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from medarb.core.errors import DomainError

# Pillow's own guard (a DecompressionBombError at twice this); admit_image refuses far sooner.
PILLOW_MAX_PIXELS = 64_000_000


@dataclass(frozen=True)
class ImageLimits:
    max_pixels: int
    max_side: int
    # The longest side handed on after decoding (None keeps the size as it is).
    fit: int | None = None


# A phone's camera photo (up to ~50 MP) of an ID card; OCR reads it well at 1600 px.
PHOTO = ImageLimits(max_pixels=50_000_000, max_side=12_000, fit=1600)
# A signature pad canvas is a few hundred CSS pixels at a device pixel ratio of 3 at most.
SIGNATURE = ImageLimits(max_pixels=8_000_000, max_side=4_000)

_FORMATS = frozenset({"PNG", "JPEG"})


class ImageRefused(DomainError):
    """The image is not one the platform decodes; the message says why."""


@dataclass(frozen=True)
class ImageHeader:
    format: str
    width: int
    height: int


def read_header(data: bytes) -> ImageHeader:
    """Format and size from the file's header; no pixel data is decoded."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise ImageRefused(
            _("图片尺寸过大（超过 %(mp)d 万像素），请上传普通手机拍摄的照片。")
            % {"mp": 2 * PILLOW_MAX_PIXELS // 10_000}
        ) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise ImageRefused(_("无法识别该图片，请上传 JPG 或 PNG 格式的照片。")) from None
    if image.format not in _FORMATS:
        raise ImageRefused(_("无法识别该图片，请上传 JPG 或 PNG 格式的照片。"))
    return ImageHeader(image.format, image.width, image.height)


def check_header(header: ImageHeader, limits: ImageLimits) -> None:
    width, height = header.width, header.height
    if width <= 0 or height <= 0:
        raise ImageRefused(_("无法识别该图片，请上传 JPG 或 PNG 格式的照片。"))
    if max(width, height) > limits.max_side or width * height > limits.max_pixels:
        raise ImageRefused(
            _("图片尺寸过大（%(w)d×%(h)d 像素），最长边不超过 %(side)d 像素、总像素不超过 %(mp)d 万。")
            % {"w": width, "h": height, "side": limits.max_side, "mp": limits.max_pixels // 10_000}
        )


def admit_image(data: bytes, *, limits: ImageLimits, mode: str = "RGB") -> Image.Image:
    """The decoded image, upright and no larger than `limits.fit`, or ImageRefused.

    The header is checked before any decoding; a JPEG is decoded at the smallest scale
    (1/2, 1/4, 1/8) that still covers `fit`, so a large photo never exists at full size."""
    check_header(read_header(data), limits)
    image = Image.open(io.BytesIO(data))
    if limits.fit and image.format == "JPEG":
        # Sides may swap with the EXIF rotation, so ask for `fit` on both.
        image.draft(mode, (limits.fit, limits.fit))
    try:
        image.load()
        image = ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise ImageRefused(_("图片已损坏或不完整，请重新拍摄上传。")) from None
    if limits.fit and max(image.size) > limits.fit:
        image.thumbnail((limits.fit, limits.fit), Image.Resampling.LANCZOS)
    return image.convert(mode) if image.mode != mode else image
