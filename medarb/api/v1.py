"""REST API v1 routes: each app contributes its own `api.py` views."""

from django.urls import path

from medarb.arbitration import api as workflow_api
from medarb.arbitration import api_calculator
from medarb.cases import api as cases_api
from medarb.court import api as court_api
from medarb.hearings import api as hearings_api
from medarb.mediation import api as mediation_api
from medarb.procedure import api as procedure_api

urlpatterns: list = [
    path("cases/", cases_api.CaseListRegisterApi.as_view(), name="api-cases"),
    path("cases/<id:case_id>/", cases_api.CaseDetailApi.as_view(), name="api-case"),
    path("cases/<id:case_id>/parties/", cases_api.CasePartiesApi.as_view(), name="api-case-parties"),
    path("cases/<id:case_id>/claims/", cases_api.CaseClaimsApi.as_view(), name="api-case-claims"),
    path("parties/<id:party_id>/", cases_api.PartyUpdateApi.as_view(), name="api-party"),
    path("sittings/", hearings_api.SittingListCreateApi.as_view(), name="api-sittings"),
    path("deadlines/preview", procedure_api.DeadlinePreviewApi.as_view(), name="api-deadline-preview"),
    path("deadlines/rules/", procedure_api.DeadlineRulesApi.as_view(), name="api-deadline-rules"),
    path("calculator/", api_calculator.CalculatorApi.as_view(), name="api-calculator"),
    path("cases/<id:case_id>/workflow/", workflow_api.WorkflowApi.as_view(), name="api-case-workflow"),
    path(
        "cases/<id:case_id>/actions/<slug:transition>/",
        workflow_api.ActionApi.as_view(),
        name="api-case-action",
    ),
    path(
        "cases/<id:case_id>/mediation/", mediation_api.CaseMediationApi.as_view(), name="api-case-mediation"
    ),
    path("mediation/statistics/", mediation_api.MediationStatsApi.as_view(), name="api-mediation-statistics"),
    path("court/cases/", court_api.SharedCasesApi.as_view(), name="api-court-cases"),
    path("court/cases/<id:case_id>/filings/", court_api.FilingsApi.as_view(), name="api-court-filings"),
    path("court/filings/<id:filing_id>/outcome/", court_api.OutcomeApi.as_view(), name="api-court-outcome"),
    path(
        "court/transfers/<id:transfer_id>/package/", court_api.PackageApi.as_view(), name="api-court-package"
    ),
    path(
        "court/transfers/<id:transfer_id>/receipt/", court_api.ReceiptApi.as_view(), name="api-court-receipt"
    ),
]
