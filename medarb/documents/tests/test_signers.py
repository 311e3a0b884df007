"""The signer of a drawn signature is one of the case's people, chosen from a list; the
service checks that the person acting may collect that signature, and the audit names both."""

import base64

import pytest
from django.urls import reverse

from medarb.api.testing import sign_in
from medarb.audit.models import AuditEntry
from medarb.cases.models import PartyKind, PartySide
from medarb.cases.services import PartyInput, add_party
from medarb.core.errors import NotAllowed
from medarb.documents import services
from medarb.documents.signers import signers_for
from medarb.documents.testing import drawn_signature, numbered_case
from medarb.testing import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def award(cast):
    case = numbered_case(cast)
    add_party(
        actor=cast.clerk,
        case=case,
        data=PartyInput(side=PartySide.APPLICANT, kind=PartyKind.AGENT, name="李律师", phone="13600136000"),
        principal=case.parties.get(name="张三"),
    )
    return services.issue_document(
        case=case, template_code="award_final", actor=cast.arbitrator, context={"award_text": "支付工资"}
    )


@pytest.fixture
def stranger_party(cast):
    """张三 of another district's case: same name, another person's record."""
    other = register(actor=cast.other_arbitrator, unit=cast.other_district)
    return other.parties.get(name="张三")


@pytest.fixture
def served_to_worker(cast, award, django_capture_on_commit_callbacks):
    """The award served to 张三 electronically and opened by him: now his to read and sign
    (delivery decides what a party may open)."""
    from medarb.delivery import services as delivery

    worker = award.case.parties.get(name="张三")
    award.case.parties.filter(pk=worker.pk).update(user=cast.worker)
    worker.refresh_from_db()
    delivery.confirm_service_address(party=worker, actor=cast.worker, consent_electronic=True)
    with django_capture_on_commit_callbacks(execute=True):
        (service,) = delivery.serve_document(document=award, actor=cast.clerk, parties=[worker])
    delivery.open_service(service=service, user=cast.worker)
    return award


def data_url() -> str:
    return "data:image/png;base64," + base64.b64encode(drawn_signature()).decode()


def key_of(award, name: str) -> str:
    return f"party:{award.case.parties.get(name=name).pk}"


class TestTheList:
    def test_staff_choose_among_the_case_s_parties_agents_and_handling_staff(self, cast, award):
        labels = [s.label for s in signers_for(document=award, actor=cast.clerk)]
        assert "申请人 张三" in labels and "被申请人 某电子有限公司" in labels
        assert "申请人代理人 李律师" in labels
        assert "书记员 陈书记" in labels and "仲裁员 林仲裁" in labels
        assert not any("蒋青山" in label for label in labels)  # staff of another district
        assert not any("王管理" in label for label in labels)  # an admin does not handle cases

    def test_a_party_signs_only_as_themself(self, cast, served_to_worker):
        award = served_to_worker
        (only,) = signers_for(document=award, actor=cast.worker)
        assert only.label == "申请人 张三"

    def test_staff_who_may_not_act_on_the_case_may_collect_nobody(self, cast, award):
        assert signers_for(document=award, actor=cast.statistician) == []
        assert signers_for(document=award, actor=cast.other_arbitrator) == []


class TestTheServiceChecks:
    def test_a_free_typed_name_is_refused(self, cast, award):
        with pytest.raises(NotAllowed, match="名单"):
            services.sign_on_screen(
                document=award, actor=cast.clerk, signer="张三", image_png=drawn_signature()
            )
        assert not award.hand_signatures.exists()

    def test_a_person_of_another_case_is_refused(self, cast, award, stranger_party):
        with pytest.raises(NotAllowed):
            services.sign_on_screen(
                document=award,
                actor=cast.clerk,
                signer=f"party:{stranger_party.pk}",
                image_png=drawn_signature(),
            )
        with pytest.raises(NotAllowed):
            services.sign_on_screen(
                document=award,
                actor=cast.clerk,
                signer=f"staff:{cast.other_arbitrator.pk}",
                image_png=drawn_signature(),
            )
        assert not award.hand_signatures.exists()

    def test_a_party_cannot_sign_for_the_other_side(self, cast, served_to_worker):
        award = served_to_worker
        assert signers_for(document=award, actor=cast.worker)  # he may sign, as himself only
        with pytest.raises(NotAllowed):
            services.sign_on_screen(
                document=award,
                actor=cast.worker,
                signer=key_of(award, "某电子有限公司"),
                image_png=drawn_signature(),
            )

    def test_the_record_and_the_audit_name_the_signer_and_the_collector(self, cast, award):
        services.sign_on_screen(
            document=award, actor=cast.clerk, signer=key_of(award, "李律师"), image_png=drawn_signature()
        )
        signature = award.hand_signatures.get()
        assert signature.signer_label == "申请人代理人 李律师"
        assert signature.signer_party.name == "李律师" and signature.collected_by == cast.clerk
        entry = AuditEntry.objects.filter(object_type="documents.issueddocument", action="update").last()
        assert entry.actor == cast.clerk
        assert "李律师" in entry.summary and "陈书记" in entry.summary
        assert entry.data["signer"] == key_of(award, "李律师")
        assert entry.data["collected_by"] == cast.clerk.pk


class TestTheForm:
    def test_a_forged_post_with_a_typed_name_signs_nothing(self, client, cast, award):
        sign_in(client, cast.clerk)
        url = reverse("documents:sign", args=[award.pk])
        response = client.post(url, {"signer": "书记员 王五", "image": data_url()})
        assert response.status_code == 200
        assert "请从名单中选择签名人" in response.content.decode()
        response = client.post(url, {"signer_label": "王五", "image": data_url()})
        assert response.status_code == 200
        assert not award.hand_signatures.exists()

    def test_a_forged_post_naming_a_party_of_another_case_signs_nothing(
        self, client, cast, award, stranger_party
    ):
        sign_in(client, cast.clerk)
        url = reverse("documents:sign", args=[award.pk])
        response = client.post(url, {"signer": f"party:{stranger_party.pk}", "image": data_url()})
        assert response.status_code == 200
        assert not award.hand_signatures.exists()

    def test_staff_pick_the_signer_from_a_list_and_it_is_bound(self, client, cast, award):
        sign_in(client, cast.clerk)
        url = reverse("documents:sign", args=[award.pk])
        page = client.get(url).content.decode()
        assert 'name="signer_label"' not in page and 'data-testid="signer"' in page
        assert "李律师" in page
        response = client.post(url, {"signer": key_of(award, "张三"), "image": data_url()})
        assert response.status_code == 302
        assert award.hand_signatures.get().signer_label == "申请人 张三"
