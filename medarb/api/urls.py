from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from medarb.api.views import RedocDocsView, SwaggerDocsView, redoc_csp

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SwaggerDocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", redoc_csp(RedocDocsView.as_view(url_name="api-schema")), name="api-redoc"),
    path("v1/", include("medarb.api.v1")),
]
