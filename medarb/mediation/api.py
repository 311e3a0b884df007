"""REST API v1 for mediation: a case's mediation file (as the viewer's scope allows) and the
statistics. The acts themselves go through the engine's `POST /cases/{id}/actions/{transition}/`,
which calls the same services with the same forms."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from medarb.cases.api import ERRORS, CaseApiView, case_for_api_request
from medarb.cases.services import record_case_read
from medarb.core.errors import NotAllowed
from medarb.mediation import selectors, stats
from medarb.mediation.scope import case_scope
from medarb.orgs.models import MediationLevel

TAG = "mediation"


class SessionOutput(serializers.Serializer):
    seq = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    room = serializers.CharField(source="room.name", allow_null=True, default=None)
    place = serializers.CharField()
    status = serializers.CharField()
    outcome = serializers.CharField()
    applicant_position = serializers.CharField()
    respondent_position = serializers.CharField()
    proposals = serializers.CharField()


class AgreementOutput(serializers.Serializer):
    status = serializers.CharField()
    text = serializers.CharField()
    text_hash = serializers.CharField()
    effective_on = serializers.DateField(allow_null=True)
    pdf_sha256 = serializers.CharField(source="pdf.sha256", allow_null=True, default=None)
    signers = serializers.SerializerMethodField()

    def get_signers(self, agreement) -> list[dict]:
        return [
            {
                "role": s.role,
                "name": s.signer_name,
                "signed_at": s.signed_at.isoformat(),
                "text_hash": s.text_hash,
            }
            for s in agreement.signatures.all()
        ]


class LinkOutput(serializers.Serializer):
    kind = serializers.CharField()
    from_case = serializers.IntegerField(source="from_case_id")
    to_case = serializers.IntegerField(source="to_case_id")


class MediationOutput(serializers.Serializer):
    level = serializers.CharField(allow_null=True)
    outcome = serializers.CharField(allow_null=True)
    mediator = serializers.CharField(allow_null=True)
    scope = serializers.ListField(
        child=serializers.CharField(), help_text="空表示整个案件 / empty = the whole case"
    )
    sessions = SessionOutput(many=True, allow_null=True)
    agreement = AgreementOutput(allow_null=True)
    links = LinkOutput(many=True)


class CaseMediationApi(CaseApiView):
    @extend_schema(
        tags=[TAG],
        operation_id="case_mediation",
        summary="调解卷 / the mediation file of a case, as far as your share's scope allows",
        responses={200: MediationOutput, 403: ERRORS[403], 404: ERRORS[404]},
    )
    def get(self, request, case_id: int):
        case = case_for_api_request(request, case_id)
        scope = case_scope(request.user, case)
        record_case_read(user=request.user, case=case, request=request, what="api mediation file")
        mfile = selectors.mediation_file(case)
        data = {
            "level": mfile.level if mfile else None,
            "outcome": mfile.outcome if mfile else None,
            "mediator": str(mfile.mediator) if mfile and mfile.mediator else None,
            "scope": [] if scope.full else sorted(scope.items),
            "sessions": list(selectors.sessions_for(case)) if scope.allows("sessions") else None,
            "agreement": selectors.current_agreement(case) if scope.allows("agreement") else None,
            "links": list(selectors.links_for(case)),
        }
        return Response(MediationOutput(data).data)


class StatsRowOutput(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    registered = serializers.IntegerField()
    success = serializers.IntegerField()
    failed = serializers.IntegerField()
    withdrawn = serializers.IntegerField()
    refused = serializers.IntegerField()
    referred = serializers.IntegerField()
    handed = serializers.IntegerField()
    pending = serializers.IntegerField()
    average_days = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    success_rate = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)


class StatsOutput(serializers.Serializer):
    units = StatsRowOutput(many=True)
    levels = StatsRowOutput(many=True)
    total = StatsRowOutput()


class StatsInput(serializers.Serializer):
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    level = serializers.ChoiceField(choices=MediationLevel.choices, required=False)

    def validate(self, attrs):
        if attrs.get("start") and attrs.get("end") and attrs["start"] > attrs["end"]:
            raise serializers.ValidationError({"end": _("结束日期不能早于开始日期。")})
        return attrs


class MediationStatsApi(CaseApiView):
    @extend_schema(
        tags=[TAG],
        operation_id="mediation_statistics",
        summary="调解统计 / mediation statistics per unit and level for the cases registered in a period",
        parameters=[
            OpenApiParameter("start", str, description="YYYY-MM-DD"),
            OpenApiParameter("end", str, description="YYYY-MM-DD"),
            OpenApiParameter("level", str, enum=MediationLevel.values),
        ],
        responses={200: StatsOutput, 400: ERRORS[400], 403: ERRORS[403]},
    )
    def get(self, request):
        if not stats.can_see_statistics(request.user):
            raise NotAllowed(_("您没有查看统计的权限。"))
        query = StatsInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        filters = {
            "start": query.validated_data.get("start"),
            "end": query.validated_data.get("end"),
            "level": query.validated_data.get("level", ""),
        }
        result = stats.report(user=request.user, **filters)
        return Response(
            StatsOutput({"units": result.units, "levels": result.levels, "total": result.total}).data
        )
