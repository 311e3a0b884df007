from pathlib import Path

import pytest

from medarb.browser_testing import _new_page, login_as
from medarb.demo.loader import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots"); SHOTS.mkdir(exist_ok=True)


def test_shots(browser, live_server, settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "StaffMfa" not in m]
    load_demo()
    _c, page = _new_page(browser, viewport={"width": 1280, "height": 900})
    login_as(page, live_server, "chair", next_path="/reports/dashboard/")
    page.wait_for_timeout(2500)
    page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=True)
    page.goto(f"{live_server.url}/reports/")
    page.screenshot(path=str(SHOTS / "tables.png"), full_page=True)
    page.goto(f"{live_server.url}/performance/")
    page.screenshot(path=str(SHOTS / "performance.png"), full_page=True)
    page.goto(f"{live_server.url}/stats/causes/?start=2025-12-01&end=2026-12-07")
    page.wait_for_timeout(1500)
    page.screenshot(path=str(SHOTS / "causes.png"), full_page=True)
    page.goto(f"{live_server.url}/cases/register/")
    page.screenshot(path=str(SHOTS / "register.png"), full_page=True)
    page.goto(f"{live_server.url}/alerts/rules/")
    page.screenshot(path=str(SHOTS / "rules.png"), full_page=True)
