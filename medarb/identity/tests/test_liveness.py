"""The turn-your-head liveness check on real photos: a burst in which the same man faces the
camera and then turns (face_recognition's obama.jpg and obama2.jpg) passes; the same photo
held still, another person entering the frame, or frames without a face do not."""

import pytest
from PIL import Image

from medarb.identity import faces, liveness
from medarb.identity.testing import encode, frame, photo


@pytest.fixture(scope="module")
def live():
    return faces.one_face(photo("obama.jpg"))


def test_the_same_face_turning_passes(live):
    burst = [frame("obama.jpg", s) for s in (0, 4, 8)] + [frame("obama2.jpg", s) for s in (0, 4, 8)]
    result = liveness.check(burst, live=live)
    assert result.passed and result.turn >= liveness.MIN_TURN and result.frames == 6


def test_a_photo_held_up_to_the_camera_does_not_turn(live):
    result = liveness.check([frame("obama.jpg", s) for s in (0, 3, 6, 9, 12, 15)], live=live)
    assert not result.passed and "没有检测到转头" in result.reason and result.turn < 0.05


def test_another_face_in_the_burst_fails(live):
    burst = [frame("obama.jpg"), frame("obama2.jpg"), frame("biden.jpg"), frame("obama.jpg", 5)]
    result = liveness.check(burst, live=live)
    assert not result.passed and "另一个人" in result.reason


def test_frames_without_a_face_are_not_enough(live):
    wall = encode(Image.linear_gradient("L").resize((480, 360)).convert("RGB"))
    result = liveness.check([wall] * 6 + [frame("obama.jpg")], live=live)
    assert not result.passed and result.frames == 1 and "不清楚" in result.reason
