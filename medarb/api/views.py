"""The API's documentation pages, served from the installed sidecar: nothing loads from the internet.

Both pages avoid inline scripts: Swagger UI takes its init script from a second request to
the same view (`?script=`), Redoc reads the schema URL from its `<redoc spec-url>` element.
"""

from csp.decorators import csp_update
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView


class SwaggerDocsView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
    title = "medarb API v1"


class RedocDocsView(SpectacularRedocView):
    template_name = "api/redoc.html"
    title = "medarb API v1"


# Redoc renders with styled-components, which injects <style> elements, and runs its search
# index in a blob: worker; this page alone may do both. Its script is still 'self' only.
redoc_csp = csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"]})
