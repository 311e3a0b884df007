"""Public API of the claims calculator (`POST /api/v1/calculator/`).

Several heads of claim in one request; each result carries its formula, inputs and legal
basis, and the answer adds them up. Regional standards (the local average and minimum
monthly wage) are taken from the request or, given `region_code`, from `RegionalStandard`.
"""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework.views import APIView

from medarb.arbitration import calculator, limitation
from medarb.orgs.models import StandardKind
from medarb.orgs.selectors import standard_for

TAG = "calculator"
MAX_ITEMS = 20
EARLIEST, LATEST = date(1950, 1, 1), date(2100, 12, 31)


def money(label: str, *, required: bool = True, **kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=Decimal(0),
        max_value=Decimal("10000000"),
        required=required,
        help_text=label,
        error_messages={
            "invalid": format_lazy(_("{label}应为金额数字。"), label=label),
            "required": format_lazy(_("请填写{label}。"), label=label),
            "min_value": format_lazy(_("{label}不能为负数。"), label=label),
            "max_value": format_lazy(_("{label}超出可计算的范围。"), label=label),
            "max_decimal_places": format_lazy(_("{label}最多两位小数。"), label=label),
            "max_digits": format_lazy(_("{label}超出可计算的范围。"), label=label),
        },
        **kwargs,
    )


def day(label: str, *, required: bool = True) -> serializers.DateField:
    return serializers.DateField(
        required=required,
        help_text=format_lazy(_("{label}（年-月-日，如 2025-03-01）"), label=label),
        error_messages={
            "invalid": format_lazy(_("{label}的格式应为“年-月-日”，如 2025-03-01。"), label=label),
            "required": format_lazy(_("请填写{label}。"), label=label),
        },
    )


def hours(label: str) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=8,
        decimal_places=2,
        min_value=Decimal(0),
        max_value=Decimal(10000),
        default=Decimal(0),
        help_text=format_lazy(_("{label}（小时）"), label=label),
        error_messages={
            "invalid": format_lazy(_("{label}应为数字。"), label=label),
            "min_value": format_lazy(_("{label}不能为负数。"), label=label),
            "max_value": format_lazy(_("{label}过大。"), label=label),
        },
    )


class _Dates(serializers.Serializer):
    def validate(self, attrs):
        for name, value in attrs.items():
            if isinstance(value, date) and not EARLIEST <= value <= LATEST:
                raise ValidationError({name: ["日期应在1950年至2100年之间。"]})
        return attrs


class CompensationInput(_Dates):
    kind = serializers.ChoiceField(choices=["economic_compensation", "unlawful_termination_damages"])
    monthly_wage = money(_("月工资（解除或终止前十二个月平均工资）"))
    service_start = day(_("入职（用工）日期"))
    service_end = day(_("解除或终止日期"))
    local_average_monthly_wage = money(_("当地上年度职工月平均工资"), required=False, allow_null=True)
    local_minimum_monthly_wage = money(_("当地月最低工资标准"), required=False, allow_null=True)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if attrs["service_end"] < attrs["service_start"]:
            raise ValidationError({"service_end": ["解除或终止日期不能早于入职日期。"]})
        return attrs


class DoubleWagesInput(_Dates):
    kind = serializers.ChoiceField(choices=["double_wages"])
    monthly_wage = money(_("月工资"))
    employment_start = day(_("用工之日"))
    until = day(_("计算截止日期（离职日或申请日）"))
    written_contract_on = day(_("订立书面劳动合同日期"), required=False)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if attrs["until"] < attrs["employment_start"]:
            raise ValidationError({"until": ["计算截止日期不能早于用工之日。"]})
        signed = attrs.get("written_contract_on")
        if signed and signed < attrs["employment_start"]:
            raise ValidationError({"written_contract_on": ["订立书面合同日期不能早于用工之日。"]})
        return attrs


class OvertimeInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["overtime"])
    monthly_wage = money(_("月工资（加班费计算基数）"))
    weekday_hours = hours(_("工作日延长工作时间"))
    rest_day_hours = hours(_("休息日工作且未补休时间"))
    holiday_hours = hours(_("法定休假日工作时间"))
    already_paid = money(_("已支付的加班费"), required=False, default=Decimal(0))


class WageItemInput(serializers.Serializer):
    period = serializers.CharField(max_length=40, help_text=_("期间，例如“2026年8月”"))
    due = money(_("应发工资"))
    paid = money(_("实发工资"), required=False, default=Decimal(0))


class UnpaidWagesInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["unpaid_wages"])
    items = WageItemInput(many=True, help_text=_("各期应发、实发工资"))

    def validate_items(self, value):
        if not value:
            raise ValidationError("请至少填写一期工资。")
        if len(value) > 120:
            raise ValidationError("最多填写120期。")
        return value


class AnnualLeaveInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["annual_leave_pay"])
    monthly_wage = money(_("月工资（前十二个月剔除加班工资后的平均）"))
    cumulative_years = serializers.IntegerField(
        min_value=0,
        max_value=60,
        help_text=_("累计工作年限（年）"),
        error_messages={"invalid": "累计工作年限应为整数。"},
    )
    days_taken = serializers.DecimalField(
        max_digits=5, decimal_places=1, min_value=Decimal(0), default=Decimal(0)
    )
    days_worked_this_year = serializers.IntegerField(
        min_value=0,
        max_value=366,
        required=False,
        help_text=_("离职当年在本单位已过日历天数（年中离职时填写）"),
    )


ITEM_INPUTS: dict[str, type[serializers.Serializer]] = {
    "economic_compensation": CompensationInput,
    "unlawful_termination_damages": CompensationInput,
    "double_wages": DoubleWagesInput,
    "overtime": OvertimeInput,
    "unpaid_wages": UnpaidWagesInput,
    "annual_leave_pay": AnnualLeaveInput,
}

