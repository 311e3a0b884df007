"""Each demo role signs in through the real login form and sees exactly its cases.

The expectation is computed from the demo's unit tree (a unit sees its own subtree; a
supervising body the subtree of its jurisdiction; legal aid and the court only what was
shared with them), independently of medarb.cases.policy.
"""

import os
import re
import shutil

import pytest

from medarb.browser_testing import case_ids_on_page, login_as, login_party
from medarb.demo import district
from medarb.demo.loader import DemoDistrict, Login, load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# One login of every kind of seat: district roles, bodies outside the tree, each level.
SEATS = [
    "chair",  # TOTP
    "admin",  # TOTP
    "arb_lin",
    "filing",
    "supervisor",
    "city_supervisor",
    "legalaid",
    "court",
    "qs_filing",
    "luhu_mediator",
    "luhu1_mediator",
    "dianzi_mediator",
    "yinxing_mediator",
]
SHARE_ONLY_UNITS = {"legal_aid", "court"}


@pytest.fixture
def demo() -> DemoDistrict:
    return load_demo()


def expected_case_ids(demo: DemoDistrict, login: Login) -> set[int]:
    if login.unit_key in SHARE_ONLY_UNITS:
        return {case_id for case_id, key in demo.shares if key == login.unit_key}
    unit = demo.units[login.unit_key]
    root = login.unit_key
    if unit.jurisdiction_id:  # a supervising body reads the subtree it supervises
        root = next(key for key, u in demo.units.items() if u.pk == unit.jurisdiction_id)
    keys = demo.subtree_keys(root)
    return {case_id for case_id, key in demo.case_units.items() if key in keys}


def visible_case_ids(page, live_server) -> tuple[set[int], int]:
    """Every case id listed across all pages of the case list, and the count it announces."""
    page.goto(f"{live_server.url}/cases/")
    counter = page.get_by_text(re.compile(r"共 \d+ 件")).inner_text()
    announced = int(re.search(r"\d+", counter).group())
    pages = int(page.locator(".pagination .disabled .page-link").inner_text().split("/")[1])
    ids = case_ids_on_page(page)
    for number in range(2, pages + 1):
        page.goto(f"{live_server.url}/cases/?page={number}")
        ids |= case_ids_on_page(page)
    return ids, announced


class TestEachDemoRoleSeesExactlyItsCases:
    @pytest.mark.parametrize("username", SEATS)
    def test_the_case_list_shows_the_cases_of_the_seats_subtree_and_nothing_else(
        self, page, live_server, demo, username
    ):
        login = next(seat for seat in demo.logins if seat.username == username)
        expected = expected_case_ids(demo, login)

        login_as(page, live_server, username, district.DEMO_PASSWORD)
        seen, announced = visible_case_ids(page, live_server)

        assert expected, f"the demo should give {username} something to see"
        assert seen == expected, (
            f"{username}: missing {sorted(expected - seen)}, extra {sorted(seen - expected)}"
        )
        assert announced == len(expected)


class TestDemoPartiesSeeOnlyTheirOwnCases:
    @pytest.mark.parametrize("who", ["WORKER", "EMPLOYER"])
    def test_a_party_signed_in_by_sms_code_sees_exactly_the_cases_naming_their_phone(
        self, page, live_server, demo, who
    ):
        phone = getattr(district, who)["phone"]

        login_party(page, live_server, phone)
        page.goto(f"{live_server.url}/portal/my/")
        hrefs = page.locator("main a[href*='/portal/my/']").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
        seen = {int(m.group(1)) for href in hrefs if (m := re.search(r"/portal/my/(\d+)/", href))}

        assert seen == demo.party_cases[phone]

    def test_a_party_cannot_open_the_staff_case_list(self, page, live_server, demo):
        login_party(page, live_server, district.WORKER["phone"])
        response = page.goto(f"{live_server.url}/cases/")

        assert response.status == 403


class TestTheCaseListLooksRight:
    def test_the_filing_officer_sees_a_clean_first_page_with_chinese_labels(
        self, page, live_server, demo, tmp_path
    ):
        login_as(page, live_server, "filing", district.DEMO_PASSWORD)
        page.goto(f"{live_server.url}/cases/")

        rows = page.locator("[data-testid=case-table] tbody tr")
        assert rows.count() == 25
        assert "鹭湖区仲裁院" in page.locator("[data-testid=case-table]").inner_text()
        shot = tmp_path / "case_list.png"
        page.screenshot(path=str(shot), full_page=True)
        if target := os.environ.get("MEDARB_SCREENSHOT_DIR"):
            shutil.copy(shot, target)
