"""Legal aid in the browser: the worker applies in the portal on a phone with a proof; the
station's officer finds it on the desk, sees the hardship check pass, grants aid and assigns a
lawyer of the station; the lawyer opens the case; the worker's page says who helps them."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from medarb.browser_testing import _new_page, login_as, login_party
from medarb.documents.pdf import write_pdf
from medarb.documents.testing import _session_data_dir, document_store  # noqa: F401
from medarb.orgs.models import RegionalStandard, Role, StandardKind
from medarb.testing import make_staff, register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_worker_applies_officer_grants_lawyer_assigned_and_sees_the_case(
    browser, live_server, cast, settings, tmp_path
):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "StaffMfa" not in m]
    SHOTS.mkdir(parents=True, exist_ok=True)
    RegionalStandard.objects.create(
        region_code="",
        kind=StandardKind.LEGAL_AID_LINE,
        amount=Decimal("1300"),
        effective_from=date(2022, 1, 1),
        source="测试标准",
    )
    lawyer = make_staff("lawyer", "孙律师", cast.legal_aid, Role.LEGAL_AID_OFFICER)
    case = register(actor=cast.filing_officer, unit=cast.district)
    proof = tmp_path / "收入证明.pdf"
    proof.write_bytes(write_pdf("<h1>收入证明</h1><p>月收入 1100 元。</p>"))

    _context, phone = _new_page(
        browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    login_party(phone, live_server, "13800138000", next_path=f"/portal/my/{case.pk}/")
    section = phone.get_by_test_id("legal-aid")
    section.locator("summary").click()
    form = section.get_by_test_id("legal-aid-form")
    form.locator("#aid-income").fill("1100")
    form.locator("#aid-migrant").check()
    form.locator("#aid-statement").fill("公司拖欠三个月工资，无力聘请律师。")
    form.locator("#aid-proofs").set_input_files(str(proof))
    form.get_by_test_id("legal-aid-apply").click()
    expect(phone.get_by_test_id("legal-aid-state")).to_have_text("待审查")

    officer = _new_page(browser, viewport={"width": 1280, "height": 900})[1]
    login_as(officer, live_server, "legalaid", next_path="/legal-aid/")
    row = officer.get_by_test_id("legal-aid-row").filter(has_text="张三")
    officer.screenshot(path=str(SHOTS / "legal-aid-desk.png"), full_page=True)
    row.get_by_role("link", name="办理").click()
    expect(officer.get_by_test_id("eligibility")).to_contain_text("符合条件")
    expect(officer.get_by_test_id("aid-deadlines")).to_contain_text("法律援助审查决定期限")
    officer.get_by_test_id("approve").click()
    expect(officer.get_by_test_id("aid-state")).to_have_text("准予援助，待指派")
    officer.locator("#assignee").select_option(label="孙律师")
    officer.get_by_test_id("assign").click()
    expect(officer.get_by_test_id("aid-state")).to_have_text("已指派")
    officer.screenshot(path=str(SHOTS / "legal-aid-application.png"), full_page=True)

    counsel = _new_page(browser, viewport={"width": 1280, "height": 900})[1]
    login_as(counsel, live_server, lawyer.username, next_path=f"/cases/{case.pk}/")
    expect(counsel.locator("h1")).to_contain_text(case.display_number)
    expect(counsel.get_by_test_id("legal-aid-panel")).to_contain_text("已指派")

    phone.reload()
    expect(phone.get_by_test_id("legal-aid")).to_contain_text("为您提供法律援助的是 孙律师")
    phone.screenshot(path=str(SHOTS / "legal-aid-worker.png"), full_page=True)
