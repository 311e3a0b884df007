"""What a clerk fills in when issuing a paper by hand: the `extra.*` fields of each template.

A template reads the case by itself (parties, claims, dates, number). What the case does not
hold — the hearing's time and room, a transcript, the grounds of a refusal — it reads from
`extra`. Each template declares those fields here, with a label, a kind and a sample value:

- the issue form asks for the fields the active version's body uses, as a real form (dates as
  date pickers, people from the case, paragraphs as text areas), pre-filled by the case's
  procedure (`Procedure.paper_prefill`);
- the template editor lists them beside the body and refuses a field its template does not
  declare (the sample context holds only the declared ones).
"""

import re
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class FieldKind(StrEnum):
    TEXT = "text"  # one line
    PARAGRAPHS = "paragraphs"  # a text area; each line becomes a paragraph of the paper
    LINES = "lines"  # a text area; each line becomes one item of a list
    DATE = "date"
    DATETIME = "datetime"
    PERSON = "person"  # one line, suggesting the people of the case


@dataclass(frozen=True)
class PaperField:
    name: str
    label: str
    kind: FieldKind = FieldKind.TEXT
    sample: object = ""
    help: str = ""
    required: bool = False
    # Appended after the value's own closing punctuation is taken off: a clause the body
    # continues after (不予受理的理由 ends in "，" before 根据…).
    ends_with: str = ""


def _field(name, label, kind=FieldKind.TEXT, sample="", **options) -> PaperField:
    return PaperField(name=name, label=label, kind=kind, sample=sample, **options)


HEARING_TIME = _field("hearing_time", _("开庭时间"), FieldKind.DATETIME, "二〇二六年十二月十日上午九时三十分")
ROOM = _field(
    "room", _("开庭地点"), sample="第一仲裁庭", help=_("仲裁庭名称；网上开庭写“网上（远程视频）”。")
)
ARBITRATORS = _field(
    "arbitrators",
    _("仲裁员"),
    sample="林仲裁（首席）、李仲裁、赵仲裁",
    help=_("首席仲裁员在前，以顿号分隔。"),
)
CLERK = _field("clerk", _("书记员"), FieldKind.PERSON, "陈书记")
AGREEMENT_TEXT = _field(
    "agreement_text",
    _("协议内容"),
    FieldKind.PARAGRAPHS,
    "双方自愿达成如下协议：……",
    help=_("每行一段，逐项写明双方的权利义务。"),
    required=True,
)
FINDINGS = _field(
    "findings", _("本院查明"), FieldKind.PARAGRAPHS, "经审理查明：申请人于2025年3月入职被申请人处……"
)
REASONING = _field("reasoning", _("本院认为"), FieldKind.PARAGRAPHS, "本院认为：……")
AWARD_TEXT = _field(
    "award_text",
    _("裁决如下"),
    FieldKind.PARAGRAPHS,
    "被申请人于本裁决生效之日起五日内支付申请人工资人民币壹万贰仟元整。",
    help=_("每项裁决一行。"),
    required=True,
)
COURT = _field(
    "intermediate_court",
    _("申请撤销裁决的中级人民法院"),
    sample="某市中级人民法院",
    help=_("留空则写“仲裁委员会所在地的中级人民法院”。"),
)
AWARD = (FINDINGS, REASONING, AWARD_TEXT, COURT, ARBITRATORS, CLERK)

