"""REST API v1 for cases, parties and claims: a second door to the same selectors and services.

Who may use it: staff only, through a token (`Authorization: Token …`) or a staff session
that has passed its second factor. Parties are refused with 403 on every endpoint: they use
the portal, which shows their own cases in the form meant for them; an API client acting for
a party would need its own scoped credentials, which v1 does not offer.

Visibility is cases.policy, as on the pages: an invisible case is 404, a write on a case
the user only reads is 403. Every staff read of a case's data is audited.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from medarb.cases import policy, selectors, services
from medarb.cases.models import Case, Party
from medarb.cases.scope import case_scope
from medarb.cases.serializers import (
    CaseDetailOutput,
    CaseFilterInput,
    CaseListOutput,
    CaseListPageOutput,
    CaseRegisterInput,
    ClaimInput,
    ClaimOutput,
    NewPartyInput,
    PartyInput,
    PartyOutput,
)
from medarb.core.errors import DomainError, NotAllowed

TAG = "cases"
ERRORS = {
    400: OpenApiResponse(
        description="输入有误：{字段: [中文提示]} / invalid input, field messages in Chinese"
    ),
    403: OpenApiResponse(description="无权操作（只读、非工作人员）/ not allowed"),
    404: OpenApiResponse(description="案件不存在或不可见 / no such case visible to you"),
}


class IsStaffMember(BasePermission):
    message = _("API 仅供工作人员使用；当事人请使用当事人服务平台。")

    def has_permission(self, request, view) -> bool:
        return policy.is_staff(request.user)


class CaseApiView(APIView):
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, IsStaffMember]


def case_for_api_request(request, case_id: int, *, write: bool = False, detail: bool = False) -> Case:
    """Fetch and authorise in one call; a read-only user's write is a 403 with a clear message."""
    fetch = selectors.case_detail if detail else selectors.case_get_for_user
    try:
        return fetch(user=request.user, case_id=case_id, write=write)
    except DjangoPermissionDenied:
        raise NotAllowed(_("您对该案件只有查阅权限。")) from None


def _party_input(data: dict, *, principal_index: int | None = None) -> services.PartyInput:
    fields = {k: v for k, v in data.items() if k not in {"principal", "principal_index"}}
    return services.PartyInput(**fields, principal_index=principal_index)


