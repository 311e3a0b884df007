import asyncio
import io
import re
import shutil
import subprocess

import pytest

from medarb.core.errors import DomainError
from medarb.core.files import read_bytes
from medarb.documents import selectors, services, signing
from medarb.documents.testing import drawn_signature, numbered_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def award(cast):
    case = numbered_case(cast)
    return services.issue_document(
        case=case,
        template_code="award_final",
        actor=cast.arbitrator,
        context={"award_text": "被申请人支付申请人工资人民币壹万贰仟元整。"},
    )


def _signature_contents_span(data: bytes) -> tuple[int, int]:
    match = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)", data)
    start = int(match.group(2))
    return start, int(match.group(3))


class TestUnitSeal:
    def test_an_issued_award_validates_against_the_trust_root(self, award):
        report = signing.validate_pdf(read_bytes(award.current.pdf))
        assert report.ok
        (check,) = report.signatures
        assert check.intact and check.trusted and check.covers_whole_file
        assert "鹭湖区劳动人事争议仲裁院" in check.signer

    def test_changing_any_byte_is_detected(self, award):
        data = read_bytes(award.current.pdf)
        hole_start, hole_end = _signature_contents_span(data)
        positions = list(range(0, len(data), max(1, len(data) // 60)))
        positions += [hole_start + 2, (hole_start + hole_end) // 2, hole_end - 2, len(data) - 3]
        for position in positions:
            altered = bytearray(data)
            altered[position] ^= 0x01
            altered = bytes(altered)
            assert not selectors.verify_upload(altered).found, position
            if not hole_start <= position < hole_end:
                # inside the signed byte ranges pyHanko itself sees the digest break
                assert not signing.validate_pdf(altered).ok, position

    def test_sealing_and_validating_work_inside_a_running_event_loop(self, cast):
        from weasyprint import HTML

        blank = HTML(string="<p>送达地址确认书</p>").write_pdf()

        async def inside_a_loop():
            sealed = signing.seal_pdf(blank, unit=cast.district, page=0, box=(300, 100, 450, 250))
            return signing.validate_pdf(sealed)

        assert asyncio.run(inside_a_loop()).ok

    def test_a_signature_by_an_unknown_ca_is_not_trusted(self, award, settings, tmp_path):
        data = read_bytes(award.current.pdf)
        settings.DOCUMENTS_PKI_DIR = tmp_path / "other-pki"
        from medarb.documents import pki

        pki.ensure_ca()
        assert not signing.validate_pdf(data).ok

    def test_without_demo_pki_a_unit_without_certificate_gets_a_clear_message(self, cast, settings, tmp_path):
        settings.DOCUMENTS_PKI_DIR = tmp_path / "empty-pki"
        settings.DOCUMENTS_DEMO_PKI = False
        case = numbered_case(cast)
        with pytest.raises(DomainError, match="电子签章证书"):
            services.issue_document(case=case, template_code="hearing_notice", actor=cast.clerk)


def worker_key(document) -> str:
    return f"party:{document.case.parties.get(name='张三').pk}"


class TestSignOnScreen:
    def test_a_hand_signature_is_bound_into_a_new_version(self, award, cast):
        before = award.current
        services.sign_on_screen(
            document=award, actor=cast.clerk, signer=worker_key(award), image_png=drawn_signature()
        )
        award.refresh_from_db()
        after = award.current
        assert after.version == before.version + 1
        assert after.pdf.sha256 != before.pdf.sha256
        signature = award.hand_signatures.get()
        assert signature.signed_sha256 == before.pdf.sha256
        assert signature.result_file == after
        # the earlier version is kept, unchanged
        assert read_bytes(before.pdf)
        report = signing.validate_pdf(read_bytes(after.pdf))
        assert report.ok
        assert [c.field for c in report.signatures] == ["UnitSeal", "HandSignature1"]
        assert all(c.intact and c.trusted for c in report.signatures)
        assert award.case.timeline.filter(kind="document_signed").exists()

    def test_the_signed_version_names_the_hash_it_signed(self, award, cast):
        before = award.current.pdf.sha256
        services.sign_on_screen(
            document=award, actor=cast.clerk, signer=worker_key(award), image_png=drawn_signature()
        )
        award.refresh_from_db()
        data = read_bytes(award.current.pdf)
        from pyhanko.pdf_utils.reader import PdfFileReader

        reader = PdfFileReader(io.BytesIO(data))
        reasons = [str(s.sig_object.get("/Reason")) for s in reader.embedded_signatures]
        assert any(before in reason for reason in reasons)

    def test_a_hand_signed_pdf_changed_afterwards_fails(self, award, cast):
        services.sign_on_screen(
            document=award, actor=cast.clerk, signer=worker_key(award), image_png=drawn_signature()
        )
        award.refresh_from_db()
        data = bytearray(read_bytes(award.current.pdf))
        data[len(data) // 2] ^= 0x01
        assert not signing.validate_pdf(bytes(data)).ok

    def test_a_broken_image_is_refused(self, award, cast):
        with pytest.raises(DomainError):
            services.sign_on_screen(
                document=award, actor=cast.clerk, signer=worker_key(award), image_png=b"not a png"
            )
        assert award.files.count() == 1

    def test_the_signature_places_run_out_with_a_message(self, award, cast):
        for _ in range(services.MAX_HAND_SIGNATURES):
            services.sign_on_screen(
                document=award, actor=cast.clerk, signer=worker_key(award), image_png=drawn_signature()
            )
        with pytest.raises(DomainError, match="已满"):
            services.sign_on_screen(
                document=award, actor=cast.clerk, signer=worker_key(award), image_png=drawn_signature()
            )


@pytest.mark.skipif(not shutil.which("pdfsig"), reason="poppler-utils not installed")
class TestInAStandardReader:
    """Poppler, the PDF engine of Evince and Okular, checks the seal as a reader would."""

    def _pdfsig(self, data: bytes, tmp_path) -> str:
        path = tmp_path / "award.pdf"
        path.write_bytes(data)
        result = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False)
        return result.stdout + result.stderr

    def test_the_reader_finds_the_signature_valid_and_the_whole_document_signed(self, award, tmp_path):
        report = self._pdfsig(read_bytes(award.current.pdf), tmp_path)
        assert "Signature Validation: Signature is Valid." in report
        assert "Total document signed" in report
        # The demo CA is not in the reader's trust store; a commission installs its own root there.
        assert "鹭湖区劳动人事争议仲裁院" in report

    def test_the_reader_finds_a_changed_document_invalid(self, award, tmp_path):
        data = bytearray(read_bytes(award.current.pdf))
        at = data.index(b"/Producer") if b"/Producer" in data else len(data) // 3
        data[at + 2] ^= 0x01
        report = self._pdfsig(bytes(data), tmp_path)
        assert "Signature Validation: Digest Mismatch." in report
