"""Case discs (光盘刻录): a case's documents, recordings and evidence written as an ISO 9660
image (Joliet and UDF keep the Chinese file names readable on Windows, Rock Ridge on Linux
and macOS) or a ZIP, with a manifest of each file's size and SHA-256, read back by
`verify_image` and `manage.py verify_disc`.

ISO 9660 itself allows only short upper-case ASCII names: each file gets one (D0001.PDF) and
keeps its real name in the Joliet, UDF and Rock Ridge trees. Files are streamed from storage,
never held whole in memory, so a disc of long recordings costs little RAM.
"""

import hashlib
import io
import json
import subprocess
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pycdlib

from medarb.core.files import open_stored
from medarb.core.models import StoredFile

MANIFEST = "MANIFEST.json"
README = "README.txt"
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class DiscItem:
    folder: str  # a section of the disc: 文书, 庭审录像, 证据
    name: str  # the file's readable name
    stored: StoredFile


# Sources of a case's disc contents, `source(case, viewer)`: what `viewer` (the person the disc
# is made for; None when nobody is) may take away. Higher apps (the portal's evidence, later
# volumes) add theirs in their AppConfig.ready(), as they add panels to the case page.
Source = Callable[[object, object], Iterable[DiscItem]]
_sources: list[Source] = []


def register_source(source: Source) -> Source:
    if source not in _sources:
        _sources.append(source)
    return source


def collect(case, *, viewer=None) -> list[DiscItem]:
    """The case's files from every source that `viewer` may have, under their plain names."""
    items = [item for source in _sources for item in source(case, viewer)]
    return [item for item in items if item.stored.discarded_at is None]  # destroyed at retention's end


def items_for(case, *, viewer) -> list[DiscItem]:
    """The case's files for `viewer` as the disc names them: numbered per folder, safe and short."""
    return _unique_names(collect(case, viewer=viewer))


def _unique_names(items: list[DiscItem]) -> list[DiscItem]:
    """Number the files of each folder so names sort in order and never collide."""
    result, counters = [], {}
    for item in items:
        counters[item.folder] = counters.get(item.folder, 0) + 1
        result.append(DiscItem(item.folder, _safe_name(counters[item.folder], item.name), item.stored))
    return result


# Joliet names are capped at 64 bytes of UTF-8 by pycdlib (about 20 Chinese characters); every
# tree gets the same name so that the disc reads alike everywhere. The suffix is kept.
MAX_NAME_BYTES = 64


def _safe_name(number: int, name: str) -> str:
    cleaned = "".join("_" if ch in '\\/:*?"<>|' or ord(ch) < 32 else ch for ch in name).strip(" .") or "file"
    path = PurePosixPath(cleaned)
    suffix = path.suffix if 1 < len(path.suffix) <= 8 and path.suffix.isascii() else ""
    stem = cleaned[: len(cleaned) - len(suffix)] if suffix else cleaned
    prefix = f"{number:03d} "
    while len((prefix + stem + suffix).encode()) > MAX_NAME_BYTES:
        stem = stem[:-1]
    return prefix + stem.rstrip(" .") + suffix


@dataclass
class Manifest:
    case_number: str
    created_at: str
    files: list[dict] = field(default_factory=list)

    def to_bytes(self) -> bytes:
        return json.dumps(
            {"case": self.case_number, "created_at": self.created_at, "files": self.files},
            ensure_ascii=False,
            indent=2,
        ).encode()


def _copy_hashing(stored: StoredFile, out) -> str:
    """Copy a stored file into `out`, checking it against its own hash on the way."""
    digest = hashlib.sha256()
    with open_stored(stored) as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    if digest.hexdigest() != stored.sha256:
        raise OSError(f"stored file {stored.pk} does not match its hash")
    return stored.sha256


def _readme(case_number: str, count: int) -> bytes:
    return (
        f"案件 {case_number} 卷宗光盘\r\n"
        f"共 {count} 个文件，清单见 {MANIFEST}（每个文件的大小与 SHA-256）。\r\n"
        "核对：manage.py verify_disc <镜像文件>，或用任何 SHA-256 工具逐个比对。\r\n"
    ).encode()


