"""Basic accessibility of the portal on a phone: every form control has a label, the main
colours have text contrast of at least 4.5:1, and the keyboard reaches the main actions."""

import pytest

from medarb.browser_testing import login_party
from medarb.cases.models import CaseKind
from medarb.procedure.declaration import procedure_for
from medarb.search.services import load_library
from medarb.testing import register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = ["/portal/", "/portal/guide/", "/portal/ask/?question=加班费怎么算", "/portal/calculator/"]

# Controls a person fills in, and whether each has a label: <label for>, a wrapping <label>,
# aria-label or aria-labelledby. Hidden inputs, buttons and visually-hidden radio buttons
# inside a labelled slot are covered by the wrapping-label rule.
UNLABELLED = """() => [...document.querySelectorAll('input, select, textarea')]
  .filter(el => !['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type))
  .filter(el => !(el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`)))
  .filter(el => !el.closest('label'))
  .filter(el => !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
  .map(el => el.outerHTML.slice(0, 120))"""

CSS_VARIABLES = """() => {
  const root = getComputedStyle(document.documentElement);
  const body = getComputedStyle(document.body);
  const get = name => root.getPropertyValue(name).trim();
  return {
    medarb: get('--medarb'), medarbSoft: get('--medarb-soft'), primary: get('--bs-primary'),
    bodyColor: get('--bs-body-color'), bodyBg: get('--bs-body-bg'), pageBg: body.backgroundColor,
    secondary: get('--bs-secondary-color'), link: get('--bs-link-color'),
  };
}"""


FOCUSED = "document.activeElement.id || document.activeElement.getAttribute('aria-label') || ''"


def _rgb(colour: str) -> tuple[float, float, float]:
    colour = colour.strip()
    if colour.startswith("#"):
        hexes = colour[1:]
        if len(hexes) == 3:
            hexes = "".join(c * 2 for c in hexes)
        return tuple(int(hexes[i : i + 2], 16) for i in (0, 2, 4))
    parts = colour[colour.index("(") + 1 : colour.index(")")].replace("/", ",").split(",")
    return tuple(float(p) for p in parts[:3])


def _alpha(colour: str) -> float:
    if colour.startswith("rgba"):
        return float(colour[colour.index("(") + 1 : colour.index(")")].split(",")[3])
    return 1.0


def _blend(colour: str, over: str) -> tuple[float, float, float]:
    """A translucent text colour (Bootstrap's muted text is rgba) as seen over its background."""
    a, top, bottom = _alpha(colour), _rgb(colour), _rgb(over)
    return tuple(a * t + (1 - a) * b for t, b in zip(top, bottom, strict=True))


def _luminance(rgb) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg, bg) -> float:
    light, dark = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


class TestContrastArithmetic:
    def test_black_on_white_is_21_and_equal_colours_are_1(self):
        assert round(contrast((0, 0, 0), (255, 255, 255)), 1) == 21.0
        assert contrast((31, 78, 121), (31, 78, 121)) == 1.0


def test_every_form_control_on_the_public_pages_has_a_label(phone_page, live_server, cast):
    load_library()
    for path in PUBLIC_PAGES:
        phone_page.goto(f"{live_server.url}{path}")
        assert phone_page.evaluate(UNLABELLED) == [], path


def test_every_form_control_on_the_party_pages_has_a_label(phone_page, live_server, cast):
    case = register(actor=cast.filing_officer, unit=cast.district)
    login_party(phone_page, live_server, "13800138000", next_path="/portal/my/")
    for path in ["/portal/my/", f"/portal/my/{case.pk}/", "/portal/apply/", "/appointments/"]:
        phone_page.goto(f"{live_server.url}{path}")
        assert phone_page.evaluate(UNLABELLED) == [], path


def test_the_main_colours_have_text_contrast_of_at_least_4_5(phone_page, live_server, cast):
    phone_page.goto(f"{live_server.url}/portal/")
    c = phone_page.evaluate(CSS_VARIABLES)
    white = "#ffffff"
    pairs = {
        "body text on the page": (c["bodyColor"], c["pageBg"]),
        "brand text on white tiles": (c["medarb"], white),
        "brand text on a focused tile": (c["medarb"], c["medarbSoft"]),
        "white on the brand colour (current step)": (white, c["medarb"]),
        "white on a primary button": (white, c["primary"]),
        "muted text on the page": (c["secondary"], c["pageBg"]),
    }
    for name, (fg, bg) in pairs.items():
        ratio = contrast(_blend(fg, bg), _rgb(bg))
        assert ratio >= 4.5, f"{name}: {fg} on {bg} is {ratio:.2f}:1"


def test_links_have_text_contrast_of_at_least_4_5(phone_page, live_server, cast):
    phone_page.goto(f"{live_server.url}/portal/")
    c = phone_page.evaluate(CSS_VARIABLES)

    assert contrast(_rgb(c["link"]), _rgb(c["pageBg"])) >= 4.5


def test_the_keyboard_reaches_the_main_actions_of_the_home_page(phone_page, live_server, cast):
    phone_page.goto(f"{live_server.url}/portal/")
    wanted = {"提问", "在线申请", "我的案件", "办事指南", "法律法规"}
    reached = set()
    for _ in range(60):
        phone_page.keyboard.press("Tab")
        reached.add(phone_page.evaluate("document.activeElement.innerText.trim()"))
        if wanted <= reached:
            break
    assert wanted <= reached, wanted - reached


def test_the_keyboard_reaches_the_street_choice_and_the_diagrams_of_the_guide(phone_page, live_server, cast):
    phone_page.goto(f"{live_server.url}/portal/guide/")
    # The wide diagrams scroll inside their boxes; the page itself fits the phone.
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    reached = set()
    for _ in range(60):
        phone_page.keyboard.press("Tab")
        reached.add(
            phone_page.evaluate(
                "document.activeElement.id || document.activeElement.getAttribute('aria-label') || ''"
            )
        )
    labels = {procedure_for(kind).label for kind in (CaseKind.MEDIATION, CaseKind.ARBITRATION)}
    assert "street" in reached
    assert labels <= reached  # the scrollable diagram boxes take focus, so arrows can scroll them


def test_choosing_a_street_in_the_guide_shows_the_competent_bodies_in_place(phone_page, live_server, cast):
    phone_page.goto(f"{live_server.url}/portal/guide/")
    phone_page.evaluate("window.__notReloaded = true")

    phone_page.select_option("#street", str(cast.street_b.pk))

    answer = phone_page.locator("#competent .card")
    answer.wait_for()
    assert "西湖街道调解室" in answer.inner_text() and cast.district.name in answer.inner_text()
    assert phone_page.evaluate("window.__notReloaded === true")
