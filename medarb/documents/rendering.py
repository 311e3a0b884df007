"""Filling a template and turning it into an official A4 PDF and an editable DOCX.

Template bodies are written by administrators, so they run in a sandbox: a Django template
engine with no loaders, no `{% load %}`, `{% include %}`, `{% extends %}` or `{% debug %}`,
and a context of plain values (strings, numbers, dates as official strings, lists of dicts)
— never model instances, so no method of the application can be reached from a template.

The fields a body may use are listed in `FIELDS` (and shown to the editor); a field that is
not known, or a syntax error, is reported with its line (`TemplateProblem`).
"""

import base64
import html
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from html.parser import HTMLParser

from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import Lexer, TokenType
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.core.money import format_figures, to_chinese_capitals
from medarb.documents import paper_fields, pdf, sanitise

_CN_DIGITS = "〇一二三四五六七八九"
FORBIDDEN_TAGS = frozenset({"load", "include", "extends", "debug", "ssi", "csrf_token", "block"})
_INVALID = "\x00INVALID:%s\x00"


def _small(number: int) -> str:
    """1–59 in characters: 九, 十一, 二十八, 五十九."""
    tens, units = divmod(number, 10)
    text = ("" if tens == 1 else _CN_DIGITS[tens]) + "十" if tens else ""
    return text + (_CN_DIGITS[units] if units else "")


def official_date(value: date | datetime | None) -> str:
    """二〇二六年十一月二十八日: the date as official documents write it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    year = "".join(_CN_DIGITS[int(d)] for d in str(value.year))
    return f"{year}年{_small(value.month)}月{_small(value.day)}日"


def official_time(value: time | datetime) -> str:
    """上午九时三十分, 下午二时, 上午九时零五分, 中午十二时: a clock time as official papers
    write it, in the same characters as `official_date`, on the twelve-hour clock with its
    part of the day, no leading zero, and no 零分 on the full hour."""
    hour, minute = value.hour, value.minute
    if hour < 12:
        part, shown = "上午", hour
    elif hour == 12:
        part, shown = "中午", 12
    else:
        part, shown = "下午", hour - 12
    text = f"{part}{_small(shown) or '零'}时"
    if minute:
        text += f"{'' if minute >= 10 else '零'}{_small(minute)}分"
    return text


def official_datetime(value: datetime | None) -> str:
    """二〇二六年十二月三日上午九时三十分 (local time)."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{official_date(local)}{official_time(local)}"


# --- the fields a template may use --------------------------------------------------------

FIELDS: dict[str, str] = {
    "title": "文书名称",
    "number": "案号",
    "today": "出具日期（如 二〇二六年十一月二十八日）",
    "unit.name": "出具单位名称",
    "unit.address": "单位地址",
    "unit.phone": "单位电话",
    "case.kind": "案件类别（仲裁/调解）",
    "case.cause": "主要争议事项",
    "case.facts": "事实与理由",
    "case.received_on": "收件日期",
    "case.accepted_on": "立案日期",
    "case.claimed_total": "请求金额合计（数字）",
    "case.claimed_total_capitals": "请求金额合计（大写）",
    "applicants": "申请人列表（每项：name, kind, address, legal_representative, gender, birth_date,"
    " occupation）",
    "respondents": "被申请人列表（同上）",
    "third_parties": "第三人列表（同上）",
    "agents": "代理人列表（name, principal）",
    "claims": "请求事项列表（每项：description, cause, amount, amount_capitals）",
}


def _party(party) -> dict:
    return {
        "name": party.name,
        "kind": party.get_kind_display(),
        "address": party.address,
        "legal_representative": party.legal_representative,
        "gender": party.get_gender_display() if party.gender else "",
        "birth_date": official_date(party.birth_date),
        "occupation": party.occupation,
    }


