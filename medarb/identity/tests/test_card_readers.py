"""The ID-card reader at the window (身份证阅读器): the 华视 (CVR) protocol and the platform's own
contract are read into one `CardReading`; a reading is checked against the party on the case
(number, name, birth date, expiry) and recorded; the chip's photo feeds the face comparison;
bad and hostile answers are refused with a message and record nothing."""

import base64
import json
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from medarb.audit.models import AuditEntry
from medarb.identity import card_readers, face_checks, faces
from medarb.identity.card_readers import ReaderError
from medarb.identity.models import CheckMethod, IdentityCheck
from medarb.identity.testing import chinavision_card, chip_photo_bmp, encode, photo
from medarb.testing import WORKER_ID, register

pytestmark = pytest.mark.django_db
CHINAVISION = card_readers.PROTOCOLS["chinavision"]
GENERIC = card_readers.PROTOCOLS["generic"]


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "StaffMfa" not in m]
    settings.MEDARB_CARD_READER = "chinavision"


@pytest.fixture
def case(cast):
    return register(actor=cast.filing_officer, unit=cast.district)


@pytest.fixture
def worker(case):
    return case.parties.get(is_organisation=False)


@pytest.fixture(scope="module")
def chip_answer():
    return chinavision_card(face=photo("obama.jpg"))


def test_a_chinavision_answer_is_read_into_the_contract(chip_answer):
    reading = CHINAVISION.read(chip_answer)
    assert (reading.name, reading.id_number, reading.sex, reading.ethnicity) == (
        "张三",
        WORKER_ID,
        "男",
        "汉",
    )
    assert reading.birth == date(1990, 3, 7)
    assert (reading.valid_from, reading.valid_to) == (date(2015, 6, 1), date(2035, 6, 1))
    assert reading.authority == "北京市公安局东城分局"
    assert reading.photo.startswith(b"\xff\xd8")  # the chip's BMP handed on as JPEG, enlarged


def test_the_generic_contract_reads_the_same_card():
    answer = {
        "ok": True,
        "name": "张三",
        "sex": "男",
        "ethnicity": "汉",
        "birth": "1990-03-07",
        "address": "北京市东城区某某街道12号",
        "id_number": WORKER_ID.lower(),
        "authority": "北京市公安局东城分局",
        "valid_from": "2015-06-01",
        "valid_to": "长期",
        "photo": "data:image/png;base64," + base64.b64encode(encode(faces_free_image(), "PNG")).decode(),
    }
    reading = GENERIC.read(answer)
    assert reading.id_number == WORKER_ID and reading.valid_to is None
    assert not reading.expired(date(2099, 1, 1))


def faces_free_image():
    from PIL import Image

    return Image.new("RGB", (102, 126), "white")


def test_the_chip_photo_is_matched_with_the_live_face_of_the_same_person():
    chip = card_readers.chip_photo(base64.b64encode(chip_photo_bmp(photo("obama.jpg"))).decode())
    live = faces.one_face(photo("obama2.jpg"))
    assert live.distance(faces.card_face(chip)) <= faces.threshold()
    stranger = card_readers.chip_photo(base64.b64encode(chip_photo_bmp(photo("biden.jpg"))).decode())
    assert live.distance(faces.card_face(stranger)) > faces.threshold()


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"resultFlag": -2, "errorMsg": "未找到卡"}, "读卡失败：未找到卡"),
        ({"resultFlag": "x"}, "读卡失败"),
        ({"resultFlag": 0, "partyName": "", "certNumber": WORKER_ID}, "没有读到姓名"),
        ({"resultFlag": 0, "partyName": "张三"}, "没有读到身份证号码"),
        ({"resultFlag": 0, "partyName": ["张三"], "certNumber": WORKER_ID}, "格式不正确"),
        ({"resultFlag": 0, "partyName": "张" * 500, "certNumber": WORKER_ID}, "格式不正确"),
        (
            {"resultFlag": 0, "partyName": "张三", "certNumber": WORKER_ID, "expDate": "2035-13-45"},
            "日期无法识别",
        ),
        ({"resultFlag": 0, "partyName": "张三", "certNumber": WORKER_ID, "identityPic": "%%%"}, "无法解码"),
        (
            {"resultFlag": 0, "partyName": "张三", "certNumber": WORKER_ID, "identityPic": "QUJD"},
            "无法解码",
        ),  # base64 of "ABC": not an image
        ([1, 2, 3], "无法识别"),
        ("resultFlag", "无法识别"),
    ],
)
def test_a_broken_or_hostile_answer_is_refused_with_what_to_do(answer, message):
    with pytest.raises(ReaderError) as refused:
        CHINAVISION.read(answer)
    assert message in refused.value.message


