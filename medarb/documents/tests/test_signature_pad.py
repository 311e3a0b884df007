import base64

import pytest
from PIL import ImageFile

from medarb.core.errors import DomainError
from medarb.core.testing_images import png_bomb
from medarb.documents.signature_pad import decode_signature_image
from medarb.documents.signing import _hand_stamp_image


@pytest.fixture(scope="module")
def bomb_12000() -> bytes:
    """A complete, valid PNG of 12,000² blank pixels: ~140 KB, 144 MB once decoded (1.1 GB
    through the old stamp path)."""
    return png_bomb(12_000, 12_000)


@pytest.fixture
def decodes(monkeypatch) -> list:
    calls, real = [], ImageFile.ImageFile.load

    def spy(self):
        calls.append(self.size)
        return real(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy)
    return calls


def data_url(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode()


class TestSignaturePad:
    def test_a_12000_squared_pad_image_is_refused_before_decoding(self, bomb_12000, decodes):
        assert len(bomb_12000) < 512 * 1024  # small enough to pass the byte limit
        with pytest.raises(DomainError, match="尺寸过大") as refused:
            decode_signature_image(data_url(bomb_12000))
        assert refused.value.field == "signature"
        assert decodes == []

    def test_a_20000_squared_pad_image_is_refused_not_a_server_error(self, decodes):
        with pytest.raises(DomainError, match="尺寸过大"):
            decode_signature_image(png_bomb(20_000, 20_000, rows=64))
        assert decodes == []

    def test_an_oversized_data_url_is_refused_before_base64_decoding(self):
        with pytest.raises(DomainError, match="过大"):
            decode_signature_image("data:image/png;base64," + "A" * (800 * 1024))

    def test_a_real_drawing_passes_unchanged(self):
        drawing = png_bomb(900, 300)  # blank, but large enough in bytes to count as drawn
        assert len(drawing) > 200
        assert decode_signature_image(data_url(drawing)) == drawing

    def test_the_hand_signature_stamp_refuses_a_bomb_too(self, bomb_12000, decodes):
        with pytest.raises(DomainError, match="尺寸过大"):
            _hand_stamp_image(bomb_12000, lines=["签名人"])
        assert decodes == []