def write_image(
    *,
    items: list[DiscItem],
    target: Path,
    fmt: str,
    case_number: str,
    created_at: str,
    progress: Callable[[int], None] = lambda percent: None,
) -> Manifest:
    """Write `items` to `target` as an ISO image or a ZIP; return the manifest written with them."""
    manifest = Manifest(case_number=case_number, created_at=created_at)
    total = sum(item.stored.size for item in items) or 1
    done = 0
    writer = _IsoWriter(case_number) if fmt == "iso" else _ZipWriter(target)
    for number, item in enumerate(items, start=1):
        path = f"{item.folder}/{item.name}"
        writer.add_file(path, number, item.stored)
        manifest.files.append({"path": path, "size": item.stored.size, "sha256": item.stored.sha256})
        done += item.stored.size
        progress(min(99, done * 100 // total))
    writer.add_bytes(MANIFEST, manifest.to_bytes())
    writer.add_bytes(README, _readme(case_number, len(items)))
    writer.finish(target)
    progress(100)
    return manifest


class _ZipWriter:
    def __init__(self, target: Path):
        self.zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED, allowZip64=True)

    def add_file(self, path: str, number: int, stored: StoredFile) -> None:
        with self.zip.open(path, "w", force_zip64=True) as out:
            _copy_hashing(stored, out)

    def add_bytes(self, path: str, data: bytes) -> None:
        self.zip.writestr(path, data)

    def finish(self, target: Path) -> None:
        self.zip.close()


class _IsoWriter:
    def __init__(self, case_number: str):
        self.iso = pycdlib.PyCdlib()
        self.iso.new(interchange_level=3, joliet=3, rock_ridge="1.09", udf="2.60", vol_ident="MEDARB_CASE")
        self.folders: dict[str, str] = {}
        self.handles: list = []

    def _folder(self, name: str) -> str:
        if name not in self.folders:
            iso_dir = f"/F{len(self.folders) + 1:02d}"
            self.iso.add_directory(iso_dir, joliet_path=f"/{name}", rr_name=name, udf_path=f"/{name}")
            self.folders[name] = iso_dir
        return self.folders[name]

    def add_file(self, path: str, number: int, stored: StoredFile) -> None:
        folder, name = path.split("/", 1)
        suffix = PurePosixPath(name).suffix.upper().lstrip(".")[:3] or "BIN"
        iso_path = f"{self._folder(folder)}/D{number:05d}.{suffix};1"
        # pycdlib reads the file when the image is written: keep the handle open until then.
        handle = open_stored(stored)
        self.handles.append(handle)
        self.iso.add_fp(
            handle, stored.size, iso_path, joliet_path=f"/{path}", rr_name=name, udf_path=f"/{path}"
        )

    def add_bytes(self, path: str, data: bytes) -> None:
        iso_name = path.upper().replace(".JSON", ".JSN")
        self.iso.add_fp(
            io.BytesIO(data),
            len(data),
            f"/{iso_name};1",
            joliet_path=f"/{path}",
            rr_name=path,
            udf_path=f"/{path}",
        )

    def finish(self, target: Path) -> None:
        try:
            self.iso.write(str(target))
        finally:
            self.iso.close()
            for handle in self.handles:
                handle.close()


# --- reading a disc back -------------------------------------------------------------------


@dataclass
class VerifyReport:
    checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and self.checked > 0


class _Digest:
    """A write-only sink that hashes and counts what is written to it."""

    def __init__(self):
        self.hash, self.size = hashlib.sha256(), 0

    def write(self, chunk: bytes) -> int:
        self.hash.update(chunk)
        self.size += len(chunk)
        return len(chunk)


def _iso_files(path: Path) -> Iterator[tuple[str, _Digest]]:
    iso = pycdlib.PyCdlib()
    iso.open(str(path))
    try:
        for folder, _dirs, files in iso.walk(udf_path="/"):
            for name in files:
                full = f"{folder.rstrip('/')}/{name}"
                sink = _Digest()
                iso.get_file_from_iso_fp(sink, udf_path=full)
                yield full.lstrip("/"), sink
    finally:
        iso.close()


def _zip_files(path: Path) -> Iterator[tuple[str, _Digest]]:
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if not info.is_dir():
                sink = _Digest()
                try:
                    with archive.open(info) as handle:
                        while chunk := handle.read(CHUNK):
                            sink.write(chunk)
                except zipfile.BadZipFile:  # the archive's own CRC caught a change
                    sink.write(b"\x00changed")
                yield info.filename, sink


def _read_member(path: Path, name: str) -> bytes | None:
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return archive.read(name) if name in archive.namelist() else None
    iso = pycdlib.PyCdlib()
    iso.open(str(path))
    try:
        out = io.BytesIO()
        iso.get_file_from_iso_fp(out, udf_path=f"/{name}")
        return out.getvalue()
    except pycdlib.pycdlibexception.PyCdlibInvalidInput:
        return None
    finally:
        iso.close()


def verify_image(path: Path) -> VerifyReport:
    """Check every file of a disc image against its manifest: present, same size, same SHA-256,
    and nothing on the disc that the manifest does not list. Files are hashed as streams."""
    report = VerifyReport()
    try:
        manifest = _read_member(path, MANIFEST)
        if manifest is None:
            report.problems.append(f"镜像中没有 {MANIFEST}")
            return report
        listed = {entry["path"]: entry for entry in json.loads(manifest)["files"]}
        found = dict(_zip_files(path) if zipfile.is_zipfile(path) else _iso_files(path))
    except Exception as exc:  # a damaged image: say so rather than fail
        report.problems.append(f"无法读取镜像：{exc}")
        return report
    found.pop(MANIFEST, None)
    found.pop(README, None)
    for name, entry in listed.items():
        sink = found.pop(name, None)
        report.checked += 1
        if sink is None:
            report.problems.append(f"缺少文件：{name}")
        elif sink.size != entry["size"] or sink.hash.hexdigest() != entry["sha256"]:
            report.problems.append(f"文件内容与清单不符：{name}")
    report.problems.extend(f"清单之外的文件：{name}" for name in sorted(found))
    return report


def burn(image: Path, device: str) -> str:
    """Write an image to a drive (or a file-backed drive, `stdio:PATH`) with xorriso; return its log."""
    command = ["xorriso", "-as", "cdrecord", "-v", f"dev={device}", str(image)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)
    log = (result.stdout + result.stderr)[-4000:]
    if result.returncode != 0:
        raise OSError(log or f"xorriso exited {result.returncode}")
    return log
