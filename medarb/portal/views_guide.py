"""Guides: how mediation and arbitration run, the statutory periods, which commission or
street mediation room is competent, what to bring."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from medarb.cases.models import CaseKind
from medarb.core.forms import parse_id
from medarb.orgs.models import COMMISSION_KINDS, Unit, UnitKind
from medarb.procedure.declaration import procedure_for
from medarb.procedure.diagram import render_svg
from medarb.procedure.rules import all_rules
from medarb.search.selectors import article

WHAT_TO_BRING = (
    _("本人身份证原件及复印件；委托他人代理的，带授权委托书和代理人身份证件。"),
    _("仲裁申请书（按被申请人人数提交副本），写明请求事项、事实和理由；可在文书模板中心下载。"),
    _("用人单位的名称、住所、法定代表人（可从国家企业信用信息公示系统打印登记信息）。"),
    _("证明劳动关系的材料：劳动合同、工牌、工资条、银行流水、考勤记录、社保缴费记录等。"),
    _("与请求有关的证据：解除或终止劳动关系的通知、加班记录、聊天记录、录音等，并列出证据清单。"),
    _("申请调解的，带上能说明争议经过的材料即可，调解不收费，仲裁也不收费。"),
)


def _streets():
    return Unit.objects.filter(kind=UnitKind.STREET, is_active=True).order_by("path")


def _commission_of(unit: Unit) -> Unit | None:
    """The nearest arbitration commission above a street (the street's own district)."""
    ancestors = {u.pk: u for u in Unit.objects.filter(pk__in=_ancestor_ids(unit))}
    current = unit
    while current.parent_id is not None:
        current = ancestors.get(current.parent_id)
        if current is None:
            return None
        if current.kind in COMMISSION_KINDS:
            return current
    return None


def _ancestor_ids(unit: Unit) -> list[int]:
    # The materialised path holds the ids of every unit from the root down ("/1/3/7/").
    return [int(part) for part in unit.path.strip("/").split("/") if part.isdigit()]


def _guide_context() -> dict:
    return {
        "diagrams": [
            (procedure_for(kind).label, render_svg(procedure_for(kind)))
            for kind in (CaseKind.MEDIATION, CaseKind.ARBITRATION)
        ],
        "rules": all_rules(),  # the public guide states the law; a case page shows its unit's rules
        "streets": _streets(),
        "what_to_bring": WHAT_TO_BRING,
    }


def guide(request):
    return render(request, "portal/guide.html", _guide_context())


def competent(request):
    """Which street room and which commission: the htmx partial for the chosen street."""
    street = None
    raw = request.GET.get("street", "")
    if (street_id := parse_id(raw)) is not None:
        street = _streets().filter(pk=street_id).first()
    context = {
        "street": street,
        "commission": _commission_of(street) if street else None,
        "article_21": article(law_short_title="劳动争议调解仲裁法", number=21),
        "asked": bool(raw),
    }
    if request.htmx:
        return render(request, "portal/guide.html#competent", context)
    # Without JavaScript the form submits here and gets the whole guide with the answer.
    return render(request, "portal/guide.html", _guide_context() | context)