def case_context(case, *, unit=None, title: str = "", extra: dict | None = None) -> dict:
    """Plain values from the case for a template (nothing a template could call into)."""
    unit = unit or case.unit
    parties = list(case.parties.all())
    claims = list(case.claims.all())
    total = case.claimed_total or Decimal(0)
    return {
        "title": title,
        "number": case.number or "",
        "today": official_date(timezone.localdate()),
        "unit": {"name": unit.name, "address": unit.address, "phone": unit.phone},
        "case": {
            "kind": case.get_kind_display(),
            "cause": case.primary_cause_label,
            "facts": case.facts,
            "received_on": official_date(case.received_on),
            "accepted_on": official_date(case.accepted_on),
            "claimed_total": format_figures(total),
            "claimed_total_capitals": to_chinese_capitals(total),
        },
        "applicants": [_party(p) for p in parties if p.side == "applicant" and p.principal_id is None],
        "respondents": [_party(p) for p in parties if p.side == "respondent" and p.principal_id is None],
        "third_parties": [_party(p) for p in parties if p.side == "third_party" and p.principal_id is None],
        "agents": [{"name": p.name, "principal": p.principal.name} for p in parties if p.principal_id],
        "claims": [
            {
                "description": c.description,
                "cause": c.cause_label,
                "amount": format_figures(c.amount) if c.amount is not None else "",
                "amount_capitals": to_chinese_capitals(c.amount) if c.amount is not None else "",
            }
            for c in claims
        ],
        "extra": _plain(extra or {}),
    }


