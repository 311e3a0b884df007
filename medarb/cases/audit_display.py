"""Audit entries as a person reads them (the case's 审计 page).

An entry's `object_type` and `summary` are written by the program ("cases.case",
"arbitration.postpone_hearing: hearing_scheduled → hearing_scheduled", "case page") and are
part of the hash chain, so they are never rewritten; the audit page shows them through these
functions instead: model names by their verbose name, acts and states by their declared
labels, the fixed codes of the services by a Chinese label.
"""

import re

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medarb.audit.models import AuditEntry
from medarb.procedure.declaration import procedure_for

# The fixed summaries the services write, by code.
SUMMARIES = {
    "register_case": gettext_lazy("收件登记"),
    "add_party": gettext_lazy("追加当事人"),
    "update_party": gettext_lazy("更正当事人信息"),
    "add_claim": gettext_lazy("增加请求事项"),
    "revoke share": gettext_lazy("撤销案件共享"),
    "case page": gettext_lazy("查看案件页面"),
    "api case": gettext_lazy("通过接口查看案件"),
    "api parties": gettext_lazy("通过接口查看当事人"),
    "api claims": gettext_lazy("通过接口查看请求事项"),
    "api mediation file": gettext_lazy("通过接口查看调解卷宗"),
    "api sittings list": gettext_lazy("通过接口查看庭期"),
    "workflow api": gettext_lazy("通过接口查看可办理事项"),
    "award draft preview": gettext_lazy("预览裁决书草稿"),
    "shared mediation view": gettext_lazy("查看共享的调解卷宗"),
    "schedule_sitting": gettext_lazy("安排开庭/调解"),
    "reschedule_sitting": gettext_lazy("变更开庭/调解安排"),
    "issue calendar feed": gettext_lazy("生成日程订阅链接"),
    "revoke calendar feeds": gettext_lazy("作废日程订阅链接"),
    "draft_agreement": gettext_lazy("起草调解协议"),
    "seal_agreement": gettext_lazy("调解协议盖章生效"),
    "schedule_session": gettext_lazy("安排调解"),
    "record_session": gettext_lazy("记录调解情况"),
}
_ACT = re.compile(r"^(?P<kind>[a-z_]+)\.(?P<code>[a-z_]+): (?P<source>[a-z_]+) → (?P<target>[a-z_]+)$")
_APPROVAL = re.compile(r"^request approval (?P<kind>[a-z_]+)\.(?P<code>[a-z_]+)$")
_SHARE = re.compile(r"^share (?P<reason>\S+) (?P<access>\S+) → (?P<target>.+)$")
_SITTING = re.compile(r"^sitting (?P<pk>\d+)$")
_CODE = re.compile(r"[A-Za-z]+[_.][A-Za-z_.]+|^[a-z ]+$")


def object_label(entry: AuditEntry) -> str:
    """ "案件 90" for "cases.case" 90: the model's verbose name and the id."""
    try:
        name = str(apps.get_model(entry.object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        name = _("记录")
    return f"{name} {entry.object_id}".strip()


def _act_label(kind: str, code: str) -> str | None:
    try:
        procedure = procedure_for(kind)
    except LookupError:
        return None
    transition = procedure.transitions.get(code)
    return str(transition.label) if transition else None


def _state_label(kind: str, state: str) -> str:
    try:
        declared = procedure_for(kind).state(state)
    except (LookupError, KeyError):
        return _("其他状态")
    return str(declared.label)


def summary_label(entry: AuditEntry) -> str:
    """The summary in words: Chinese text as written, a service's code by its label."""
    summary = entry.summary or ""
    if summary in SUMMARIES:
        return str(SUMMARIES[summary])
    if match := _ACT.match(summary):
        kind = match["kind"]
        act = _act_label(kind, match["code"]) or _("办理事项")
        source, target = _state_label(kind, match["source"]), _state_label(kind, match["target"])
        return f"{act}：{source} → {target}"
    if match := _APPROVAL.match(summary):
        return _("提请审批：%(act)s") % {"act": _act_label(match["kind"], match["code"]) or _("办理事项")}
    if match := _SHARE.match(summary):
        return _("共享案件给 %(unit)s") % {"unit": match["target"]}
    if match := _SITTING.match(summary):
        return _("查看庭期 %(n)s") % {"n": match["pk"]}
    if _CODE.search(summary):
        return str(entry.get_action_display())  # a code without a label yet: say what was done
    return summary
