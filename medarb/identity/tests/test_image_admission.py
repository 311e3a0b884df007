"""ID-card photos are admitted (header size, rate) before OCR; the cheap checks run first."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from medarb.core.errors import DomainError
from medarb.core.testing_images import png_bomb
from medarb.identity import services
from medarb.identity.models import CheckMethod, IdentityCheck
from medarb.identity.testing import id_card_png


@pytest.fixture
def ocr_calls(monkeypatch) -> list:
    calls, real = [], services.read_id_card

    def spy(data):
        calls.append(len(data))
        return real(data)

    monkeypatch.setattr(services, "read_id_card", spy)
    return calls


@pytest.mark.django_db
class TestIdCardPhotoAdmission:
    def test_a_png_claiming_30000_squared_is_refused_before_ocr(self, cast, ocr_calls):
        bomb = SimpleUploadedFile("card.png", png_bomb(30_000, 30_000, rows=64))
        with pytest.raises(DomainError, match="尺寸过大") as refused:
            services.check_id_card_photo(
                user=cast.worker, upload=bomb, name="张三", id_number="110101199003078515"
            )
        assert refused.value.field == "photo"
        assert ocr_calls == []

    def test_a_photo_just_within_the_limits_but_too_tall_is_refused_by_its_side(self, cast, ocr_calls):
        strip = SimpleUploadedFile("card.png", png_bomb(200, 13_000, rows=16))
        with pytest.raises(DomainError, match="最长边"):
            services.check_id_card_photo(user=cast.worker, upload=strip, name="张三", id_number="1")
        assert ocr_calls == []

    def test_ocr_is_limited_per_person_and_hour(self, cast, ocr_calls):
        IdentityCheck.objects.bulk_create(
            IdentityCheck(user=cast.worker, method=CheckMethod.ID_CARD_OCR, passed=False)
            for _ in range(services.MAX_OCR_PER_HOUR)
        )
        card = SimpleUploadedFile("card.png", id_card_png())
        with pytest.raises(DomainError, match="识别次数过多"):
            services.check_id_card_photo(
                user=cast.worker, upload=card, name="张三", id_number="110101199003078515"
            )
        assert ocr_calls == []
