import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from medarb.core.files import check_upload, read_bytes, sniff, store_bytes

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


class TestSniffing:
    def test_types_are_recognised_by_content_not_name(self):
        assert sniff(PDF).kind == "application/pdf"
        assert sniff(PNG).kind == "image/png"
        assert sniff(docx_bytes()).kind == "docx"
        assert sniff(b"MZ\x90\x00 executable") is None

    def test_an_executable_renamed_to_pdf_is_refused(self):
        upload = SimpleUploadedFile("证据.pdf", b"MZ\x90\x00" + b"\0" * 100, content_type="application/pdf")
        with pytest.raises(ValidationError, match="不支持"):
            check_upload(upload)

    def test_an_oversized_file_is_refused_with_the_limit(self, settings):
        settings.UPLOAD_MAX_BYTES = 100
        with pytest.raises(ValidationError, match="过大"):
            check_upload(SimpleUploadedFile("a.pdf", PDF + b"\0" * 200))

    def test_an_empty_file_is_refused(self):
        with pytest.raises(ValidationError, match="空"):
            check_upload(SimpleUploadedFile("a.pdf", b""))


class TestContentAddressedStore:
    def test_the_same_bytes_are_stored_once(self, tmp_path, settings):
        settings.MEDIA_ROOT = tmp_path
        first = store_bytes(data=PDF, name="a.pdf", content_type="application/pdf")
        second = store_bytes(data=PDF, name="b.pdf", content_type="application/pdf")
        assert first.pk == second.pk
        assert read_bytes(first) == PDF

    def test_bytes_changed_on_disk_are_detected_on_read(self, tmp_path, settings):
        settings.MEDIA_ROOT = tmp_path
        stored = store_bytes(data=PDF, name="a.pdf", content_type="application/pdf")
        (tmp_path / stored.storage_name).write_bytes(PDF + b"tampered")
        with pytest.raises(OSError):
            read_bytes(stored)