class CaseListRegisterApi(CaseApiView):
    @extend_schema(
        tags=[TAG],
        operation_id="cases_list",
        summary="案件列表 / list the cases you may see",
        parameters=[CaseFilterInput],
        responses={200: CaseListPageOutput, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    def get(self, request):
        query = CaseFilterInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        filters = selectors.CaseFilters(
            q=data.get("q", ""),
            kind=data.get("kind", ""),
            status=data.get("status", ""),
            unit_id=data.get("unit"),
            cause=data.get("cause", ""),
            open_only=data["open"],
            collective_only=data["collective"],
            industry=data.get("industry", ""),
            employer_type=data.get("employer_type", ""),
            ordering=data["ordering"],
        )
        paginator = api_settings.DEFAULT_PAGINATION_CLASS()
        page = paginator.paginate_queryset(
            selectors.case_list(user=request.user, filters=filters), request, view=self
        )
        return paginator.get_paginated_response(CaseListOutput(page, many=True).data)

    @extend_schema(
        tags=[TAG],
        operation_id="cases_register",
        summary="收件登记 / register an application (Law Art. 28)",
        request=CaseRegisterInput,
        responses={201: CaseDetailOutput, 400: ERRORS[400], 403: ERRORS[403]},
    )
    def post(self, request):
        units = policy.units_for_registration(request.user)
        if not units:
            raise NotAllowed(_("您没有登记案件的权限。"))
        serializer = CaseRegisterInput(data=request.data, context={"units": units})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        unit = next(u for u in units if u.pk == data.pop("unit"))
        parties = [_party_input(p, principal_index=p.get("principal_index")) for p in data.pop("parties")]
        claims = [services.ClaimInput(**c) for c in data.pop("claims")]
        case = services.register_case(
            actor=request.user,
            data=services.CaseInput(**data, unit=unit, parties=parties, claims=claims),
            request=request,
        )
        case = selectors.case_detail(user=request.user, case_id=case.pk)
        context = {"clear": True, "can_write": True}
        return Response(CaseDetailOutput(case, context=context).data, status=status.HTTP_201_CREATED)


def _require_scope(request, case, item: str) -> None:
    if not case_scope(request.user, case).allows(item):
        raise NotAllowed(_("该内容未共享给您。"))


class CaseDetailApi(CaseApiView):
    @extend_schema(
        tags=[TAG],
        operation_id="cases_retrieve",
        summary="案件详情 / one case with parties, claims and timeline",
        responses={200: CaseDetailOutput, 403: ERRORS[403], 404: ERRORS[404]},
    )
    def get(self, request, case_id: int):
        case = case_for_api_request(request, case_id, detail=True)
        can_write = policy.can_write_case(request.user, case)
        services.record_case_read(user=request.user, case=case, request=request, what="api case")
        context = {
            "clear": policy.sees_personal_data(request.user, case, can_write=can_write),
            "can_write": can_write,
        }
        data = CaseDetailOutput(case, context=context).data
        scope = case_scope(request.user, case)
        for item, empty in (("parties", []), ("claims", []), ("facts", ""), ("timeline", [])):
            if not scope.allows(item):  # a scoped share sees only what was shared
                data[item] = empty
        if not scope.allows("parties"):
            data["party_names"] = ""
        return Response(data)


class CasePartiesApi(CaseApiView):
    @extend_schema(
        tags=[TAG],
        operation_id="cases_parties_list",
        summary="当事人列表 / the parties of a case",
        responses={200: PartyOutput(many=True), 403: ERRORS[403], 404: ERRORS[404]},
    )
    def get(self, request, case_id: int):
        case = case_for_api_request(request, case_id)
        _require_scope(request, case, "parties")
        services.record_case_read(user=request.user, case=case, request=request, what="api parties")
        parties = case.parties.select_related("principal").order_by("side", "id")
        clear = policy.sees_personal_data(request.user, case)
        return Response(PartyOutput(parties, many=True, context={"clear": clear}).data)

    @extend_schema(
        tags=[TAG],
        operation_id="cases_parties_add",
        summary="追加当事人 / add a party or agent (Art. 46(1) restarts the clock)",
        request=NewPartyInput,
        responses={201: PartyOutput, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    def post(self, request, case_id: int):
        case = case_for_api_request(request, case_id, write=True)
        serializer = NewPartyInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        principal = None
        if (principal_id := serializer.validated_data.get("principal")) is not None:
            principal = case.parties.filter(pk=principal_id).first()
            if principal is None:
                raise DomainError(_("被代理人须为本案当事人。"), field="principal")
        party = services.add_party(
            actor=request.user,
            case=case,
            data=_party_input(serializer.validated_data),
            principal=principal,
            request=request,
        )
        return Response(PartyOutput(party, context={"clear": True}).data, status=status.HTTP_201_CREATED)


class PartyUpdateApi(CaseApiView):
    @extend_schema(
        tags=[TAG],
        operation_id="parties_update",
        summary="更正当事人信息 / correct a party's details",
        request=PartyInput(partial=True),
        responses={200: PartyOutput, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    def patch(self, request, party_id: int):
        case_id = Party.objects.filter(pk=party_id).values_list("case_id", flat=True).first()
        if case_id is None:
            raise Http404
        case = case_for_api_request(request, case_id, write=True)
        party = case.parties.get(pk=party_id)
        serializer = PartyInput(
            data=request.data, partial=True, context={"is_organisation": party.is_organisation}
        )
        serializer.is_valid(raise_exception=True)
        stored = {name: getattr(party, name) for name in PartyInput().fields}
        party = services.update_party(
            actor=request.user,
            party=party,
            data=_party_input(stored | serializer.validated_data),
            request=request,
        )
        return Response(PartyOutput(party, context={"clear": True}).data)


class CaseClaimsApi(CaseApiView):
    @extend_schema(
        tags=[TAG],
        operation_id="cases_claims_list",
        summary="请求事项 / the claims of a case",
        responses={200: ClaimOutput(many=True), 403: ERRORS[403], 404: ERRORS[404]},
    )
    def get(self, request, case_id: int):
        case = case_for_api_request(request, case_id)
        _require_scope(request, case, "claims")
        services.record_case_read(user=request.user, case=case, request=request, what="api claims")
        return Response(ClaimOutput(case.claims.order_by("position", "id"), many=True).data)

    @extend_schema(
        tags=[TAG],
        operation_id="cases_claims_add",
        summary="增加请求 / add a claim",
        request=ClaimInput,
        responses={201: ClaimOutput, 400: ERRORS[400], 403: ERRORS[403], 404: ERRORS[404]},
    )
    def post(self, request, case_id: int):
        case = case_for_api_request(request, case_id, write=True)
        serializer = ClaimInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        claim = services.add_claim(
            actor=request.user,
            case=case,
            data=services.ClaimInput(**serializer.validated_data),
            request=request,
        )
        return Response(ClaimOutput(claim).data, status=status.HTTP_201_CREATED)
