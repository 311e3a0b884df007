import io
import tracemalloc

import pytest
from PIL import Image, ImageFile

from medarb.core.images import PHOTO, SIGNATURE, ImageLimits, ImageRefused, admit_image, read_header
from medarb.core.testing_images import png_bomb


@pytest.fixture
def decodes(monkeypatch) -> list:
    """Every call to Pillow's pixel decoder (ImageFile.load), recorded."""
    calls, real = [], ImageFile.ImageFile.load

    def spy(self):
        calls.append(self.size)
        return real(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy)
    return calls


def jpeg(width: int, height: int, *, orientation: int | None = None) -> bytes:
    image = Image.new("RGB", (width, height), (200, 30, 30))
    image.paste((30, 30, 200), (0, 0, width // 2, height))  # left half blue, to see the rotation
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


class TestImageBombs:
    def test_a_png_claiming_30000_squared_is_refused_from_its_header_without_decoding(self, decodes):
        bomb = png_bomb(30_000, 30_000, rows=16)
        assert len(bomb) < 2048
        tracemalloc.start()
        with pytest.raises(ImageRefused, match="尺寸过大"):
            admit_image(bomb, limits=PHOTO)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert decodes == []
        assert peak < 5 * 1024 * 1024

    def test_the_header_is_read_without_decoding(self, decodes):
        header = read_header(png_bomb(9_000, 9_000, rows=16))
        assert (header.format, header.width, header.height) == ("PNG", 9_000, 9_000)
        assert decodes == []

    def test_a_picture_beyond_pillows_own_bomb_limit_gets_the_same_clear_refusal(self, decodes):
        with pytest.raises(ImageRefused, match="尺寸过大"):
            admit_image(png_bomb(100_000, 100_000, rows=1), limits=PHOTO)
        assert decodes == []

    def test_a_long_thin_strip_is_refused_by_its_longest_side(self):
        with pytest.raises(ImageRefused, match="最长边不超过 4000"):
            admit_image(png_bomb(20_000, 10, rows=10), limits=SIGNATURE)

    def test_a_truncated_png_within_the_limits_is_refused_with_a_message(self):
        with pytest.raises(ImageRefused, match="损坏"):
            admit_image(png_bomb(800, 600)[:-40], limits=PHOTO)

    @pytest.mark.parametrize("data", [b"", b"GIF89a" + b"\0" * 40, b"\x89PNG\r\n\x1a\nnonsense"])
    def test_what_is_not_a_png_or_jpeg_is_refused(self, data):
        with pytest.raises(ImageRefused, match="无法识别"):
            admit_image(data, limits=PHOTO)


class TestAdmittedImages:
    def test_a_large_photo_is_shrunk_to_the_size_the_next_step_needs(self):
        image = admit_image(jpeg(4000, 3000), limits=PHOTO)
        assert max(image.size) == 1600 and image.mode == "RGB"

    def test_a_jpeg_is_decoded_already_reduced(self, decodes):
        admit_image(jpeg(6400, 4800), limits=ImageLimits(max_pixels=50_000_000, max_side=12_000, fit=800))
        assert decodes and max(decodes[0]) <= 1600  # draft mode: 1/4 scale, never 6400 wide

    def test_the_cameras_exif_rotation_is_applied(self):
        image = admit_image(jpeg(400, 200, orientation=6), limits=PHOTO)
        assert image.size == (200, 400)
        # Rotated 90° clockwise: the blue left half is now on top.
        assert image.getpixel((100, 20))[2] > 150 and image.getpixel((100, 380))[0] > 150

    def test_a_small_image_keeps_its_size(self):
        buffer = io.BytesIO()
        Image.new("RGBA", (300, 120), (0, 0, 0, 0)).save(buffer, format="PNG")
        assert admit_image(buffer.getvalue(), limits=SIGNATURE, mode="RGBA").size == (300, 120)

    def test_pillow_itself_refuses_huge_decodes_that_bypass_admission(self):
        assert Image.MAX_IMAGE_PIXELS is not None and Image.MAX_IMAGE_PIXELS <= 64_000_000
