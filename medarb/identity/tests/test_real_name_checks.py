import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from medarb.accounts.models import SmsCodePurpose
from medarb.accounts.services import request_sms_code
from medarb.core.errors import DomainError
from medarb.core.sms import ConsoleBackend
from medarb.identity.models import CheckMethod
from medarb.identity.services import check_id_card_photo, check_id_number, check_phone
from medarb.identity.testing import id_card_png


@pytest.fixture(scope="module")
def card() -> bytes:
    return id_card_png()


def upload(data: bytes, name: str = "card.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/png")


@pytest.mark.django_db
class TestIdNumber:
    def test_a_valid_number_passes_and_only_a_masked_copy_is_kept(self, cast):
        check = check_id_number(user=cast.worker, id_number="110101199003078515")
        assert check.passed and check.detail["id"] == "110101************"

    def test_a_wrong_check_digit_fails_with_the_reason(self, cast):
        check = check_id_number(user=cast.worker, id_number="110101199003078514")
        assert not check.passed and "校验码" in check.detail["reason"]


@pytest.mark.django_db
class TestIdCardPhoto:
    def test_a_photo_matching_the_typed_name_and_number_passes(self, cast, card):
        check = check_id_card_photo(
            user=cast.worker, upload=upload(card), name="张三", id_number="110101199003078515"
        )
        assert check.method == CheckMethod.ID_CARD_OCR
        assert check.passed, check.detail
        assert check.score > 0.8
        assert "110101199003078515" not in str(check.detail)

    def test_a_photo_of_someone_else_fails_naming_what_differs(self, cast, card):
        check = check_id_card_photo(
            user=cast.worker, upload=upload(card), name="李四", id_number="110101199003078515"
        )
        assert not check.passed
        assert "姓名" in check.detail["reason"] and "号码" not in check.detail["reason"]

    def test_a_photo_without_a_card_fails_with_advice(self, cast):
        blank = io.BytesIO()
        Image.new("RGB", (400, 300), (255, 255, 255)).save(blank, format="PNG")
        check = check_id_card_photo(
            user=cast.worker, upload=upload(blank.getvalue()), name="张三", id_number="110101199003078515"
        )
        assert not check.passed and "重新拍摄" in check.detail["reason"]

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (b"%PDF-1.7 not an image", "不支持"),
            (b"\x89PNG\r\n\x1a\n" + b"\0" * (9 * 1024 * 1024), "过大"),
            (b"", "空"),
        ],
    )
    def test_wrong_type_oversized_or_empty_uploads_are_refused(self, cast, data, message):
        with pytest.raises(DomainError, match=message):
            check_id_card_photo(
                user=cast.worker, upload=upload(data), name="张三", id_number="110101199003078515"
            )

    def test_a_corrupt_png_is_refused_with_a_message(self, cast):
        with pytest.raises(DomainError, match="无法识别"):
            check_id_card_photo(
                user=cast.worker,
                upload=upload(b"\x89PNG\r\n\x1a\n" + b"garbage" * 10),
                name="张三",
                id_number="1",
            )


@pytest.mark.django_db
class TestPhoneCode:
    def test_the_code_sent_to_the_phone_passes_once(self, cast):
        request_sms_code(phone="13800138000", purpose=SmsCodePurpose.VERIFY)
        code = ConsoleBackend.outbox[-1]["params"]["code"]
        assert check_phone(user=cast.worker, phone="13800138000", code=code).passed
        assert not check_phone(user=cast.worker, phone="13800138000", code=code).passed

    def test_a_wrong_code_fails(self, cast):
        request_sms_code(phone="13800138000", purpose=SmsCodePurpose.VERIFY)
        assert not check_phone(user=cast.worker, phone="13800138000", code="000000").passed
