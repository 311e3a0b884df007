from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medarb.core.errors import DomainError, NotAllowed
from medarb.core.files import read_bytes
from medarb.documents import defaults, rendering, services
from medarb.documents.models import DocumentTemplate
from medarb.documents.testing import (
    kind_issuing,
    numbered_case,
    page_ink,
    pdf_fonts,
    pdf_text,
    poppler_available,
)

pytestmark = pytest.mark.skipif(not poppler_available(), reason="poppler-utils not installed")

_CN = "〇一二三四五六七八九"


def _small_back(text: str) -> int:
    if text == "十":
        return 10
    if "十" in text:
        tens, _sep, units = text.partition("十")
        return (_CN.index(tens) if tens else 1) * 10 + (_CN.index(units) if units else 0)
    return _CN.index(text)


class TestOfficialDate:
    def test_it_writes_the_date_as_official_papers_do(self):
        assert rendering.official_date(date(2026, 11, 28)) == "二〇二六年十一月二十八日"
        assert rendering.official_date(date(2026, 1, 10)) == "二〇二六年一月十日"
        assert rendering.official_date(date(2030, 10, 31)) == "二〇三〇年十月三十一日"

    @given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)))
    def test_every_date_reads_back_to_itself(self, value):
        text = rendering.official_date(value)
        year, rest = text.split("年")
        month, rest = rest.split("月")
        day = rest.removesuffix("日")
        assert int("".join(str(_CN.index(c)) for c in year)) == value.year
        assert _small_back(month) == value.month
        assert _small_back(day) == value.day


@pytest.mark.django_db
class TestEveryTemplateRenders:
    @pytest.mark.parametrize("code", sorted(defaults.CASE_TEMPLATES))
    def test_each_case_template_gives_a_sealed_pdf_with_chinese_glyphs(self, cast, tmp_path, code):
        case = numbered_case(cast, kind=kind_issuing(code))
        document = services.issue_document(case=case, template_code=code, actor=cast.clerk, docx=True)
        data = read_bytes(document.current.pdf)
        fonts = pdf_fonts(data, tmp_path)
        assert fonts and all(f["embedded"] for f in fonts)
        assert any("Noto-Serif-CJK-SC" in f["name"] for f in fonts)
        assert page_ink(data, tmp_path) > 0.005
        text = pdf_text(data, tmp_path)
        title = defaults.CASE_TEMPLATES[code][0]
        assert title.replace(" ", "") in text.replace(" ", "")
        assert case.number in text.replace(" ", "")
        assert "二〇" in text  # official date in the signature block
        assert document.current.docx.content_type.endswith("wordprocessingml.document")

    @pytest.mark.parametrize("code", sorted(defaults.BLANK_TEMPLATES))
    def test_each_blank_form_renders_as_pdf_and_docx(self, db, tmp_path, code):
        services.ensure_default_templates()
        template = DocumentTemplate.objects.get(code=code)
        pdf = read_bytes(services.blank_form_file(template=template, fmt="pdf"))
        assert page_ink(pdf, tmp_path) > 0.002
        assert template.title.replace("（空白）", "") in pdf_text(pdf, tmp_path).replace(" ", "")
        assert all(f["embedded"] for f in pdf_fonts(pdf, tmp_path))
        docx = services.blank_form_file(template=template, fmt="docx")
        assert docx.content_type.endswith("wordprocessingml.document")
        # generated once per version, then served from the store
        assert services.blank_form_file(template=template, fmt="docx").pk == docx.pk

    def test_amounts_appear_in_figures_and_capitals(self, cast, tmp_path):
        case = numbered_case(cast)
        document = services.issue_document(
            case=case, template_code="application", actor=cast.clerk, sign=False
        )
        text = pdf_text(read_bytes(document.current.pdf), tmp_path).replace(" ", "")
        assert "12,000.00" in text
        assert "人民币壹万贰仟元整" in text
        assert "张三" in text and "某电子有限公司" in text

    def test_extra_context_fills_the_hearing_notice(self, cast, tmp_path):
        case = numbered_case(cast)
        document = services.issue_document(
            case=case,
            template_code="hearing_notice",
            actor=cast.clerk,
            context={"hearing_time": "二〇二六年十二月十日九时三十分", "room": "第一仲裁庭"},
            meta={"hearing_id": 7},
        )
        text = pdf_text(read_bytes(document.current.pdf), tmp_path).replace(" ", "")
        assert "第一仲裁庭" in text
        assert document.meta == {"hearing_id": 7}
        assert case.timeline.filter(kind="document_issued", data__document_id=document.pk).exists()

    def test_someone_who_cannot_act_on_the_case_cannot_issue(self, cast):
        case = numbered_case(cast)
        with pytest.raises(NotAllowed):
            services.issue_document(case=case, template_code="hearing_notice", actor=cast.supervisor)


