"""Issuing a paper by hand: each template's fields as a real form, pre-filled from the case,
never `字段=内容` lines; the template editor accepts only the fields its template declares."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from medarb.api.testing import sign_in
from medarb.core.files import read_bytes
from medarb.documents import defaults, paper_fields, rendering, services
from medarb.documents.models import DocumentTemplate, IssuedDocument
from medarb.documents.testing import numbered_case, pdf_text
from medarb.hearings.models import Sitting, SittingKind
from medarb.orgs.models import Room, RoomKind

pytestmark = pytest.mark.django_db


def issue_url(case, code="") -> str:
    return f"/documents/case/{case.pk}/issue/" + (f"?paper={code}" if code else "")


@pytest.fixture
def hearing(cast):
    case = numbered_case(cast)
    room = Room.objects.create(unit=cast.district, name="第一数字仲裁庭", kind=RoomKind.ARBITRATION_COURT)
    starts = timezone.localtime(timezone.now() + timedelta(days=6)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    sitting = Sitting.objects.create(
        case=case, kind=SittingKind.HEARING, room=room, starts_at=starts,
        ends_at=starts + timedelta(hours=2), clerk=cast.clerk, created_by=cast.clerk,
    )  # fmt: skip
    sitting.members.add(cast.arbitrator)
    return sitting


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_the_case_page_chooses_a_paper_and_the_form_page_asks_for_its_fields(client, cast, hearing):
    sign_in(client, cast.clerk)
    page = client.get(f"/cases/{hearing.case.pk}/").content.decode()
    assert 'name="extra"' not in page and "字段=内容" not in page

    response = client.get(issue_url(hearing.case, "hearing_notice"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "开庭时间" in html and "开庭地点" in html
    assert 'type="datetime-local"' in html
    assert "hearing_time" not in visible_text(html) and "room=" not in visible_text(html)


def test_the_form_is_prefilled_with_the_hearing_to_come_and_its_tribunal(client, cast, hearing):
    sign_in(client, cast.clerk)

    html = client.get(issue_url(hearing.case, "hearing_transcript")).content.decode()

    local = timezone.localtime(hearing.starts_at)
    assert f'value="{local:%Y-%m-%dT%H:%M}"' in html
    assert 'value="第一数字仲裁庭"' in html
    assert f'value="{cast.arbitrator}"' in html and f'value="{cast.clerk}"' in html
    assert '<datalist id="paper-people">' in html


def test_a_transcript_of_many_lines_is_issued_with_every_line(client, cast, hearing, tmp_path):
    sign_in(client, cast.clerk)
    local = timezone.localtime(hearing.starts_at)
    lines = ["书记员：现在核对当事人身份。", "仲裁员：现在开庭。", "申请人：请求支付拖欠工资。"]

    response = client.post(
        issue_url(hearing.case),
        {
            "paper": "hearing_transcript",
            "hearing_time": f"{local:%Y-%m-%dT%H:%M}",
            "room": "第一数字仲裁庭",
            "arbitrators": "林仲裁",
            "clerk": "陈书记",
            "transcript": "\n".join(lines),
            "issue": "1",
        },
    )

    assert response.status_code == 302
    document = IssuedDocument.objects.get(case=hearing.case, template_code="hearing_transcript")
    text = re.sub(r"\s+", "", pdf_text(read_bytes(document.current.pdf), tmp_path))
    assert all(line in text for line in lines)
    assert f"{local.year}".translate(str.maketrans("0123456789", "〇一二三四五六七八九")) + "年" in text


def test_missing_materials_are_one_item_per_line_and_the_date_reads_officially(client, cast, tmp_path):
    case = numbered_case(cast)
    sign_in(client, cast.filing_officer)

    client.post(
        issue_url(case),
        {"paper": "correction_notice", "missing_items": "身份证复印件\n\n劳动合同", "reply_by": "2026-12-20"},
    )

    document = IssuedDocument.objects.get(case=case, template_code="correction_notice")
    text = re.sub(r"\s+", "", pdf_text(read_bytes(document.current.pdf), tmp_path))
    assert "1.身份证复印件；" in text and "2.劳动合同。" in text
    assert "二〇二六年十二月二十日" in text


def test_a_refusal_reason_is_joined_to_the_sentence_that_follows(cast):
    form_fields = paper_fields.declared("non_acceptance_notice")
    from medarb.documents.forms import PaperForm

    form = PaperForm({"reason": "申请人的请求不属于劳动人事争议处理范围。"}, fields=list(form_fields))
    assert form.is_valid()
    assert form.extra() == {"reason": "申请人的请求不属于劳动人事争议处理范围，"}


def test_a_required_field_left_empty_is_named_at_the_top_and_nothing_is_issued(client, cast, hearing):
    sign_in(client, cast.clerk)

    response = client.post(issue_url(hearing.case), {"paper": "hearing_transcript", "transcript": ""})

    assert response.status_code == 400
    html = response.content.decode()
    assert "error-summary" in html and "笔录内容" in html
    assert not IssuedDocument.objects.filter(case=hearing.case).exists()


def test_preview_shows_the_unsealed_draft_and_issues_nothing(client, cast, hearing):
    sign_in(client, cast.clerk)

    response = client.post(
        issue_url(hearing.case),
        {"paper": "hearing_notice", "hearing_time": "2026-12-20T09:30", "room": "第二仲裁庭", "preview": "1"},
    )

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert not IssuedDocument.objects.filter(case=hearing.case).exists()


@pytest.mark.parametrize("code", ["", "mediation_agreement", "blank_application", "no_such_paper"])
def test_a_paper_the_case_does_not_issue_goes_back_to_the_case(client, cast, code):
    case = numbered_case(cast)
    sign_in(client, cast.clerk)

    response = client.get(issue_url(case, code))

    assert response.status_code == 302 and response["Location"].endswith(f"/cases/{case.pk}/#documents")
    assert not IssuedDocument.objects.filter(case=case).exists()


@pytest.mark.parametrize("who", ["street_mediator", "other_arbitrator", "worker", "supervisor"])
def test_people_who_may_not_write_the_case_get_no_issue_form(client, cast, who):
    case = numbered_case(cast)
    sign_in(client, getattr(cast, who))

    get = client.get(issue_url(case, "hearing_notice"))
    post = client.post(issue_url(case), {"paper": "withdrawal_decision"})

    assert get.status_code in (403, 404) and post.status_code in (403, 404)
    assert not IssuedDocument.objects.filter(case=case).exists()


def test_a_units_wording_without_a_field_does_not_ask_for_it(cast):
    case = numbered_case(cast)
    body = defaults.CASE_TEMPLATES["hearing_notice"][1].replace('{{ extra.room|default:"____" }}', "本院")
    services.ensure_default_templates()
    template = DocumentTemplate.objects.get(code="hearing_notice")
    services.save_template_version(template=template, body=body, actor=cast.chair, unit=cast.district)

    from medarb.documents.selectors import paper_to_issue

    paper = paper_to_issue(case=case, code="hearing_notice", actor=cast.clerk)
    assert [f.name for f in paper.fields] == ["hearing_time"]


def test_the_editor_refuses_a_field_its_template_does_not_declare():
    with pytest.raises(rendering.TemplateProblem, match=r"extra\.hearing_time"):
        rendering.check_body("<p>{{ extra.hearing_time }}</p>", code="withdrawal_decision")
    with pytest.raises(rendering.TemplateProblem, match=r"extra\.invented"):
        rendering.check_body("<p>{{ extra.invented }}</p>", code="hearing_notice")
    assert "二〇二六年" in rendering.check_body("<p>{{ extra.hearing_time }}</p>", code="hearing_notice")


@pytest.mark.parametrize("code", sorted(defaults.CASE_TEMPLATES))
def test_every_field_a_standard_template_reads_is_declared_with_a_chinese_label(code):
    body = defaults.CASE_TEMPLATES[code][1]
    read = set(re.findall(r"\bextra\.(\w+)", body))
    declared = {f.name: f for f in paper_fields.declared(code)}

    assert read <= declared.keys(), f"{code} reads undeclared fields {read - declared.keys()}"
    assert all(re.search(r"[\u4e00-\u9fff]", str(declared[name].label)) for name in read)
    rendering.check_body(body, code=code)
