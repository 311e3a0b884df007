"""The procedure through the API, with the same checks as the pages: a case's state, the
actions the caller may fire, deadlines and timeline; firing an action."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from medarb.arbitration.selectors import workflow_state
from medarb.cases import policy, workflow
from medarb.cases.api import ERRORS, CaseApiView, case_for_api_request
from medarb.cases.services import record_case_read
from medarb.procedure.models import Approval, ApprovalState

TAG = "workflow"


class StateOutput(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    closed = serializers.BooleanField()


class ActionOutput(serializers.Serializer):
    code = serializers.CharField(source="transition.code")
    label = serializers.CharField(source="transition.label")
    article = serializers.CharField(source="transition.article")
    allowed = serializers.BooleanField()
    reason = serializers.CharField(allow_null=True, help_text="不能办理的原因 / why it is blocked")
    needs_approval = serializers.BooleanField(source="transition.needs_approval")
    inputs = serializers.SerializerMethodField(help_text="提交时需要的字段 / the fields the action takes")

    def get_inputs(self, action) -> list[dict]:
        form = workflow.bind_form(action.transition, self.context["case"])
        if form is None:
            return [{"name": "note", "label": str(_("备注")), "required": False}]
        return [{"name": n, "label": str(f.label), "required": f.required} for n, f in form.fields.items()]


class DeadlineOutput(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    due_on = serializers.DateField(allow_null=True)
    days_left = serializers.IntegerField(allow_null=True, help_text="按规则计日方式，负数为已超期")
    day_type = serializers.CharField()
    paused = serializers.BooleanField()
    article = serializers.CharField()
    state = serializers.CharField()
    explanation = serializers.CharField()


class TimelineOutput(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.CharField()
    title = serializers.CharField()
    detail = serializers.CharField()
    article = serializers.CharField()
    actor = serializers.StringRelatedField()


class ApprovalOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    transition_code = serializers.CharField()
    requested_by = serializers.StringRelatedField()
    requested_at = serializers.DateTimeField()


class WorkflowOutput(serializers.Serializer):
    case_id = serializers.IntegerField()
    kind = serializers.CharField()
    state = StateOutput()
    actions = ActionOutput(many=True)
    deadlines = DeadlineOutput(many=True)
    pending_approvals = ApprovalOutput(many=True)
    timeline = TimelineOutput(many=True)


def _workflow(request, case) -> dict:
    data = workflow_state(user=request.user, case=case)
    state = data["state"]
    timeline = case.timeline.select_related("actor").order_by("at", "id")
    if policy.is_party(request.user):
        timeline = timeline.filter(is_internal=False)
    payload = {
        "case_id": case.pk,
        "kind": case.kind,
        "state": {
            "code": case.status,
            "label": state.label if state else case.status,
            "closed": bool(case.closed_on),
        },
        "actions": data["actions"],
        "deadlines": data["deadlines"],
        "pending_approvals": Approval.objects.filter(case=case, state=ApprovalState.PENDING).select_related(
            "requested_by"
        ),
        "timeline": timeline,
    }
    return WorkflowOutput(payload, context={"case": case}).data


class WorkflowApi(CaseApiView):
    @extend_schema(
        tags=[TAG],
        operation_id="case_workflow",
        summary="办案程序 / state, actions you may fire, deadlines, timeline",
        responses={200: WorkflowOutput, 403: ERRORS[403], 404: ERRORS[404]},
    )
    def get(self, request, case_id: int):
        case = case_for_api_request(request, case_id)
        record_case_read(user=request.user, case=case, request=request, what="workflow api")
        return Response(_workflow(request, case))


class ActionApi(CaseApiView):
    @extend_schema(
        tags=[TAG],
        operation_id="case_action",
        summary="办理程序操作 / fire an action (same checks as the case page)",
        description=(
            "请求体为该操作的字段（见 GET workflow 的 actions[].inputs），例如 "
            '{"on": "2026-03-02", "note": "…"}。需主任审批的操作提交后返回 approval_requested=true，'
            "案件状态在批准后才改变。"
        ),
        request=inline_serializer(
            "ActionInput",
            {"on": serializers.DateField(required=False), "note": serializers.CharField(required=False)},
        ),
        responses={
            200: inline_serializer(
                "ActionResult",
                {"approval_requested": serializers.BooleanField(), "workflow": WorkflowOutput()},
            ),
            400: ERRORS[400],
            403: ERRORS[403],
            404: ERRORS[404],
        },
    )
    def post(self, request, case_id: int, transition: str):
        case = case_for_api_request(request, case_id, write=True)
        data = request.data if isinstance(request.data, dict) else {}
        try:
            workflow.perform(case=case, transition=transition, actor=request.user, data=data, request=request)
        except workflow.ActionInvalid as exc:
            return Response(exc.form.errors, status=status.HTTP_400_BAD_REQUEST)
        case.refresh_from_db()
        requested = workflow.pending_approval(case, transition) is not None
        return Response({"approval_requested": requested, "workflow": _workflow(request, case)})