def test_a_huge_or_enormous_chip_photo_is_refused_before_decoding():
    from PIL import Image

    big = base64.b64encode(encode(Image.new("RGB", (3000, 3000), "white"), "PNG")).decode()
    with pytest.raises(ReaderError, match="尺寸"):
        card_readers.chip_photo(big)
    with pytest.raises(ReaderError, match="过大"):
        card_readers.chip_photo("A" * (card_readers.MAX_PHOTO_BYTES * 2))


def _post(client, party, answer):
    url = reverse("identity:card_reading", args=[party.pk])
    return client.post(url, data=json.dumps(answer), content_type="application/json")


def test_a_matching_card_is_recorded_and_its_chip_photo_goes_back_to_the_window(
    cast, case, worker, chip_answer
):
    client = Client()
    client.force_login(cast.filing_officer)
    response = _post(client, worker, chip_answer)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["passed"] and "有效期至 2035-06-01" in body["message"]
    assert base64.b64decode(body["photo"]).startswith(b"\xff\xd8")
    check = IdentityCheck.objects.get(method=CheckMethod.ID_CARD_READER)
    assert check.passed and check.party == worker and check.checked_by == cast.filing_officer
    assert WORKER_ID not in json.dumps(check.detail)  # masked only
    assert check.detail["reader"] == "chinavision" and check.detail["valid_to"] == "2035-06-01"
    assert AuditEntry.objects.filter(case_id=case.pk, summary__contains="身份证阅读器读卡").exists()
    page = client.get(reverse("cases:detail", args=[case.pk]))
    assert "身份证阅读器读卡" in page.content.decode() and "有效期至 2035-06-01" in page.content.decode()


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"partyName": "李四"}, "卡内姓名与本案登记的不一致"),
        ({"certNumber": "11010119900307851X", "bornDay": "19900307"}, "卡内身份证号码无效"),
        ({"certNumber": "440105198001010012", "bornDay": "19800101"}, "卡内身份证号码与本案登记的不一致"),
        ({"bornDay": "19900308"}, "卡内出生日期与身份证号码不符"),
        ({"expDate": "20200101"}, "身份证已过有效期（2020-01-01）"),
    ],
)
def test_a_card_that_is_not_the_partys_fails_with_the_reason(cast, worker, fields, reason):
    client = Client()
    client.force_login(cast.filing_officer)
    body = _post(client, worker, chinavision_card(**fields)).json()
    assert not body["passed"] and reason in body["error"] and "photo" not in body
    check = IdentityCheck.objects.get(method=CheckMethod.ID_CARD_READER)
    assert not check.passed and reason in check.detail["reason"]


def test_no_card_on_the_reader_records_nothing(cast, worker):
    client = Client()
    client.force_login(cast.filing_officer)
    response = _post(client, worker, {"resultFlag": -2, "errorMsg": "未找到卡"})
    assert response.status_code == 400 and "未找到卡" in response.json()["error"]
    not_json = client.post(
        reverse("identity:card_reading", args=[worker.pk]), data=b"\xff<html>", content_type="text/plain"
    )
    assert not_json.status_code == 400
    assert not IdentityCheck.objects.exists()


def test_only_the_handling_staff_may_submit_a_reading(cast, case, worker, chip_answer):
    for user in (
        cast.worker,
        cast.outsider,
        cast.street_b_mediator,
        cast.other_arbitrator,
        cast.statistician,
    ):
        client = Client()
        client.force_login(user)
        assert _post(client, worker, chip_answer).status_code in (403, 404), user
    employer = case.parties.get(is_organisation=True)
    client = Client()
    client.force_login(cast.filing_officer)
    assert _post(client, employer, chip_answer).status_code == 404
    assert not IdentityCheck.objects.exists()


def test_the_face_page_lets_the_reader_through_its_content_policy_only_there(cast, worker, settings):
    settings.MEDARB_CARD_READER_URL = "http://127.0.0.1:19196"
    client = Client()
    client.force_login(cast.filing_officer)
    page = client.get(reverse("identity:face", args=[worker.pk]))
    assert "http://127.0.0.1:19196" in page["Content-Security-Policy"]
    assert 'data-steps="/OpenDevice /readcard"' in page.content.decode()
    other = client.get(reverse("cases:detail", args=[worker.case_id]))
    assert "19196" not in other["Content-Security-Policy"]
    settings.MEDARB_CARD_READER = ""
    assert 'id="reader"' not in client.get(reverse("identity:face", args=[worker.pk])).content.decode()


def test_a_face_check_against_the_chip_photo_says_so(cast, worker, chip_answer):
    reading = CHINAVISION.read(chip_answer)
    check = face_checks.verify_party_face(
        party=worker,
        live=photo("obama2.jpg"),
        card=reading.photo,
        card_source="chip",
        actor=cast.filing_officer,
    )
    assert check.passed and check.detail["card_source"] == "chip", check.detail
