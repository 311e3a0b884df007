"""The documentation pages render in Chromium with the real CSP and nothing from the internet."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Redoc's footer always shows a logo from its vendor's CDN; our CSP (img-src 'self') blocks it
# before any request leaves the machine, and Redoc then hides the image.
REDOC_VENDOR_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


def watch(page, live_server) -> dict[str, list]:
    """Collect console errors, and requests that leave the test server and how they ended."""
    seen: dict[str, list] = {"errors": [], "outside": [], "blocked": []}
    page.on("console", lambda msg: msg.type == "error" and seen["errors"].append(msg.text))
    page.on("pageerror", lambda exc: seen["errors"].append(str(exc)))

    def outside(request) -> bool:
        return request.url.startswith(("http://", "https://")) and not request.url.startswith(live_server.url)

    page.on("request", lambda request: outside(request) and seen["outside"].append(request.url))
    page.on(
        "requestfailed",
        lambda request: outside(request) and seen["blocked"].append((request.url, request.failure)),
    )
    return seen


class TestDocsPagesInTheBrowser:
    def test_swagger_ui_lists_the_case_operations(self, page, live_server):
        seen = watch(page, live_server)
        page.goto(f"{live_server.url}/api/docs/")
        page.wait_for_selector(".opblock-summary-path", timeout=15_000)
        paths = [p.replace("\u200b", "") for p in page.locator(".opblock-summary-path").all_inner_texts()]
        assert "/api/v1/cases/{case_id}/claims/" in paths
        assert page.locator(".opblock-summary-description", has_text="收件登记").count() == 1
        assert seen == {"errors": [], "outside": [], "blocked": []}

    def test_redoc_renders_the_schema_and_nothing_leaves_the_machine(self, page, live_server):
        seen = watch(page, live_server)
        page.goto(f"{live_server.url}/api/redoc/")
        page.locator("h2", has_text="案件详情 / one case with parties, claims and timeline").wait_for(
            timeout=15_000
        )
        page.wait_for_load_state("networkidle")
        assert set(seen["outside"]) <= {REDOC_VENDOR_LOGO}
        assert all(failure == "csp" for _url, failure in seen["blocked"])
        assert len(seen["blocked"]) == len(seen["outside"])
        assert [e for e in seen["errors"] if "logo-mini.svg" not in e] == []