ItemDoc = PolymorphicProxySerializer(
    component_name="CalculatorItem",
    serializers={kind: serializer for kind, serializer in ITEM_INPUTS.items()},
    resource_type_field_name="kind",
    many=True,
)


class CalculatorInput(serializers.Serializer):
    items = serializers.ListField(
        child=serializers.DictField(), min_length=1, max_length=MAX_ITEMS, help_text="要计算的请求事项"
    )
    region_code = serializers.CharField(
        max_length=12,
        required=False,
        allow_blank=True,
        help_text="行政区划代码：取该地区的平均工资和最低工资标准",
    )
    on = serializers.DateField(required=False, help_text="取地区标准的日期，默认今天")

    def validate_items(self, items):
        cleaned, errors = [], {}
        for index, item in enumerate(items):
            kind = item.get("kind")
            serializer_class = ITEM_INPUTS.get(kind) if isinstance(kind, str) else None
            if serializer_class is None:
                shown = kind if isinstance(kind, str) and kind else "（未填写）"
                errors[index] = {"kind": [f"不支持的计算类型：{shown[:40]}。"]}
                continue
            serializer = serializer_class(data=item)
            if serializer.is_valid():
                cleaned.append(serializer.validated_data)
            else:
                errors[index] = serializer.errors
        if errors:
            raise ValidationError(errors)
        return cleaned


class CalculatorRequestDoc(serializers.Serializer):
    items = ItemDoc
    region_code = serializers.CharField(required=False)
    on = serializers.DateField(required=False)


class BasisOutput(serializers.Serializer):
    source = serializers.CharField(help_text="法规文本文件名（data/laws）")
    article = serializers.CharField(help_text="条文序号")
    citation = serializers.CharField(help_text="引用，例如《劳动合同法》第四十七条")
    text = serializers.CharField(help_text="条文原文")


class ResultOutput(serializers.Serializer):
    kind = serializers.CharField()
    title = serializers.CharField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    formula = serializers.CharField()
    inputs = serializers.DictField(child=serializers.CharField())
    basis = BasisOutput(many=True)
    notes = serializers.ListField(child=serializers.CharField())
    warnings = serializers.ListField(
        child=serializers.CharField(), help_text="e.g. the one-year limitation period (Law Art. 27)"
    )


class CalculatorOutput(serializers.Serializer):
    results = ResultOutput(many=True)
    total = serializers.DecimalField(max_digits=14, decimal_places=2)


def _regional(kind: str, region_code: str, on: date) -> Decimal | None:
    if not region_code:
        return None
    standard = standard_for(region_code, kind, on)
    return standard.amount if standard else None


def calculate_item(item: dict, *, region_code: str, on: date) -> calculator.Calculation:
    """One calculator item (its `kind` and inputs) worked out with the regional standards of `on`."""
    item = dict(item)
    kind = item.pop("kind")
    if kind in ("economic_compensation", "unlawful_termination_damages"):
        if item.get("local_average_monthly_wage") is None:
            item["local_average_monthly_wage"] = _regional(StandardKind.AVG_WAGE_MONTHLY, region_code, on)
        if item.get("local_minimum_monthly_wage") is None:
            item["local_minimum_monthly_wage"] = _regional(StandardKind.MIN_WAGE_MONTHLY, region_code, on)
    if kind == "unpaid_wages":
        item["items"] = [calculator.WageItem(**line) for line in item["items"]]
    calculation = calculator.CALCULATORS[kind](**item)
    warning = limitation_warning(calculation, item, today=timezone.localdate())
    return replace(calculation, warnings=(warning,)) if warning else calculation


def limitation_warning(calculation: calculator.Calculation, inputs: dict, *, today: date) -> str:
    """The Art. 27 warning for a claim whose dates lie more than a year back ("" if none)."""
    if calculation.kind in ("economic_compensation", "unlawful_termination_damages"):
        return limitation.for_termination(inputs["service_end"], today=today)
    if calculation.kind == "double_wages" and calculation.details.get("months"):
        return limitation.for_double_wages(
            calculation.details["first"], calculation.details["last"], today=today
        )
    return ""


def _result(calculation: calculator.Calculation) -> dict:
    return {
        "kind": calculation.kind,
        "title": calculation.title,
        "amount": calculation.amount,
        "formula": calculation.formula,
        "inputs": calculation.inputs,
        "basis": [
            {"source": b.source, "article": b.article, "citation": b.citation, "text": b.text()}
            for b in calculation.basis
        ],
        "notes": list(calculation.notes),
        "warnings": list(calculation.warnings),
    }


class CalculatorApi(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle, UserRateThrottle]

    @extend_schema(
        tags=[TAG],
        summary="请求金额计算器 / claims calculator",
        description=(
            "经济补偿（N）、违法解除赔偿金（2N）、未签书面合同二倍工资、加班费（150%/200%/300%）、"
            "拖欠工资、未休年休假工资。每项结果附计算公式、输入和法律依据；金额四舍五入到分。"
        ),
        request=CalculatorRequestDoc,
        responses={200: CalculatorOutput, 400: OpenApiResponse(description="输入有误：{字段: [中文提示]}")},
    )
    def post(self, request):
        data = CalculatorInput(data=request.data)
        data.is_valid(raise_exception=True)
        region_code = data.validated_data.get("region_code", "")
        on = data.validated_data.get("on") or timezone.localdate()
        results = [
            calculate_item(item, region_code=region_code, on=on) for item in data.validated_data["items"]
        ]
        total = sum((r.amount for r in results), Decimal("0.00"))
        return Response(CalculatorOutput({"results": [_result(r) for r in results], "total": total}).data)