def _plain(value):
    """Extra context reduced to plain values: dates become official strings, amounts figures."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime):
        return official_datetime(value)
    if isinstance(value, date):
        return official_date(value)
    if isinstance(value, Decimal):
        return format_figures(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def sample_context(*, title: str = "示例文书", code: str | None = None, extra: dict | None = None) -> dict:
    """Every documented field with a sample value, and the `extra` fields the template `code`
    declares (every template's when no code): used by the editor's preview and check."""
    person = {
        "name": "张三",
        "kind": "劳动者",
        "address": "鹭湖区东湖路1号",
        "legal_representative": "",
        "gender": "男",
        "birth_date": "一九九〇年三月七日",
        "occupation": "操作工",
    }
    employer = dict(
        person,
        name="某电子有限公司",
        kind="用人单位",
        legal_representative="王老板",
        gender="",
        birth_date="",
    )
    sample_extra = paper_fields.samples(code) | (extra or {})
    return {
        "title": title,
        "number": "鹭湖劳人仲案字〔2026〕第1号",
        "today": official_date(timezone.localdate()),
        "unit": {"name": "鹭湖区劳动人事争议仲裁院", "address": "鹭湖区政务中心", "phone": "0592-1234567"},
        "case": {
            "kind": "仲裁",
            "cause": "拖欠工资",
            "facts": "用人单位拖欠2026年8月至10月工资。",
            "received_on": "二〇二六年十一月二日",
            "accepted_on": "二〇二六年十一月六日",
            "claimed_total": "12,000.00",
            "claimed_total_capitals": "人民币壹万贰仟元整",
        },
        "applicants": [person],
        "respondents": [employer],
        "third_parties": [],
        "agents": [{"name": "李律师", "principal": "张三"}],
        "claims": [
            {
                "description": "支付拖欠工资",
                "cause": "拖欠工资",
                "amount": "12,000.00",
                "amount_capitals": "人民币壹万贰仟元整",
            }
        ],
        "extra": sample_extra,
    }


# --- the sandbox ------------------------------------------------------------------------------


@dataclass
class TemplateProblem(Exception):
    """What is wrong with a template body, for the administrator: message, line, field."""

    message: str
    line: int | None = None
    field: str = ""

    def __str__(self) -> str:
        where = _("第 %(line)s 行：") % {"line": self.line} if self.line else ""
        return where + self.message


def _engine(*, strict: bool) -> Engine:
    return Engine(
        dirs=[],
        app_dirs=False,
        loaders=[("django.template.loaders.locmem.Loader", {})],
        libraries={},
        # After Django's own: our `linebreaks` (a paragraph per line) replaces theirs.
        builtins=["medarb.documents.paper_filters"],
        debug=True,
        autoescape=True,
        string_if_invalid=_INVALID if strict else "",
    )


def _check_tags(body: str) -> None:
    for token in Lexer(body).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents.split() else ""
            if name in FORBIDDEN_TAGS:
                raise TemplateProblem(
                    _("模板中不允许使用 {%% %(tag)s %%} 标签。") % {"tag": name}, line=token.lineno
                )


def _line_of(body: str, needle: str) -> int | None:
    for number, line in enumerate(body.splitlines(), start=1):
        if needle in line:
            return number
    return None


def render_body(body: str, context: dict, *, strict: bool = False) -> str:
    """The filled body (HTML), rebuilt from the tags a paper may hold (`sanitise`).
    `strict` reports unknown fields instead of leaving them empty, and anything the filled
    body holds that a paper may not (a tag assembled by template tags) instead of dropping it."""
    _check_tags(body)
    try:
        template = _engine(strict=strict).from_string(body)
    except TemplateSyntaxError as exc:
        debug = getattr(exc, "template_debug", None) or {}
        raise TemplateProblem(_("模板语法错误：%(error)s") % {"error": exc}, line=debug.get("line")) from exc
    try:
        output = template.render(Context(context, autoescape=True))
    except Exception as exc:  # a filter given a wrong argument, etc.: tell the editor, never 500
        debug = getattr(exc, "template_debug", None) or {}
        raise TemplateProblem(_("模板填充出错：%(error)s") % {"error": exc}, line=debug.get("line")) from exc
    if strict:
        found = re.search(r"\x00INVALID:([^\x00]*)\x00", output)
        if found:
            field = found.group(1)
            # The engine reports the unresolved variable; find the first line that uses one.
            unknown = _first_unknown(body, context) or field
            raise TemplateProblem(
                _("未知字段“%(field)s”。可用字段见右侧列表。") % {"field": unknown},
                line=_line_of(body, unknown),
                field=unknown,
            )
    cleaned = sanitise.clean_output(output)
    if strict and cleaned.changed:
        raise TemplateProblem(
            _("模板填充后含有不允许的内容：%(items)s。") % {"items": "；".join(cleaned.removed)}
        )
    return cleaned.html


def _first_unknown(body: str, context: dict) -> str | None:
    """The first `{{ name.path }}` whose path does not resolve in the context."""
    for match in re.finditer(r"\{\{\s*([A-Za-z_][\w.]*)", body):
        path = match.group(1)
        value = context
        for part in path.split("."):
            if isinstance(value, dict) and part in value:
                value = value[part]
            elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
                value = value[int(part)]
            else:
                value = None
                break
        if value is None and not _is_loop_variable(body, path.split(".")[0]):
            return path
    return None


def _is_loop_variable(body: str, name: str) -> bool:
    return bool(re.search(r"\{%\s*(for|with)\s[^%]*\b" + re.escape(name) + r"\b", body)) or name == "forloop"


def check_body(body: str, *, code: str | None = None, extra: dict | None = None) -> str:
    """Render the body against the sample context of template `code`, strictly; returns the
    preview HTML."""
    return render_body(body, sample_context(code=code, extra=extra), strict=True)


# --- PDF ---------------------------------------------------------------------------------------


def qr_data_uri(text: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=1)
    svg = image.to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


@dataclass
class RenderedPdf:
    data: bytes
    seal_page: int  # 0-based page carrying the signature block
    seal_box: tuple[float, float, float, float]  # x1, y1, x2, y2 in PDF points
    hand_box: tuple[float, float, float, float]  # area reserved for on-screen signatures
    page_count: int


_PX_TO_PT = 0.75  # WeasyPrint anchors are CSS px (1/96 in); PDF points are 1/72 in


def render_pdf(
    *,
    title: str,
    number: str,
    body_html: str,
    unit_name: str,
    issued_on: date,
    verify_code: str = "",
    verify_url: str = "",
    blank: bool = False,
) -> RenderedPdf:
    """The official A4 layout: title centred, number right, body, signature block and date,
    the QR code and verification code at the foot of the last page. The body is cleaned
    again and the page fetched only through `pdf.SafeFetcher` (no file, no network)."""
    page_html = render_to_string(
        "documents/pdf/document.html",
        {
            "title": title,
            "number": number,
            "body": sanitise.clean_output(body_html).html,
            "unit_name": unit_name,
            "date": official_date(issued_on) if not blank else "      年    月    日",
            "verify_code": verify_code,
            "qr": qr_data_uri(verify_url) if verify_url else "",
            "blank": blank,
        },
    )
    document = pdf.render_html(page_html)
    seal_page, seal_point, hand_point = len(document.pages) - 1, (400, 700), (60, 900)
    for index, page in enumerate(document.pages):
        if "seal-anchor" in page.anchors:
            seal_page, seal_point = index, page.anchors["seal-anchor"]
            hand_point = page.anchors.get("hand-anchor", hand_point)
    page = document.pages[seal_page]
    height_pt = page.height * _PX_TO_PT
    sx, sy = seal_point[0] * _PX_TO_PT, height_pt - seal_point[1] * _PX_TO_PT
    hx, hy = hand_point[0] * _PX_TO_PT, height_pt - hand_point[1] * _PX_TO_PT
    data = document.write_pdf()
    return RenderedPdf(
        data=data,
        seal_page=seal_page,
        # The seal (about 4.2 cm) is centred on the anchor placed over the unit name and date.
        seal_box=(sx - 60, sy - 60, sx + 60, sy + 60),
        hand_box=(hx, hy - 70, hx + 440, hy),
        page_count=len(document.pages),
    )


# --- DOCX --------------------------------------------------------------------------------------


class _Paragraphs(HTMLParser):
    """Body HTML to plain paragraphs for the DOCX (block elements end a paragraph)."""

    BLOCKS = frozenset({"p", "div", "li", "h1", "h2", "h3", "h4", "tr", "br", "table", "ol", "ul"})

    def __init__(self):
        super().__init__()
        self.paragraphs: list[str] = []
        self._current: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self._flush()
        if tag in {"td", "th"} and self._current:
            self._current.append("  ")

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data):
        self._current.append(data)

    def _flush(self):
        text = re.sub(r"\s+", " ", "".join(self._current)).strip()
        if text:
            self.paragraphs.append(text)
        self._current = []

    def close(self):
        super().close()
        self._flush()


def html_to_paragraphs(body_html: str) -> list[str]:
    parser = _Paragraphs()
    parser.feed(body_html)
    parser.close()
    return [html.unescape(p) for p in parser.paragraphs]


def _docx_base() -> bytes:
    """The docxtpl master: A4, 仿宋-style body, title centred, number right, loops over paragraphs."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(3.7 - 1.0)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    style = doc.styles["Normal"]
    style.font.name = "FangSong"
    style.font.size = Pt(16)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")

    def para(text: str, *, align=None, bold: bool = False, size: int | None = None, indent: bool = False):
        paragraph = doc.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(32)
        run = paragraph.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        return paragraph

    para("{{ title }}", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=22)
    para("{{ number }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    para("{%p for text in paragraphs %}")
    para("{{ text }}", indent=True)
    para("{%p endfor %}")
    para("")
    para("{{ unit_name }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    para("{{ date }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


_DOCX_BASE: bytes | None = None


def render_docx(*, title: str, number: str, body_html: str, unit_name: str, issued_on: date | None) -> bytes:
    from docxtpl import DocxTemplate

    global _DOCX_BASE
    if _DOCX_BASE is None:
        _DOCX_BASE = _docx_base()
    template = DocxTemplate(io.BytesIO(_DOCX_BASE))
    template.render(
        {
            "title": title,
            "number": number,
            "paragraphs": html_to_paragraphs(body_html),
            "unit_name": unit_name,
            "date": official_date(issued_on) if issued_on else "      年    月    日",
        },
        autoescape=True,
    )
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()
