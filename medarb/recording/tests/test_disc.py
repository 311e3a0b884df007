"""Case discs: an ISO with Chinese names that reads back on every OS, a manifest that verifies,
a changed byte that is caught, a burn to a (file-backed) drive, and who may export at all."""

import json
import shutil
import subprocess
from io import StringIO

import pycdlib
import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from medarb.audit.models import AuditEntry
from medarb.core.errors import DomainError, NotAllowed
from medarb.core.files import store_bytes
from medarb.documents import services as documents
from medarb.documents.testing import _session_data_dir, document_store, numbered_case  # noqa: F401
from medarb.recording import disc, services
from medarb.recording.models import BurnState, DiscExport, DiscState

pytestmark = pytest.mark.django_db
XORRISO = shutil.which("xorriso")


def items() -> list[disc.DiscItem]:
    award = store_bytes(data=b"%PDF-1.7 award " + b"A" * 5000, name="a.pdf", content_type="application/pdf")
    notice = store_bytes(data=b"%PDF-1.7 notice " + b"B" * 3000, name="n.pdf", content_type="application/pdf")
    clip = store_bytes(data=b"\x00\x00\x00\x18ftypmp42" + b"C" * 8000, name="v.mp4", content_type="video/mp4")
    return disc._unique_names(
        [
            disc.DiscItem("文书", "仲裁裁决书.pdf", award),
            disc.DiscItem("文书", "受理通知书.pdf", notice),
            disc.DiscItem("庭审录像", "第一次开庭 2026-10-12.mp4", clip),
        ]
    )


def write(tmp_path, fmt: str):
    target = tmp_path / f"case.{fmt}"
    manifest = disc.write_image(
        items=items(),
        target=target,
        fmt=fmt,
        case_number="鹭湖劳人仲案字〔2026〕第1号",
        created_at="2026-12-06",
    )
    return target, manifest


