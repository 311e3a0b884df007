"""The public claims calculator: one head of claim at a time, with formula, inputs and basis.

It validates with the same serializers as `POST /api/v1/calculator/` and runs the same
calculator, so the page and the API always agree.
"""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from medarb.arbitration import calculator
from medarb.arbitration.api_calculator import ITEM_INPUTS, calculate_item
from medarb.core.errors import DomainError
from medarb.search.models import LawArticle

KINDS = {
    "economic_compensation": _("经济补偿（N）"),
    "unlawful_termination_damages": _("违法解除赔偿金（2N）"),
    "double_wages": _("未签劳动合同二倍工资"),
    "overtime": _("加班费"),
    "annual_leave_pay": _("未休年休假工资"),
}


def _fields(kind: str) -> list[dict]:
    rows = []
    for name, field in ITEM_INPUTS[kind]().fields.items():
        if name == "kind":
            continue
        if isinstance(field, serializers.DateField):
            input_type, step = "date", None
        elif isinstance(field, serializers.IntegerField):
            input_type, step = "number", "1"
        else:
            input_type, step = "number", "0.01"
        rows.append(
            {
                "name": name,
                "label": field.help_text,
                "type": input_type,
                "step": step,
                "required": field.required,
            }
        )
    return rows


def _linked_basis(calculation: calculator.Calculation) -> list[dict]:
    rows = []
    for basis in calculation.basis:
        article = (
            LawArticle.objects.filter(law__source_file=basis.source, label=basis.article)
            .only("id", "law_id")
            .first()
        )
        rows.append({"citation": basis.citation, "article": article})
    return rows


def calculator_page(request):
    kind = request.POST.get("kind") or request.GET.get("kind") or "economic_compensation"
    if kind not in KINDS:
        kind = "economic_compensation"
    result, errors, values = None, {}, {}
    if request.method == "POST":
        values = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken" and v != ""}
        serializer = ITEM_INPUTS[kind](data=values)
        if serializer.is_valid():
            try:
                result = calculate_item(
                    dict(serializer.validated_data), region_code="", on=timezone.localdate()
                )
            except DomainError as exc:
                errors = {"non_field_errors": [exc.message]}
        else:
            errors = {k: [str(m) for m in v] for k, v in serializer.errors.items()}
    context = {
        "kinds": KINDS,
        "kind": kind,
        "fields": _fields(kind),
        "values": values,
        "errors": errors,
        "result": result,
        "basis": _linked_basis(result) if result else [],
    }
    return render(request, "portal/calculator.html", context)
