"""Every page of every demo role: no 500, no internal code on screen, and axe-core clean.

The walk signs in as one person of each role of the demo district (and a party, and an
anonymous visitor), fills each URL pattern's parameters with an object that person can reach
(`walk.fill`), opens the page once per role and checks it:

1. any answer of 500 or more fails;
2. the visible text (and title, placeholder, aria-label attributes) holds no internal
   identifier (`walk.identifiers_in`: snake_case, dotted names, English words outside a small
   allow-list);
3. axe-core finds no violation of WCAG 2.1 A/AA. axe is injected by the test only (it is in
   package.json so `make assets` installs it; it is never served to users).

Patterns that are not pages are listed with their reason in `walk.SKIPPED`. Run alone with
`.venv/bin/pytest tests/browser/test_every_page.py -q -s` (prints the pages visited).
"""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from medarb.browser_testing import DESKTOP, TIMEOUT_MS, login_as, login_party
from medarb.demo import district
from medarb.demo.loader import load_demo
from tests.browser import walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))}));
}"""
# Text marked translate="no" is a code shown on purpose (a stream key's last characters, a
# command to copy): it is taken out before the text is read for identifiers.
VISIBLE_TEXT = """() => {
  const attrs = [...document.querySelectorAll('[title], [placeholder], [aria-label]')]
    .filter(el => el.closest('body'))
    .flatMap(el => ['title', 'placeholder', 'aria-label'].map(a => el.getAttribute(a) || ''));
  let text = document.body.innerText;
  for (const el of document.querySelectorAll('body [translate=no]')) {
    if (el.innerText) text = text.split(el.innerText).join(' ');
  }
  return [document.title, text, ...attrs].join('\\n');
}"""

# One person of each role; usernames of the demo (medarb/demo/district.py).
STAFF_ROLES = [
    "chair",  # TOTP
    "arb_lin",
    "clerk_liu",
    "filing",
    "mediator",
    "admin",  # TOTP
    "stats",
    "supervisor",
    "city_supervisor",
    "legalaid",
    "court",
    "luhu_mediator",  # street
    "luhu1_mediator",  # community
    "dianzi_mediator",  # enterprise
]
PARTY = "worker"
ANONYMOUS = "anonymous"


class Walk:
    def __init__(self, live_server):
        self.live_server = live_server
        self.failures: list[str] = []
        self.visited = 0
        self.unreached: dict[str, set[str]] = {}
        self.reached: set[str] = set()
        self.statuses: dict[int, int] = {}
        self.checked: set = set()

    def check(self, page, role: str, name: str, path: str) -> bool:
        """Open and check the page; whether the role was shown it (not refused or sent elsewhere)."""
        response = page.goto(f"{self.live_server.url}{path}", wait_until="load")
        status = response.status if response else 0
        where = f"{role} {path} ({name})"
        if status >= 500:
            self.failures.append(f"{where}: answered {status}")
            return False
        shown = status == 200 and page.url.split("?")[0].endswith(path.split("?")[0])
        self.statuses[status] = self.statuses.get(status, 0) + 1
        # A refusal (403, 404) shows the site's error page: check it once per role. A redirect
        # to a page already checked (the sign-in page, the dashboard) is not checked again.
        seen_key = status if status in (403, 404) else page.url
        if seen_key in self.checked:
            return shown
        self.checked.add(seen_key)
        self.visited += 1
        text = page.evaluate(VISIBLE_TEXT)
        allowed = walk.ALLOWED_ON_PAGE.get(name, {})
        for token in [] if name in walk.CODES_EXPECTED else walk.identifiers_in(text):
            if token not in allowed:
                self.failures.append(f"{where}: internal code on screen: {token!r}")
        if name not in walk.AXE_EXEMPT:
            page.add_script_tag(path=str(AXE))
            for violation in page.evaluate(RUN_AXE, AXE_TAGS):
                nodes = ", ".join(violation["nodes"][:5])
                self.failures.append(f"{where}: axe {violation['id']} ({violation['help']}): {nodes}")
        return shown

    def walk(self, page, role: str, user) -> None:
        patterns, _ = walk.page_patterns()
        seen_paths: set[str] = set()
        self.checked = set()
        for pattern in patterns:
            try:
                kwargs = walk.fill(pattern, user)
            except walk.NoObject as missing:
                self.unreached.setdefault(pattern.name, set()).add(f"{role}: {missing}")
                continue
            path = reverse(pattern.name, kwargs=kwargs) + walk.query(pattern, kwargs)
            if path in seen_paths:
                continue
            seen_paths.add(path)
            if self.check(page, role, pattern.name, path):
                self.reached.add(pattern.name)


@pytest.fixture
def walk_context(browser):
    """A fresh context per role on the one browser; bypass_csp lets the test inject axe."""
    contexts = []

    def new():
        context = browser.new_context(
            locale="zh-CN", timezone_id="Asia/Shanghai", viewport=DESKTOP, bypass_csp=True
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield new
    for context in contexts:
        context.close()


def test_every_page_of_every_role_shows_no_code_and_passes_axe(live_server, walk_context):
    assert AXE.exists(), f"{AXE} is missing: run `make assets` (package.json lists axe-core)"
    demo = load_demo()
    # What `make run` loads beside the demo: the law library, typical cases and the FAQ.
    call_command("load_laws", stdout=StringIO())
    call_command("load_faq", stdout=StringIO())
    from medarb.accounts.models import User, UserKind

    walker = Walk(live_server)
    page = walk_context()
    walker.walk(page, ANONYMOUS, None)
    for username in STAFF_ROLES:
        page = walk_context()
        login_as(page, live_server, username, district.DEMO_PASSWORD)
        walker.walk(page, username, User.objects.get(username=username))
    page = walk_context()
    phone = district.WORKER["phone"]
    login_party(page, live_server, phone)
    party = next(u for u in User.objects.filter(kind=UserKind.PARTY) if u.phone == phone)
    walker.walk(page, PARTY, party)

    patterns, skipped = walk.page_patterns()
    print(
        f"\nchecked {walker.visited} pages as {len(STAFF_ROLES) + 2} roles (answers: {walker.statuses}); "
        f"skipped {len(skipped)} patterns that are not pages"
    )
    never = {
        p.name: sorted(walker.unreached.get(p.name, {"every role: refused, or sent to another page"}))
        for p in patterns
        if p.name not in walker.reached and p.name not in walk.NOT_SHOWN
    }
    for name, roles in sorted(never.items()):
        print(f"  reached by no role: {name}: {roles[0]}{' …' if len(roles) > 1 else ''}")
    assert demo.cases
    assert not walker.failures, f"{len(walker.failures)} problems:\n" + "\n".join(walker.failures)
    # The demo is there so that every capability can be tried: each page is reached by someone.
    assert not never, "pages no demo role can reach:\n" + "\n".join(f"{n}: {r[0]}" for n, r in never.items())
