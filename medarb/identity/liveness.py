"""A simple active liveness check (活体检测) against a printed photo or a still on a screen:
the page asks the person to turn their head slowly left or right and sends a short burst of
frames; the head must turn and every frame must show the same face.

The turn is read from the 68 face landmarks of each frame: the nose tip's position between
the two ends of the jaw line, from -0.5 (far left) to +0.5 (far right), 0 facing the camera.
A person turning their head moves it by 0.2 and more; a photo held up to the camera moves it
by a few hundredths (measured on the packaged photos: facing 0.01, turned −0.23).

What it does not stop (docs/identity.md says so too): a video of the person played to the
camera, a mask, a photo bent or turned by hand in front of the camera skilfully enough.
"""

from dataclasses import dataclass

import numpy as np
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from medarb.core.errors import DomainError
from medarb.core.files import IMAGE_TYPES, check_upload
from medarb.identity import faces

MIN_FRAMES = 4  # frames with exactly one face
MIN_TURN = 0.15  # the range of the nose position across the frames
MAX_FRAMES = 12
FRAME_MAX_BYTES = 1024 * 1024  # a 480-pixel JPEG frame is some 30 kB


@dataclass(frozen=True)
class Liveness:
    passed: bool
    turn: float
    frames: int
    reason: str = ""

    def as_detail(self) -> dict:
        return {
            "passed": self.passed,
            "turn": round(self.turn, 3),
            "frames": self.frames,
            "reason": self.reason,
        }


def _turn(landmarks: dict) -> float:
    jaw = np.array(landmarks["chin"], dtype=float)
    nose = np.array(landmarks["nose_tip"], dtype=float)[2]
    left, right = jaw[0][0], jaw[-1][0]
    return float((nose[0] - left) / (right - left) - 0.5) if right != left else 0.0


def check(frames: list[bytes], *, live: faces.Face) -> Liveness:
    """Whether the burst shows `live`'s face turning. A frame without exactly one face is
    skipped (motion blur); a frame of another face fails the check."""
    fr = faces._models()
    turns = []
    for data in frames[:MAX_FRAMES]:
        pixels = faces.photo_pixels(data)
        boxes = faces._detect(fr, pixels, upsample=0) or faces._detect(fr, pixels, upsample=1)
        if len(boxes) != 1:
            continue
        (encoding,) = fr.face_encodings(pixels, known_face_locations=boxes)
        if live.distance(encoding) > faces.threshold():
            return Liveness(False, 0.0, len(turns), _("活体检测未通过：画面中出现了另一个人。"))
        (landmarks,) = fr.face_landmarks(pixels, face_locations=boxes)
        turns.append(_turn(landmarks))
    if len(turns) < MIN_FRAMES:
        return Liveness(
            False, 0.0, len(turns), _("活体检测未通过：画面中的人脸不清楚，请正对摄像头、光线充足后重试。")
        )
    turn = max(turns) - min(turns)
    if turn < MIN_TURN:
        return Liveness(
            False, turn, len(turns), _("活体检测未通过：没有检测到转头，请按提示缓慢向左或向右转头。")
        )
    return Liveness(True, turn, len(turns))


def admit_frames(uploads) -> list[bytes]:
    """The burst as sent by the page (the `frames` file input): a few small JPEG or PNG frames."""
    if len(uploads) > MAX_FRAMES:
        raise DomainError(_("活体检测的画面过多。"), field="live")
    frames = []
    for upload in uploads:
        try:
            data, _sniffed = check_upload(upload, allowed=IMAGE_TYPES, max_bytes=FRAME_MAX_BYTES)
        except ValidationError as exc:
            raise DomainError(exc.messages[0], field="live") from exc
        frames.append(data)
    return frames


def pack(frames: list[bytes]) -> bytes:
    """The burst as one file (kept encrypted until the reading job has checked it)."""
    return b"".join(len(f).to_bytes(4, "big") + f for f in frames)


def unpack(data: bytes) -> list[bytes]:
    frames, at = [], 0
    while at + 4 <= len(data) and len(frames) < MAX_FRAMES:
        size = int.from_bytes(data[at : at + 4], "big")
        frames.append(data[at + 4 : at + 4 + size])
        at += 4 + size
    return frames
