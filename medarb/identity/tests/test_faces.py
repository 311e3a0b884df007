"""Faces in real photos (face_recognition's test photos, matplotlib's grace_hopper.jpg,
scikit-image's astronaut): the same man is within the threshold, different people are not,
no face or two faces are refused with what to do, the photo on an ID card is found, and bad
images are refused or handled."""

import io
import itertools

import pytest
from PIL import Image

from medarb.core.images import ImageRefused
from medarb.identity import faces
from medarb.identity.testing import astronaut, encode, grace_hopper, id_card_png, photo, side_by_side

SAME_MAN = ["obama.jpg", "obama2.jpg", "obama3.jpg", "obama_partial_face.jpg", "obama_partial_face2.jpg"]
THRESHOLD = 0.5


@pytest.fixture(scope="module")
def encoded():
    found = {name: faces.one_face(photo(name)) for name in [*SAME_MAN, "biden.jpg"]}
    found["grace_hopper"] = faces.one_face(grace_hopper())
    found["astronaut"] = faces.one_face(astronaut())
    return found


def test_photos_of_the_same_man_are_within_the_threshold(encoded):
    distances = [encoded[a].distance(encoded[b]) for a, b in itertools.combinations(SAME_MAN, 2)]
    assert max(distances) <= THRESHOLD, distances


def test_photos_of_different_people_are_beyond_it(encoded):
    people = ["obama.jpg", "biden.jpg", "grace_hopper", "astronaut"]
    distances = [encoded[a].distance(encoded[b]) for a, b in itertools.combinations(people, 2)]
    assert min(distances) > THRESHOLD + 0.1, distances


def test_a_photo_without_a_face_is_refused_saying_what_to_do():
    landscape = Image.linear_gradient("L").resize((640, 480)).convert("RGB")
    with pytest.raises(faces.FaceRefused, match="没有找到人脸"):
        faces.one_face(encode(landscape))


def test_two_people_in_the_frame_are_refused():
    with pytest.raises(faces.FaceRefused, match="2 张人脸"):
        faces.one_face(side_by_side(photo("obama.jpg"), photo("biden.jpg")))


def test_a_weak_pattern_in_the_background_is_not_a_second_face():
    # scikit-image's astronaut: the helmet's reflection scores 0.15 with the detector
    assert faces.one_face(astronaut()).box


def test_a_face_too_small_to_compare_is_refused():
    small = Image.open(io.BytesIO(photo("obama.jpg"))).convert("RGB")
    canvas = Image.new("RGB", (1024, 1024), "white")
    canvas.paste(small.resize((90, 112)), (460, 450))
    with pytest.raises(faces.FaceRefused):
        faces.one_face(encode(canvas))


def test_the_photo_on_an_id_card_matches_a_live_photo_of_the_same_man(encoded):
    card = faces.card_face(id_card_png(face=photo("obama2.jpg")))
    assert card.distance(encoded["obama.jpg"]) <= THRESHOLD
    assert card.distance(encoded["biden.jpg"]) > THRESHOLD


def test_a_card_without_its_photo_is_refused_with_the_cards_message():
    with pytest.raises(faces.FaceRefused, match="身份证"):
        faces.card_face(id_card_png())


def test_a_phone_photo_rotated_by_exif_is_turned_upright(encoded):
    upright = Image.open(io.BytesIO(photo("obama.jpg"))).convert("RGB")
    # stored lying on its side, with the EXIF orientation that says "turn me" (6: 90° clockwise)
    lying = upright.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    rotated = faces.one_face(encode(lying, exif=exif.tobytes()))
    assert rotated.distance(encoded["obama.jpg"]) < 0.15


def test_a_transparent_png_is_laid_on_white(encoded):
    image = Image.open(io.BytesIO(photo("obama.jpg"))).convert("RGBA")
    image.putalpha(Image.new("L", image.size, 255))
    corner = Image.new("RGBA", (120, 120), (0, 0, 0, 0))
    image.paste(corner, (0, 0))
    assert faces.one_face(encode(image, "PNG")).distance(encoded["obama.jpg"]) < 0.15


def test_a_screenshot_of_a_screenshot_is_still_a_face(encoded):
    """A photo shown on a screen, photographed and shrunk twice (a common phone habit)."""
    image = Image.open(io.BytesIO(photo("obama2.jpg"))).convert("RGB")
    for _ in range(2):
        framed = Image.new("RGB", (image.width + 200, image.height + 300), (30, 30, 30))
        framed.paste(image, (100, 150))
        image = Image.open(
            io.BytesIO(encode(framed.resize((framed.width * 3 // 4, framed.height * 3 // 4)), quality=70))
        )
    assert faces.one_face(encode(image)).distance(encoded["obama2.jpg"]) <= THRESHOLD


def test_a_32_bit_png_is_read():
    assert faces.one_face(photo("32bit.png")).box


@pytest.mark.parametrize(
    "data, message",
    [
        (b"%PDF-1.7 not an image", "无法识别"),
        (b"", "无法识别"),
        (encode(Image.new("RGB", (10, 10)), "PNG")[:40], "无法识别"),  # cut off after the header
    ],
)
def test_what_is_not_an_image_is_refused(data, message):
    with pytest.raises(ImageRefused, match=message):
        faces.one_face(data)


def test_a_huge_image_is_refused_from_its_header():
    huge = Image.new("1", (20_000, 20_000))  # a few kilobytes of PNG claiming 400 megapixels
    with pytest.raises(ImageRefused, match="尺寸过大"):
        faces.one_face(encode(huge, "PNG"))


def test_loading_the_model_leaves_truncated_images_refused():
    """face_recognition's import turns on PIL's LOAD_TRUNCATED_IMAGES for the whole process."""
    from PIL import ImageFile

    faces.one_face(photo("obama.jpg"))
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    cut = photo("obama.jpg")[:20_000]
    with pytest.raises(ImageRefused):
        faces.one_face(cut)
