"""REST API v1 for sittings: list (filtered by room, person, dates) and book one.

Staff only. The list holds sittings of the cases the user may see; booking goes through
`services.schedule_sitting`, so its permission, clash and notice rules are the same as on
the page. A refused booking answers 400 with the Chinese message naming the clash.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from medarb.accounts.models import User
from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.cases import policy
from medarb.cases.selectors import case_get_for_user
from medarb.core.errors import NotAllowed
from medarb.core.forms import parse_id
from medarb.hearings import selectors, services, timing
from medarb.hearings.models import Sitting, SittingKind
from medarb.orgs.models import Room

TAG = "hearings"


class IsStaffMember(BasePermission):
    message = _("API 仅供工作人员使用。")

    def has_permission(self, request, view) -> bool:
        return policy.is_staff(request.user)


MAX_API_ID = 2**53  # the largest integer a JSON client holds exactly


class IdRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary key that must look like one (an integer within range) before it is looked up."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or parse_id(data) is None or int(data) > MAX_API_ID:
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


class SittingFilterInput(serializers.Serializer):
    room = serializers.IntegerField(required=False, min_value=1, max_value=MAX_API_ID)
    person = serializers.IntegerField(required=False, min_value=1, max_value=MAX_API_ID)
    case = serializers.IntegerField(required=False, min_value=1, max_value=MAX_API_ID)
    date_from = serializers.DateField(required=False, help_text="YYYY-MM-DD")
    date_to = serializers.DateField(required=False, help_text="YYYY-MM-DD（含当日）")

    def validate(self, attrs):
        if attrs.get("date_from") and attrs.get("date_to") and attrs["date_from"] > attrs["date_to"]:
            raise serializers.ValidationError({"date_to": [_("结束日期不能早于开始日期。")]})
        return attrs


class PersonOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")


class SittingOutput(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.display_number")
    room_name = serializers.SerializerMethodField()
    members = PersonOutput(many=True)
    clerk = PersonOutput(allow_null=True)
    starts_at = serializers.SerializerMethodField()
    ends_at = serializers.SerializerMethodField()
    notes = serializers.SerializerMethodField(help_text="备注: internal, empty for who may not read it")

    class Meta:
        model = Sitting
        fields = [
            "id",
            "case",
            "case_number",
            "kind",
            "state",
            "room",
            "room_name",
            "starts_at",
            "ends_at",
            "members",
            "clerk",
            "is_public",
            "notes",
            "notice_waiver_reason",
        ]

    def get_notes(self, obj) -> str:
        user = self.context["request"].user
        if "read_paths" not in self.context:
            self.context["read_paths"] = policy.read_paths(user)
        return obj.notes if selectors.sees_sitting_notes(user, obj, paths=self.context["read_paths"]) else ""

    def get_room_name(self, obj) -> str | None:
        return str(obj.room) if obj.room_id else None

    def get_starts_at(self, obj) -> datetime:
        return timing.local(obj.starts_at).isoformat()

    def get_ends_at(self, obj) -> datetime:
        return timing.local(obj.ends_at).isoformat()


class SittingPageOutput(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SittingOutput(many=True)


class SittingCreateInput(serializers.Serializer):
    case = serializers.IntegerField(min_value=1, max_value=MAX_API_ID)
    kind = serializers.ChoiceField(choices=SittingKind.choices)
    room = IdRelatedField(queryset=Room.objects.all(), allow_null=True)
    starts_at = serializers.DateTimeField(help_text="ISO 8601，带时区，例如 2026-12-03T09:30:00+08:00")
    ends_at = serializers.DateTimeField()
    members = IdRelatedField(queryset=User.objects.all(), many=True)
    clerk = IdRelatedField(queryset=User.objects.all(), allow_null=True, required=False)
    is_public = serializers.BooleanField(default=True)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    notice_waiver_reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)


class SittingListCreateApi(APIView):
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, IsStaffMember]

    @extend_schema(
        tags=[TAG],
        operation_id="sittings_list",
        summary="开庭/调解安排列表 / sittings of the cases you may see",
        parameters=[SittingFilterInput],
        responses={
            200: SittingPageOutput,
            400: OpenApiResponse(description="输入有误"),
            404: OpenApiResponse(description="页码超出范围 / no such page"),
        },
    )
    def get(self, request):
        query = SittingFilterInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        qs = selectors.sittings_visible_to(
            request.user,
            room_id=data.get("room"),
            person_id=data.get("person"),
            case_id=data.get("case"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
        paginator = api_settings.DEFAULT_PAGINATION_CLASS()
        page = paginator.paginate_queryset(qs, request, view=self)
        if page:
            record(
                actor=request.user,
                action=AuditAction.READ,
                object_type="hearings.sitting",
                summary="api sittings list",
                data={"cases": sorted({s.case_id for s in page})},
                request=request,
            )
        return paginator.get_paginated_response(
            SittingOutput(page, many=True, context={"request": request}).data
        )

    @extend_schema(
        tags=[TAG],
        operation_id="sittings_schedule",
        summary="安排开庭/调解 / book a sitting (Law Art. 35)",
        request=SittingCreateInput,
        responses={
            201: SittingOutput,
            400: OpenApiResponse(description="冲突、非工作时间、通知期限不足等 / clash, hours, notice"),
            403: OpenApiResponse(description="无权为该案件安排"),
            404: OpenApiResponse(description="案件不存在或不可见"),
        },
    )
    def post(self, request):
        serializer = SittingCreateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            case = case_get_for_user(user=request.user, case_id=data["case"], write=True)
        except DjangoPermissionDenied:
            raise NotAllowed(_("您对该案件只有查阅权限。")) from None
        sitting = services.schedule_sitting(
            case=case,
            actor=request.user,
            kind=data["kind"],
            room=data["room"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            members=data["members"],
            clerk=data.get("clerk"),
            is_public=data["is_public"],
            notes=data["notes"],
            notice_waiver_reason=data["notice_waiver_reason"],
            request=request,
        )
        sitting = Sitting.objects.with_related().get(pk=sitting.pk)
        return Response(
            SittingOutput(sitting, context={"request": request}).data, status=status.HTTP_201_CREATED
        )
