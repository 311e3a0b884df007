"""The court's API (裁审衔接接口): a court's liaison officer, with a token, lists the cases
shared with the court, fetches a dossier handed to it and acknowledges it, and posts a filing
and its outcome. Nothing else is reachable: a case not shared with the court is 404."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.settings import api_settings

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.cases.api import CaseApiView
from medarb.core.files import open_stored
from medarb.court import selectors, services
from medarb.court.models import Filing, Outcome, Route, Transfer

TAG = "court"
ERRORS = {
    400: OpenApiResponse(description="输入有误 / invalid input, field messages in Chinese"),
    403: OpenApiResponse(description="不是法院联络员 / not a court liaison officer"),
    404: OpenApiResponse(description="未共享给本院 / not shared with your court"),
}


class FilingOutput(serializers.ModelSerializer):
    route_label = serializers.CharField(source="get_route_display")
    outcome_label = serializers.CharField(source="get_outcome_display")
    party = serializers.CharField(source="party.name")
    court = serializers.CharField(source="court.name")

    class Meta:
        model = Filing
        fields = [
            "id",
            "route",
            "route_label",
            "party",
            "court",
            "court_number",
            "filed_on",
            "due_on",
            "late",
            "outcome",
            "outcome_label",
            "decided_on",
        ]


class TransferOutput(serializers.ModelSerializer):
    sha256 = serializers.CharField(source="package.sha256")
    size = serializers.IntegerField(source="package.size")

    class Meta:
        model = Transfer
        fields = ["id", "sha256", "size", "manifest_sha256", "sent_at", "received_at"]


class SharedCaseOutput(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(source="display_number")
    unit = serializers.CharField(source="unit.name")
    cause = serializers.CharField(source="primary_cause_label")
    closed_on = serializers.DateField(allow_null=True)
    close_reason = serializers.CharField()
    parties = serializers.SerializerMethodField()
    filings = FilingOutput(many=True, source="court_filings")
    transfers = serializers.SerializerMethodField()

    def get_parties(self, case) -> list[dict]:
        return [
            {"id": p.pk, "name": p.name, "side": p.side} for p in case.parties.all() if p.principal_id is None
        ]

    def get_transfers(self, case) -> list[dict]:
        courts = self.context["courts"]
        return TransferOutput([t for t in case.court_transfers.all() if t.court_id in courts], many=True).data


class FilingInput(serializers.Serializer):
    route = serializers.ChoiceField(choices=Route.choices)
    party = serializers.IntegerField(min_value=1, max_value=2**53, help_text="当事人 id（见案件的 parties）")
    court_number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    filed_on = serializers.DateField()


class OutcomeInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[c for c in Outcome.choices if c[0] != Outcome.PENDING])
    decided_on = serializers.DateField()
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    judgment = serializers.FileField(required=False, help_text="裁判文书 PDF（multipart）；撤诉可不传")


class ReceiptInput(serializers.Serializer):
    sha256 = serializers.RegexField(r"^[0-9a-fA-F]{64}$", help_text="收到的卷宗包的 SHA-256")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class CourtApiView(CaseApiView):
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not selectors.court_units(request.user):
            self.permission_denied(request, message=_("接口仅供人民法院联络员使用。"))

    def shared_case(self, request, case_id: int):
        case = selectors.shared_cases(request.user).filter(pk=case_id).first()
        if case is None:
            raise Http404
        return case


class SharedCasesApi(CourtApiView):
    @extend_schema(
        tags=[TAG],
        operation_id="court_cases_list",
        summary="共享给本院的案件 / cases shared with your court",
        responses={200: SharedCaseOutput(many=True), 403: ERRORS[403]},
    )
    def get(self, request):
        courts = {u.pk for u in selectors.court_units(request.user)}
        cases = (
            selectors.shared_cases(request.user)
            .prefetch_related(
                "parties", "court_filings__party", "court_filings__court", "court_transfers__package"
            )
            .order_by("-id")
        )
        paginator = api_settings.DEFAULT_PAGINATION_CLASS()
        page = paginator.paginate_queryset(cases, request, view=self)
        record(
            actor=request.user,
            action=AuditAction.READ,
            object_type="court_cases",
            summary="court api list",
            request=request,
        )
        return paginator.get_paginated_response(
            SharedCaseOutput(page, many=True, context={"courts": courts}).data
        )


class FilingsApi(CourtApiView):
    @extend_schema(
        tags=[TAG],
        operation_id="court_filings_create",
        summary="登记立案 / record a filing at your court",
        request=FilingInput,
        responses={201: FilingOutput, **ERRORS},
    )
    def post(self, request, case_id: int):
        case = self.shared_case(request, case_id)
        data = FilingInput(data=request.data)
        data.is_valid(raise_exception=True)
        party = case.parties.filter(pk=data.validated_data["party"], principal__isnull=True).first()
        if party is None:
            raise serializers.ValidationError({"party": [str(_("请选择本案的当事人。"))]})
        court = next(u for u in selectors.court_units(request.user) if u in selectors.courts_for(case))
        filing = services.record_filing(
            case=case,
            actor=request.user,
            route=data.validated_data["route"],
            party=party,
            court=court,
            filed_on=data.validated_data["filed_on"],
            court_number=data.validated_data["court_number"],
            request=request,
        )
        return Response(FilingOutput(filing).data, status=status.HTTP_201_CREATED)


class OutcomeApi(CourtApiView):
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(
        tags=[TAG],
        operation_id="court_filings_outcome",
        summary="登记裁判结果 / record the outcome",
        request={"application/json": OutcomeInput, "multipart/form-data": OutcomeInput},
        responses={200: FilingOutput, **ERRORS},
    )
    def post(self, request, filing_id: int):
        filing = get_object_or_404(Filing.objects.select_related("case", "party", "court"), pk=filing_id)
        self.shared_case(request, filing.case_id)
        data = OutcomeInput(data=request.data)
        data.is_valid(raise_exception=True)
        filing = services.record_outcome(
            filing=filing,
            actor=request.user,
            outcome=data.validated_data["outcome"],
            decided_on=data.validated_data["decided_on"],
            judgment=data.validated_data.get("judgment"),
            note=data.validated_data["note"],
            request=request,
        )
        return Response(FilingOutput(filing).data)


def _transfer(request, transfer_id: int) -> Transfer:
    transfer = get_object_or_404(Transfer.objects.select_related("case", "package", "court"), pk=transfer_id)
    if transfer.court not in selectors.court_units(request.user):
        raise Http404
    return transfer


class PackageApi(CourtApiView):
    @extend_schema(
        tags=[TAG],
        operation_id="court_transfers_package",
        summary="下载移送的卷宗包 / the dossier package (ZIP: 正卷.pdf + manifest.json)",
        responses={(200, "application/zip"): OpenApiResponse(description="ZIP"), **ERRORS},
    )
    def get(self, request, transfer_id: int):
        transfer = _transfer(request, transfer_id)
        record(
            actor=request.user,
            action=AuditAction.EXPORT,
            obj=transfer,
            case_id=transfer.case_id,
            summary="court api dossier package",
            request=request,
        )
        response = FileResponse(
            open_stored(transfer.package),
            content_type="application/zip",
            as_attachment=True,
            filename=f"dossier-{transfer.case_id}.zip",
        )
        response["X-Content-SHA256"] = transfer.package.sha256
        return response


class ReceiptApi(CourtApiView):
    @extend_schema(
        tags=[TAG],
        operation_id="court_transfers_receipt",
        summary="签收卷宗 / acknowledge the dossier with its SHA-256",
        request=ReceiptInput,
        responses={200: TransferOutput, **ERRORS},
    )
    def post(self, request, transfer_id: int):
        transfer = _transfer(request, transfer_id)
        data = ReceiptInput(data=request.data)
        data.is_valid(raise_exception=True)
        transfer = services.acknowledge(
            transfer=transfer,
            actor=request.user,
            sha256=data.validated_data["sha256"],
            note=data.validated_data["note"],
            request=request,
        )
        return Response(TransferOutput(transfer).data)
