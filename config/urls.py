from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from medarb.cases import views as case_views
from medarb.core import views as core_views

urlpatterns = [
    path("", case_views.dashboard, name="dashboard"),
    path("health/", core_views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("medarb.accounts.urls")),
    path("cases/", include("medarb.cases.urls")),
    path("", include("medarb.arbitration.urls")),  # /cases/<id>/act/<transition>/, /procedure/<kind>/
    path("orgs/", include("medarb.orgs.urls")),
    path("hearings/", include("medarb.hearings.urls")),
    path("mediation/", include("medarb.mediation.urls")),
    path("laws/", include("medarb.search.urls")),
    path("portal/", include("medarb.portal.urls")),
    path("wechat/", include("medarb.wechat.urls")),
    path("appointments/", include("medarb.appointments.urls")),
    path("calendar/", include("medarb.procedure.urls")),
    path("documents/", include("medarb.documents.urls")),
    path("delivery/", include("medarb.delivery.urls")),
    path("recording/", include("medarb.recording.urls")),
    path("transcripts/", include("medarb.transcripts.urls")),
    path("reviews/", include("medarb.reviews.urls")),
    path("alerts/", include("medarb.alerts.urls")),
    path("archives/", include("medarb.archives.urls")),
    path("court/", include("medarb.court.urls")),
    path("library/", include("medarb.publication.urls")),
    path("legal-aid/", include("medarb.legalaid.urls")),
    path("stats/", include("medarb.stats.urls")),
    path("performance/", include("medarb.performance.urls")),
    path("reports/", include("medarb.reports.urls")),
    path("meetings/", include("medarb.meetings.urls")),
    path("identity/", include("medarb.identity.urls")),
    path("verify/", include("medarb.documents.verify_urls")),
    path("api/", include("medarb.api.urls")),
]

handler400 = "medarb.core.errors_views.bad_request"
handler403 = "medarb.core.errors_views.permission_denied"
handler404 = "medarb.core.errors_views.page_not_found"
handler500 = "medarb.core.errors_views.server_error"
