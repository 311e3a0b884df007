import base64

import pytest
from django.urls import reverse

from medarb.delivery import services
from medarb.documents import services as documents
from medarb.documents.testing import drawn_signature, numbered_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def statement(cast):
    case = numbered_case(cast)
    case.parties.filter(name="张三").update(user=cast.worker)
    return documents.issue_document(
        case=case,
        template_code="mediation_statement",
        actor=cast.arbitrator,
        context={"agreement_text": "被申请人支付工资。"},
    )


def _data_url() -> str:
    return "data:image/png;base64," + base64.b64encode(drawn_signature()).decode()


class TestSigningOnScreen:
    def test_a_party_signs_a_served_statement_as_themselves(
        self, client, cast, statement, django_capture_on_commit_callbacks
    ):
        worker = statement.case.parties.get(name="张三")
        services.confirm_service_address(party=worker, actor=cast.worker, consent_electronic=True)
        with django_capture_on_commit_callbacks(execute=True):
            (service,) = services.serve_document(document=statement, actor=cast.clerk, parties=[worker])
        client.force_login(cast.worker)
        url = reverse("documents:sign", args=[statement.pk])
        assert client.get(url).status_code == 404  # not served yet: nothing to sign
        client.get(reverse("delivery:open", args=[service.token]))
        response = client.post(url, {"signer_label": "冒名", "image": _data_url()})
        assert response.status_code == 302
        signature = statement.hand_signatures.get()
        assert signature.signer_label == "申请人 张三"  # a party cannot sign under another name
        assert signature.signer_user == cast.worker

    def test_an_empty_or_forged_image_is_refused_with_a_message(self, client, cast, statement):
        client.force_login(cast.clerk)
        url = reverse("documents:sign", args=[statement.pk])
        response = client.post(
            url, {"signer": f"staff:{cast.clerk.pk}", "image": "data:image/png;base64,!!!"}, follow=True
        )
        assert "签名图片无效" in response.content.decode()
        assert not statement.hand_signatures.exists()

    def test_staff_without_write_access_cannot_sign(self, client, cast, statement):
        client.force_login(cast.statistician)
        assert client.get(reverse("documents:sign", args=[statement.pk])).status_code == 403