class TestSandbox:
    def test_an_unknown_field_is_named_with_its_line(self):
        body = "<p>{{ number }}</p>\n<p>{{ case.cuase }}</p>"
        with pytest.raises(rendering.TemplateProblem) as problem:
            rendering.check_body(body)
        assert problem.value.field == "case.cuase"
        assert problem.value.line == 2
        assert "case.cuase" in str(problem.value) and "第 2 行" in str(problem.value)

    def test_a_syntax_error_gives_its_line(self):
        with pytest.raises(rendering.TemplateProblem) as problem:
            rendering.check_body("<p>a</p>\n<p>b</p>\n{% for p in applicants %}{{ p.name }}")
        assert problem.value.line == 3

    @pytest.mark.parametrize(
        "body", ["{% load static %}", '{% include "base.html" %}', "{% debug %}", '{% extends "base.html" %}']
    )
    def test_tags_that_reach_outside_the_document_are_refused(self, body):
        with pytest.raises(rendering.TemplateProblem):
            rendering.render_body(body, {})

    def test_an_unknown_filter_is_reported_not_raised_as_500(self):
        with pytest.raises(rendering.TemplateProblem):
            rendering.check_body("{{ number|nosuchfilter }}")

    def test_values_are_escaped(self):
        out = rendering.render_body("{{ extra.x }}", {"extra": {"x": "<script>"}})
        assert "<script>" not in out

    def test_every_default_template_passes_the_strict_check(self):
        for _title, body in defaults.CASE_TEMPLATES.values():
            rendering.check_body(body)


@pytest.mark.django_db
class TestTemplateVersions:
    def test_an_admin_saves_a_new_version_and_old_papers_keep_theirs(self, cast):
        case = numbered_case(cast)
        first = services.issue_document(
            case=case, template_code="hearing_notice", actor=cast.clerk, sign=False
        )
        template = DocumentTemplate.objects.get(code="hearing_notice")
        version = services.save_template_version(
            template=template,
            body="<p>{{ number }} 新措辞</p>",
            actor=cast.unit_admin,
            note="改",
            unit=cast.district,
        )
        assert (
            version.number == 2 and services.active_version("hearing_notice", unit=cast.district) == version
        )
        second = services.issue_document(
            case=case, template_code="hearing_notice", actor=cast.clerk, sign=False
        )
        first.refresh_from_db()
        assert first.template_version.number == 1
        assert second.template_version == version

    def test_a_broken_template_is_refused_with_the_field(self, cast):
        services.ensure_default_templates()
        template = DocumentTemplate.objects.get(code="hearing_notice")
        with pytest.raises(DomainError) as error:
            services.save_template_version(
                template=template,
                body="<p>{{ extra.hearing_time }}</p>\n<p>{{ unit.nmae }}</p>",
                actor=cast.unit_admin,
                unit=cast.district,
            )
        assert "unit.nmae" in error.value.message and "第 2 行" in error.value.message
        assert template.versions.count() == 1

    def test_a_clerk_may_not_edit_templates(self, cast):
        services.ensure_default_templates()
        template = DocumentTemplate.objects.get(code="hearing_notice")
        with pytest.raises(NotAllowed):
            services.save_template_version(template=template, body="<p>x</p>", actor=cast.clerk)
