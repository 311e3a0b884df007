"""No URL answers a 5xx to hostile input, whoever asks.

The test walks the whole URL resolver. For every pattern it substitutes each path parameter
with hostile values (zero, negative, a 30-digit number, letters, Chinese, a quote, a dash),
sends GETs with hostile values for every query parameter the code reads, and POSTs hostile
values to every form it finds on the pages (field names are read from the HTML), as the
anonymous public and as every person of the cast (medarb/testing.py). Bad input must get a
clear answer (400, 403, 404, a redirect, a form with errors), never a server error.
"""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import get_converters

from medarb.api.testing import sign_in
from medarb.hearings import services as hearing_services
from medarb.hearings.models import SittingKind
from medarb.orgs.models import RoomKind
from medarb.orgs.services import add_room
from medarb.testing import register

HOSTILE = ["0", "-1", str(10**30), "abc", "中文", "'", "-", ""]
# Paths whose POST ends the session or floods the outbox; their forms carry no data to fuzz.
SKIP_POST = ("/accounts/logout/",)
# Query names read by views through request.GET / query_params (found in the source below),
# plus the names every list and calendar page is likely to take.
COMMON_QUERY = {
    "case", "person", "room", "party", "members", "page", "page_size", "q", "date", "date_from",
    "date_to", "day", "week", "start", "ordering", "next", "kind", "state", "unit", "year", "month",
    "period_end", "period_start", "format", "step", "token", "id", "status", "level", "cause",
}  # fmt: skip
SOURCE_QUERY = re.compile(r"""(?:GET|query_params)(?:\.get\(|\[)\s*["']([a-z_]+)["']""")
PARAMQ = re.compile(r"\?.*")
PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def query_names() -> list[str]:
    root = Path(__file__).resolve().parents[2]
    names = set(COMMON_QUERY)
    for source in root.rglob("*.py"):
        if "tests" not in source.parts:
            names.update(SOURCE_QUERY.findall(source.read_text(encoding="utf-8")))
    return sorted(names)


def routes() -> list[str]:
    def walk(resolver, prefix):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                yield prefix + str(entry.pattern)

    return sorted(set(walk(get_resolver(), "/")))


def fill(route: str, value: str) -> str:
    return PARAM.sub(lambda match: value, route)


class Forms(HTMLParser):
    """The forms of a page: action, method and the names of their fields."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, str, list[str]]] = []
        self._current: tuple[str, str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = (attrs.get("action") or "", (attrs.get("method") or "get").lower(), [])
            self.forms.append(self._current)
        elif (
            tag in {"input", "select", "textarea", "button"}
            and self._current
            and attrs.get("name") not in (None, "", "csrfmiddlewaretoken")
        ):
            self._current[2].append(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def forms_of(response, page: str) -> list[tuple[str, str, list[str]]]:
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    parser = Forms()
    parser.feed(response.content.decode("utf-8", errors="replace"))
    found = []
    for action, method, names in parser.forms:
        target = urlsplit(action).path or page
        if target.startswith("/") and names:
            found.append((target, method, sorted(set(names))))
    return found


class Probe:
    def __init__(self):
        self.failures: list[str] = []
        self.requests = 0
        self.times = {}

    def send(self, client: Client, who: str, method: str, url: str, data=None) -> object | None:
        self.requests += 1
        import time

        t0 = time.perf_counter()
        try:
            response = client.post(url, data or {}) if method == "post" else client.get(url, data or {})
        except Exception as exc:
            self.failures.append(
                f"{who} {method.upper()} {url[:60]} {str(data)[:60] if data else ''} → {type(exc).__name__}: {str(exc)[:200]}"
            )
            return None
        finally:
            key = PARAMQ.sub("", url)
            self.times[key] = self.times.get(key, 0) + time.perf_counter() - t0
        if response.status_code >= 500:
            self.failures.append(
                f"{who} {method.upper()} {url[:80]} {str(data)[:60] if data else ''} → {response.status_code}"
            )
        return response


@pytest.fixture
def world(cast):
    """A case of each kind, a room and a sitting, so id 1 of most tables exists."""
    case = register(actor=cast.filing_officer, unit=cast.district)
    register(actor=cast.street_mediator, unit=cast.street_a, kind="mediation")
    room = add_room(unit=cast.district, name="第一仲裁庭", kind=RoomKind.ARBITRATION_COURT)
    from datetime import datetime, timedelta

    from medarb.hearings import timing

    start = timing.local(datetime.now().astimezone()).replace(hour=9, minute=30) + timedelta(days=30)
    while start.weekday() >= 5:
        start += timedelta(days=1)
    hearing_services.schedule_sitting(
        case=case,
        actor=cast.arbitrator,
        kind=SittingKind.HEARING,
        room=room,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        members=[cast.arbitrator],
    )
    return cast


def people(cast) -> dict[str, object]:
    return {"anonymous": None, **cast.staff(), "worker": cast.worker, "employer": cast.employer,
            "outsider": cast.outsider}  # fmt: skip


def client_for(user) -> Client:
    client = Client()
    return sign_in(client, user) if user is not None else client


def fits(route: str, value: str) -> bool:
    """Whether the value can reach a view through every converter of the route (else a plain 404)."""
    for match in PARAM.finditer(route):
        converter = get_converters()[match["converter"] or "str"]
        if not re.fullmatch(converter.regex, value):
            return False
    return True


SAMPLE = ["", str(10**30), "'", "中文", "-1"]  # the values every person also sends, route by route


def test_no_url_answers_a_server_error_to_hostile_input(world, settings):
    settings.WECHAT_API_BASE = "http://127.0.0.1:9"  # nothing listens: the exchange fails at once
    probe = Probe()
    names = query_names()
    all_routes = routes()
    everyone = people(world)
    thorough = {"anonymous", "chair", "worker"}
    # 1. Hostile path values, as the public, a staff member and a party.
    for who in thorough:
        client = client_for(everyone[who])
        for route in all_routes:
            for value in HOSTILE:
                if "<" in route and value and fits(route, value):
                    probe.send(client, who, "get", fill(route, value))
    # 2. Every person GETs every page (path ids 1) with hostile query values and collects its forms.
    for index, (who, user) in enumerate(everyone.items()):
        client = client_for(user)
        forms: dict[tuple[str, str], set[str]] = {}
        for number, route in enumerate(all_routes):
            page = fill(route, "1")
            if page in SKIP_POST:
                continue
            values = HOSTILE[(index + number) % len(HOSTILE) :][:1] + (SAMPLE if who in thorough else [])
            for value in values:
                response = probe.send(client, who, "get", page + "?" + urlencode(dict.fromkeys(names, value)))
                for target, method, fields in forms_of(response, page) if response else []:
                    forms.setdefault((target, method), set()).update(fields)
        # 3. Hostile values into every form found, in every field at once.
        for (target, method), fields in sorted(forms.items()):
            if target in SKIP_POST:
                continue
            values = HOSTILE if who in thorough else HOSTILE[index % 3 :: 3]
            for value in values:
                probe.send(client, who, method, target, dict.fromkeys(sorted(fields), value))
    print(f"{probe.requests} requests")
    for k, v in sorted(probe.times.items(), key=lambda kv: -kv[1])[:25]:
        print(f"{v:7.2f} {k}")
    assert not probe.failures, "\n".join(probe.failures[:200]) + f"\n({len(probe.failures)} failures)"
