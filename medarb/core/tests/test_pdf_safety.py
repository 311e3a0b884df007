import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from medarb.core.files import check_upload
from medarb.core.pdf_safety import active_content
from medarb.core.testing_pdfs import pdf


class TestActiveContent:
    def test_a_plain_pdf_is_clean(self):
        assert active_content(pdf()) == []

    def test_an_open_action_that_only_sets_the_view_is_clean(self):
        assert active_content(pdf(open_action="goto")) == []

    def test_javascript_on_opening_is_found(self):
        assert {"/JavaScript", "/OpenAction"} <= set(active_content(pdf(open_action="javascript")))

    def test_a_launch_action_on_a_page_trigger_is_found(self):
        assert {"/Launch", "/AA"} <= set(active_content(pdf(page_action="launch")))

    def test_a_web_address_opened_by_itself_is_found(self):
        assert active_content(pdf(open_action="uri")) == ["/OpenAction"]

    def test_javascript_inside_a_compressed_object_stream_is_found(self):
        data = pdf(open_action="javascript", in_object_stream=True)
        assert b"/JavaScript" not in data  # invisible to a byte search
        assert "/JavaScript" in active_content(data)

    def test_a_name_spelled_with_hex_escapes_is_found(self):
        data = pdf().replace(b"/Type /Catalog", b"/Type /Catalog /Names << /J#61vaScript 9 0 R >>")
        assert "/JavaScript" in active_content(data)


class TestUploadsOfPdfs:
    @pytest.mark.parametrize("kind", ["javascript", "launch", "uri"])
    def test_a_pdf_with_active_content_is_refused_with_advice(self, kind):
        upload = SimpleUploadedFile("证据.pdf", pdf(open_action=kind))
        with pytest.raises(ValidationError, match="打印为 PDF"):
            check_upload(upload)

    def test_a_clean_pdf_is_accepted(self):
        data, sniffed = check_upload(SimpleUploadedFile("证据.pdf", pdf(open_action="goto")))
        assert sniffed.kind == "application/pdf" and data.startswith(b"%PDF")
