"""Binding the volumes: order, cover, contents with page numbers, stamps, bookmarks, back cover,
and the main and internal volumes never mixing."""

import io
import re
import subprocess

import pytest
from pypdf import PdfReader

from medarb.archives import binding
from medarb.archives.testing import closed_case_with_papers
from medarb.documents.models import IssuedDocument, Volume
from medarb.documents.testing import _session_data_dir, document_store, pdf_text  # noqa: F401

pytestmark = pytest.mark.django_db

CONTEXT = {
    "unit_name": "鹭湖区劳动人事争议仲裁院",
    "dossier_title": "劳动人事争议仲裁案卷",
    "archive_number": None,
    "applicants": ["张三"],
    "respondents": ["某电子有限公司"],
    "handler_title": "仲 裁 庭",
    "handlers": ["林仲裁"],
    "received": "二〇二六年三月一日",
    "closed": "二〇二六年三月三十一日",
    "close_way": "终局裁决",
    "retention": "10年",
    "compiled_by": "陈书记",
    "checked_by": "",
    "checked_at": "",
    "note": "",
    "media": [],
}


@pytest.fixture
def case(cast):
    return closed_case_with_papers(cast)


def test_the_main_volume_follows_the_archive_order_whatever_the_order_of_issue(case):
    titles = [d.title for d in binding.papers(case, Volume.MAIN)]
    assert titles == ["劳动人事争议仲裁申请书", "受理通知书", "答辩书", "开庭通知书", "仲裁裁决书"]


def test_the_volumes_never_mix_for_any_paper(case):
    main = {d.pk for d in binding.papers(case, Volume.MAIN)}
    internal = {d.pk for d in binding.papers(case, Volume.INTERNAL)}
    assert not main & internal
    for document in IssuedDocument.objects.filter(case=case):
        assert (document.pk in internal) == (document.volume == Volume.INTERNAL)
    assert [d.template_code for d in binding.papers(case, Volume.INTERNAL)] == ["joint_review_minutes"]


def test_a_bound_main_volume_has_cover_contents_numbered_pages_bookmarks_and_back_cover(case, tmp_path):
    bound = binding.bind(case, Volume.MAIN, context=CONTEXT)
    path = tmp_path / "main.pdf"
    path.write_bytes(bound.pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    reader = PdfReader(io.BytesIO(bound.pdf))
    papers = sum(e.last_page - e.first_page + 1 for e in bound.entries)
    assert bound.pages == papers
    first = reader.get_destination_page_number(reader.outline[2])  # 卷内文件
    assert first == 2  # the cover, then one page of contents
    assert re.search(r"Pages:\s+(\d+)", info).group(1) == str(papers + 3)  # and one back cover
    text = re.sub(r"\s+", "", pdf_text(bound.pdf, tmp_path))
    assert "劳动人事争议仲裁案卷（正卷）" in text and "卷内目录" in text and "备考表" in text
    # The contents give each paper's pages, and every paper page carries its number.
    defence = next(e for e in bound.entries if e.title == "答辩书")
    assert defence.last_page - defence.first_page == 2
    assert f"{defence.first_page}–{defence.last_page}" in text
    for number in range(1, papers + 1):
        page_text = reader.pages[first - 1 + number].extract_text()
        assert str(number) in page_text.split()[:3] + page_text.split()[-3:], number
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline == ["卷宗封面", "卷内目录", "卷内文件", "备考表"]
    children = next(item for item in reader.outline if isinstance(item, list))
    assert [c.title.split("（")[0] for c in children] == [e.title for e in bound.entries]


def test_the_internal_volume_holds_approvals_minutes_and_deliberations(case, tmp_path):
    bound = binding.bind(case, Volume.INTERNAL, context=CONTEXT)
    assert [e.title for e in bound.entries] == ["审批表", "疑难案件会审纪要", "评议及内部记录"]
    text = re.sub(r"\s+", "", pdf_text(bound.pdf, tmp_path))
    assert "（副卷）" in text and "延长审理期限" in text and "多数意见" in text
    assert "答辩书" not in text and "仲裁裁决书" not in text


def test_the_manifest_holds_each_source_file_hash(case):
    bound = binding.bind(case, Volume.MAIN, context=CONTEXT)
    manifest = bound.manifest(case=case.display_number)
    by_document = {e["document_id"]: e["sha256"] for e in manifest["entries"]}
    for document in binding.papers(case, Volume.MAIN):
        assert by_document[document.pk] == document.current.pdf.sha256


def test_a_watermark_names_the_reader_on_every_page(case, tmp_path):
    bound = binding.bind(case, Volume.MAIN, context=CONTEXT)
    marked = binding.watermark(bound.pdf, text="张三 查阅 2026-12-07 10:00")
    reader = PdfReader(io.BytesIO(marked))
    assert len(reader.pages) == len(PdfReader(io.BytesIO(bound.pdf)).pages)
    for page in reader.pages:
        assert "张三 查阅" in page.extract_text()


def test_every_kind_of_paper_lands_in_its_own_volume_and_nowhere_else(cast):
    """Each template the platform issues, and a scan, bound into the two volumes: a paper of
    INTERNAL_PAPERS only in the internal one, every other only in the main one."""
    from medarb.documents import defaults
    from medarb.documents import services as documents
    from medarb.documents.testing import kind_issuing, numbered_case

    cases = {
        kind: numbered_case(cast, number=f"鹭湖劳人仲案字〔2026〕第{n}号", kind=kind)
        for n, kind in ((31, "arbitration"), (32, "mediation"))
    }
    for code in defaults.CASE_TEMPLATES:
        documents.issue_document(
            case=cases[kind_issuing(code)], template_code=code, actor=cast.clerk, sign=False
        )
    for case in cases.values():
        main = {d.template_code for d in binding.papers(case, Volume.MAIN)}
        internal = {d.template_code for d in binding.papers(case, Volume.INTERNAL)}
        issued = set(IssuedDocument.objects.filter(case=case).values_list("template_code", flat=True))
        assert main | internal == issued and not main & internal
        assert internal == issued & defaults.INTERNAL_PAPERS