class TestTheImage:
    def test_an_iso_keeps_the_chinese_names_in_joliet_udf_and_rock_ridge(self, tmp_path):
        target, _manifest = write(tmp_path, "iso")

        iso = pycdlib.PyCdlib()
        iso.open(str(target))
        try:
            udf = {name for _path, _dirs, files in iso.walk(udf_path="/") for name in files}
            joliet = {name for _path, _dirs, files in iso.walk(joliet_path="/") for name in files}
        finally:
            iso.close()
        expected = {
            "001 仲裁裁决书.pdf",
            "002 受理通知书.pdf",
            "001 第一次开庭 2026-10-12.mp4",
        }
        assert expected <= udf and expected <= joliet
        assert {disc.MANIFEST, disc.README} <= udf

    @pytest.mark.skipif(not XORRISO, reason="xorriso is not installed (make os-packages)")
    def test_xorriso_reads_the_image_back_with_its_chinese_names(self, tmp_path):
        target, _manifest = write(tmp_path, "iso")

        listing = subprocess.run(
            ["xorriso", "-indev", str(target), "-find", "/", "-type", "f"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

        assert "/文书/002 受理通知书.pdf" in listing
        assert "/庭审录像/001 第一次开庭 2026-10-12.mp4" in listing

    @pytest.mark.parametrize("fmt", ["iso", "zip"])
    def test_the_manifest_lists_every_file_with_size_and_hash_and_verifies(self, tmp_path, fmt):
        target, manifest = write(tmp_path, fmt)

        report = disc.verify_image(target)

        assert report.ok and report.checked == 3
        assert [f["path"] for f in manifest.files] == [
            "文书/001 仲裁裁决书.pdf",
            "文书/002 受理通知书.pdf",
            "庭审录像/001 第一次开庭 2026-10-12.mp4",
        ]
        assert all(len(f["sha256"]) == 64 and f["size"] > 0 for f in manifest.files)

    @pytest.mark.parametrize("fmt", ["iso", "zip"])
    def test_a_changed_byte_in_a_file_is_caught(self, tmp_path, fmt):
        target, _manifest = write(tmp_path, fmt)
        data = bytearray(target.read_bytes())
        at = data.index(b"B" * 100) + 50
        data[at] = ord("b")
        target.write_bytes(bytes(data))

        report = disc.verify_image(target)

        assert not report.ok
        assert report.problems == ["文件内容与清单不符：文书/002 受理通知书.pdf"]

    def test_a_file_missing_from_the_manifest_or_the_disc_is_reported(self, tmp_path):
        import zipfile

        target, _manifest = write(tmp_path, "zip")
        with zipfile.ZipFile(target) as archive:
            entries = {name: archive.read(name) for name in archive.namelist()}
        listed = json.loads(entries[disc.MANIFEST])
        listed["files"].pop(0)
        entries[disc.MANIFEST] = json.dumps(listed, ensure_ascii=False).encode()
        entries.pop("文书/002 受理通知书.pdf")
        with zipfile.ZipFile(target, "w") as archive:
            for name, data in entries.items():
                archive.writestr(name, data)

        problems = disc.verify_image(target).problems

        assert "缺少文件：文书/002 受理通知书.pdf" in problems
        assert "清单之外的文件：文书/001 仲裁裁决书.pdf" in problems

    def test_long_titles_are_shortened_to_what_joliet_holds_keeping_number_and_suffix(self):
        name = disc._safe_name(7, "鹭湖区劳动人事争议仲裁院关于某某电子有限公司拖欠工资案的仲裁裁决书.pdf")

        assert len(name.encode()) <= disc.MAX_NAME_BYTES
        assert name.startswith("007 鹭湖区") and name.endswith(".pdf")

    def test_slashes_and_control_characters_cannot_make_paths(self):
        assert disc._safe_name(1, "../../etc/passwd\x00") == "001 _.._etc_passwd_"

    def test_garbage_is_reported_as_unreadable_not_a_crash(self, tmp_path):
        junk = tmp_path / "junk.iso"
        junk.write_bytes(b"not an image" * 100)

        report = disc.verify_image(junk)

        assert not report.ok and report.problems

    def test_verify_disc_command_passes_a_good_image_and_fails_a_changed_one(self, tmp_path):
        target, _manifest = write(tmp_path, "iso")
        out = StringIO()
        call_command("verify_disc", str(target), stdout=out)
        assert "核对通过：3 个文件" in out.getvalue()

        data = bytearray(target.read_bytes())
        data[data.index(b"C" * 100) + 10] = ord("c")
        target.write_bytes(bytes(data))
        with pytest.raises(CommandError, match="核对未通过"):
            call_command("verify_disc", str(target), stdout=StringIO())


class TestExportingACase:
    def _case_with_papers(self, cast):
        case = numbered_case(cast)
        documents.issue_document(case=case, template_code="acceptance_notice", actor=cast.clerk, sign=False)
        documents.issue_document(case=case, template_code="notice_to_respond", actor=cast.clerk, sign=False)
        return case

    def test_the_clerk_exports_the_case_documents_as_a_verified_iso(
        self, cast, tmp_path, django_capture_on_commit_callbacks
    ):
        case = self._case_with_papers(cast)

        with django_capture_on_commit_callbacks(execute=True):
            export = services.request_disc(case=case, actor=cast.clerk, fmt="iso")

        export.refresh_from_db()
        assert export.state == DiscState.READY and export.progress == 100
        assert export.item_count == 2
        image = tmp_path / "out.iso"
        with default_storage.open(export.image.storage_name, "rb") as handle:
            image.write_bytes(handle.read())
        assert disc.verify_image(image).ok
        assert AuditEntry.objects.filter(case_id=case.pk, action="export").exists()

    @pytest.mark.parametrize("who", ["supervisor", "street_mediator", "worker", "legal_aid_officer"])
    def test_people_who_do_not_handle_the_case_cannot_export_it(self, cast, who):
        case = self._case_with_papers(cast)

        with pytest.raises(NotAllowed):
            services.request_disc(case=case, actor=getattr(cast, who), fmt="iso")
        assert not DiscExport.objects.exists()

    def test_a_case_with_nothing_to_burn_is_refused_with_a_message(self, cast):
        from medarb.testing import register

        case = register(actor=cast.filing_officer, unit=cast.district)

        with pytest.raises(DomainError, match="还没有可以刻录"):
            services.request_disc(case=case, actor=cast.clerk, fmt="iso")

    def test_a_damaged_stored_file_fails_the_export_with_a_reason(
        self, cast, django_capture_on_commit_callbacks
    ):
        case = self._case_with_papers(cast)
        stored = case.documents.first().current.pdf
        with default_storage.open(stored.storage_name, "wb") as handle:
            handle.write(b"tampered")

        with django_capture_on_commit_callbacks(execute=True):
            export = services.request_disc(case=case, actor=cast.clerk, fmt="zip")

        export.refresh_from_db()
        assert export.state == DiscState.FAILED and "does not match its hash" in export.error

    @pytest.mark.skipif(not XORRISO, reason="xorriso is not installed (make os-packages)")
    def test_burning_writes_the_image_to_the_drive_and_it_reads_back(
        self, cast, tmp_path, settings, django_capture_on_commit_callbacks
    ):
        drive = tmp_path / "drive.img"
        settings.MEDARB_DISC_DEVICE = f"stdio:{drive}"
        case = self._case_with_papers(cast)
        with django_capture_on_commit_callbacks(execute=True):
            export = services.request_disc(case=case, actor=cast.clerk, fmt="iso")
        export.refresh_from_db()

        with django_capture_on_commit_callbacks(execute=True):
            services.request_burn(export=export, actor=cast.clerk)

        export.refresh_from_db()
        assert export.burn_state == BurnState.DONE, export.burn_log
        listing = subprocess.run(
            ["xorriso", "-indev", f"stdio:{drive}", "-find", "/", "-type", "f"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert disc.MANIFEST in listing and "/文书/" in listing

    def test_without_a_drive_there_is_no_burning(self, cast, settings, django_capture_on_commit_callbacks):
        settings.MEDARB_DISC_DEVICE = ""
        case = self._case_with_papers(cast)
        with django_capture_on_commit_callbacks(execute=True):
            export = services.request_disc(case=case, actor=cast.clerk, fmt="iso")
        export.refresh_from_db()

        with pytest.raises(DomainError, match="没有配置刻录机"):
            services.request_burn(export=export, actor=cast.clerk)