FIELDS: dict[str, tuple[PaperField, ...]] = {
    "correction_notice": (
        _field(
            "missing_items",
            _("需要补正的材料"),
            FieldKind.LINES,
            ["申请人身份证复印件", "劳动合同或者其他证明劳动关系的材料"],
            help=_("每行一项，一次性列明全部材料。"),
            required=True,
        ),
        _field("reply_by", _("补正期限"), FieldKind.DATE, "二〇二六年十一月九日"),
    ),
    "non_acceptance_notice": (
        _field(
            "reason",
            _("不予受理的理由"),
            FieldKind.PARAGRAPHS,
            "申请人的请求不属于劳动人事争议处理范围，",
            help=_("如：申请人的请求不属于劳动人事争议处理范围"),
            required=True,
            ends_with="，",
        ),
    ),
    "evidence_notice": (
        _field("evidence_deadline", _("举证期限届满日"), FieldKind.DATE, "二〇二六年十二月五日"),
    ),
    "tribunal_notice": (ARBITRATORS, CLERK),
    "hearing_notice": (HEARING_TIME, ROOM),
    "hearing_transcript": (
        HEARING_TIME,
        ROOM,
        ARBITRATORS,
        CLERK,
        _field("transcript", _("笔录内容"), FieldKind.PARAGRAPHS, "书记员：现在开庭……", required=True),
    ),
    "mediation_statement": (AGREEMENT_TEXT, ARBITRATORS, CLERK),
    "award_final": AWARD,
    "award_non_final": AWARD,
    "withdrawal_decision": (
        _field(
            "withdrawn_on",
            _("申请撤回日期"),
            FieldKind.DATE,
            "二〇二六年十一月二十日",
            help=_("留空则为今天。"),
        ),
    ),
    "proof_of_service": (
        _field("documents_served", _("送达文书"), sample="开庭通知书", required=True),
        _field("recipient", _("受送达人"), FieldKind.PERSON, "张三", required=True),
        _field("method", _("送达方式"), sample="直接送达", help=_("如：直接送达、留置送达、邮寄送达")),
        _field("place", _("送达地址"), sample="鹭湖区东湖路1号"),
        _field("served_at", _("送达时间"), FieldKind.DATETIME, "二〇二六年十一月二十八日上午十时"),
        _field("receipt", _("签收情况"), sample="受送达人本人签收"),
        _field(
            "document_hash",
            _("文书哈希（SHA-256）"),
            sample="ab12…",
            help=_("电子送达时由系统填写，纸质送达可留空。"),
        ),
        _field("server", _("送达人"), FieldKind.PERSON, "陈书记"),
        _field("notes", _("备注")),
    ),
    "power_of_attorney": (
        _field("principal", _("委托人"), FieldKind.PERSON, "张三", required=True),
        _field("agent", _("受托人"), FieldKind.PERSON, "李律师", required=True),
        _field(
            "authority",
            _("代理权限"),
            sample="特别授权：代为承认、放弃、变更仲裁请求，进行和解",
            help=_("留空为一般授权；特别授权须写明具体事项。"),
        ),
    ),
    # Filled by the joint review when it closes (reviews.services.close_review), never by hand.
    "joint_review_minutes": (
        _field("meeting_time", _("会审时间"), FieldKind.DATETIME, "二〇二六年十二月十日上午九时三十分"),
        _field("presided_by", _("主持人"), FieldKind.PERSON, "周主任"),
        _field("requested_by", _("提请人"), FieldKind.PERSON, "林仲裁"),
        _field("approved_by", _("批准人"), FieldKind.PERSON, "周主任"),
        _field("reason", _("提请会审的理由"), FieldKind.PARAGRAPHS, "仲裁庭对加班费计算基数意见分歧。"),
        _field(
            "participants",
            _("参加会审人员"),
            FieldKind.LINES,
            [{"name": "林仲裁", "unit": "鹭湖区仲裁院", "role": "仲裁庭成员", "opinion": "应支持。"}],
        ),
        _field(
            "questions",
            _("会审问题"),
            FieldKind.LINES,
            [
                {
                    "text": "加班费计算基数如何确定？",
                    "proposal": "按劳动合同约定工资计算。",
                    "agree": 2,
                    "disagree": 1,
                    "abstain": 0,
                    "absent": 0,
                    "conclusion": "同意拟处理意见。",
                    "dissent": ["钱市级：应按实际发放工资计算"],
                }
            ],
        ),
        _field("conclusion", _("会审结论"), FieldKind.PARAGRAPHS, "多数意见同意仲裁庭的拟处理意见。"),
    ),
    "mediation_agreement": (AGREEMENT_TEXT, _field("mediator", _("调解员"), FieldKind.PERSON, "郑调解")),
}

_EXTRA_NAME = re.compile(r"\bextra\.(\w+)")


def declared(code: str) -> tuple[PaperField, ...]:
    return FIELDS.get(code, ())


def used_by(body: str, code: str) -> list[PaperField]:
    """The declared fields the body reads, in their declared order."""
    used = set(_EXTRA_NAME.findall(body))
    return [field for field in declared(code) if field.name in used]


def samples(code: str | None = None) -> dict:
    """A sample value for each field of the template (of every template when no code)."""
    fields = declared(code) if code else [f for group in FIELDS.values() for f in group]
    return {field.name: field.sample for field in fields}


def labels(code: str) -> dict[str, str]:
    """`extra.name` → label, for the template editor's list of fields."""
    return {f"extra.{field.name}": str(field.label) for field in declared(code)}
