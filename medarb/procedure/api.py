"""Public API of the procedure calendar: when does a statutory period end, and why.

The portal uses it to tell an applicant when the acceptance decision is due; it needs no
login (AllowAny, throttled per client) and reveals nothing but the law and the calendar.
"""

from datetime import date

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework.views import APIView

from medarb.procedure import calendar
from medarb.procedure.rules import RULES, DayType, Direction, all_rules, rule

TAG = "deadlines"
# chinese-calendar starts in 2004; far dates would only make loops long and answers meaningless.
EARLIEST, LATEST = date(2004, 1, 1), date(2100, 12, 31)
RULE_CODES = list(RULES)


class PreviewInput(serializers.Serializer):
    rule = serializers.ChoiceField(
        choices=RULE_CODES,
        error_messages={"invalid_choice": "没有这个期间规则：{input}。", "required": "请指定期间规则。"},
    )
    start = serializers.DateField(
        error_messages={"invalid": "日期格式应为 YYYY-MM-DD。", "required": "请填写起算日期。"},
        help_text="起算日（after 规则：事件发生之日，当日不计入）；before 规则为开庭等事件的日期。",
    )

    def validate_start(self, value: date) -> date:
        if not EARLIEST <= value <= LATEST:
            raise serializers.ValidationError("日期应在2004年至2100年之间。")
        return value


class RuleOutput(serializers.Serializer):
    code = serializers.ChoiceField(choices=RULE_CODES)
    title = serializers.CharField()
    days = serializers.IntegerField()
    day_type = serializers.ChoiceField(choices=DayType.choices)
    direction = serializers.ChoiceField(choices=Direction.choices)
    article = serializers.CharField()
    description = serializers.CharField()


class PreviewOutput(serializers.Serializer):
    rule = RuleOutput()
    start = serializers.DateField()
    due_on = serializers.DateField(help_text="届满日（before 规则：最迟办理日）")
    explanation = serializers.CharField(help_text="中文说明：起算、节假日、顺延与法律依据")
    calendar_known = serializers.BooleanField(help_text="期间涉及的年份是否都有国务院节假日安排")


def _rule_data(code: str) -> dict:
    r = rule(code)
    return {
        "code": r.code,
        "title": r.title,
        "days": r.days,
        "day_type": r.day_type,
        "direction": r.direction,
        "article": r.article,
        "description": r.description,
    }


class PublicApiView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle, UserRateThrottle]


class DeadlinePreviewApi(PublicApiView):
    @extend_schema(
        tags=[TAG],
        summary="法定期间届满日预览 / due date of a statutory period",
        parameters=[
            OpenApiParameter(
                "rule", OpenApiTypes.STR, enum=RULE_CODES, required=True, description="期间规则代码"
            ),
            OpenApiParameter("start", OpenApiTypes.DATE, required=True, description="起算日期 YYYY-MM-DD"),
        ],
        responses={200: PreviewOutput, 400: OpenApiResponse(description="输入有误：{字段: [中文提示]}")},
    )
    def get(self, request):
        data = PreviewInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        code, start = data.validated_data["rule"], data.validated_data["start"]
        due = calendar.due_date(code, start)
        years = range(min(start, due).year, max(start, due).year + 1)
        return Response(
            PreviewOutput(
                {
                    "rule": _rule_data(code),
                    "start": start,
                    "due_on": due,
                    "explanation": calendar.explain(code, start),
                    "calendar_known": all(calendar.is_known_year(year) for year in years),
                }
            ).data
        )


class DeadlineRulesApi(PublicApiView):
    @extend_schema(
        tags=[TAG], summary="法定期间规则列表 / the statutory periods", responses={200: RuleOutput(many=True)}
    )
    def get(self, request):
        return Response(RuleOutput([_rule_data(r.code) for r in all_rules()], many=True).data)
