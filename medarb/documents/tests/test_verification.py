import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from medarb.core.files import read_bytes
from medarb.documents import services
from medarb.documents.testing import CASE_NUMBER, numbered_case

pytestmark = pytest.mark.django_db

# Everything of the case that must never show on the public page.
SECRETS = [
    "张三",
    "某电子有限公司",
    "王老板",
    "12000",
    "12,000",
    "壹万贰仟",
    "拖欠",
    "110101199003078515",
    "13800138000",
    "支付拖欠工资",
]


@pytest.fixture
def award(cast):
    case = numbered_case(cast)
    return services.issue_document(
        case=case, template_code="award_final", actor=cast.arbitrator, context={"award_text": "支付工资"}
    )


def _assert_leaks_nothing(html: str):
    for secret in SECRETS:
        assert secret not in html, secret


class TestVerificationByCode:
    def test_anyone_sees_title_number_issuer_and_date(self, client, award):
        response = client.get(reverse("verify:code", args=[award.code]))
        html = response.content.decode()
        assert response.status_code == 200
        assert "文书真实有效" in html
        assert "仲裁裁决书" in html and CASE_NUMBER in html and "鹭湖区劳动人事争议仲裁院" in html
        assert award.issued_on.strftime("%Y-%m-%d") in html
        _assert_leaks_nothing(html)

    def test_the_code_may_be_typed_with_dashes_and_lower_case(self, client, award):
        typed = services.format_code(award.code).lower()
        response = client.post(reverse("verify:form"), {"code": typed}, follow=True)
        assert "文书真实有效" in response.content.decode()

    def test_an_unknown_code_says_so(self, client, db):
        response = client.get(reverse("verify:code", args=["ZZZZZZZZZZZZ"]))
        assert "核验码不存在" in response.content.decode()

    def test_the_qr_code_points_to_the_verification_page(self, award):
        assert services.verify_url(award.code).endswith(f"/verify/{award.code}/")


class TestVerificationByUpload:
    def test_the_issued_pdf_is_authentic(self, client, award):
        data = read_bytes(award.current.pdf)
        response = client.post(
            reverse("verify:form"), {"upload": "1", "file": SimpleUploadedFile("a.pdf", data)}
        )
        html = response.content.decode()
        assert "未被修改" in html and "仲裁裁决书" in html
        _assert_leaks_nothing(html)

    def test_a_changed_pdf_is_not(self, client, award):
        data = bytearray(read_bytes(award.current.pdf))
        data[len(data) // 3] ^= 0x20
        response = client.post(
            reverse("verify:form"), {"upload": "1", "file": SimpleUploadedFile("a.pdf", bytes(data))}
        )
        html = response.content.decode()
        assert "未找到与该文件完全一致的文书" in html
        assert "仲裁裁决书" not in html.split("<h1")[2] if html.count("<h1") > 1 else True
        _assert_leaks_nothing(html)

    def test_garbage_gets_a_message_not_a_500(self, client, db):
        response = client.post(
            reverse("verify:form"), {"upload": "1", "file": SimpleUploadedFile("a.pdf", b"hello")}
        )
        assert response.status_code == 200
        assert "未找到" in response.content.decode()
