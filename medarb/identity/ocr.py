"""Reading the front of a resident ID card with RapidOCR (PP-OCR models ship in the wheel)."""

import re
import threading
from dataclasses import dataclass
from functools import cache

import numpy as np

from medarb.core.images import PHOTO, ImageRefused, admit_image

ID_PATTERN = re.compile(r"[0-9]{17}[0-9X]")
_lock = threading.Lock()


@dataclass(frozen=True)
class IdCardReading:
    name: str
    id_number: str
    lines: tuple[str, ...]
    confidence: float


@cache
def _engine():
    from rapidocr_onnxruntime import RapidOCR  # loads the ONNX models (~1 s), once per process

    return RapidOCR()


def _decode(image: bytes) -> np.ndarray:
    """Admitted (header checked, upright, at most 1600 px) and in OpenCV's BGR order.
    Never cv2.imdecode on the sender's bytes: it would decode any size it is given."""
    try:
        admitted = admit_image(image, limits=PHOTO)
    except ImageRefused as exc:
        raise ValueError(exc.message) from exc
    return np.ascontiguousarray(np.asarray(admitted)[:, :, ::-1])


def read_id_card(image: bytes) -> IdCardReading:
    """The name and ID number printed on the card, with the OCR's lowest line confidence."""
    with _lock:  # the ONNX session is not safe to share between threads
        result, _ = _engine()(_decode(image))
    lines = tuple(text.replace(" ", "") for _, text, _ in result or [])
    scores = [float(score) for _, _, score in result or []]
    joined = "".join(lines).upper()
    number = ID_PATTERN.search(joined)
    name = ""
    for line in lines:
        if line.startswith("姓名"):
            name = line.removeprefix("姓名").strip()
            break
    return IdCardReading(name, number.group(0) if number else "", lines, min(scores) if scores else 0.0)
