"""200 simulated people (arriving 10 a second) booking and checking progress against the real server
(target: p95 < 300 ms on this 2-core machine).

    .venv/bin/python bench/portal_load.py [--users 200] [--seconds 60] [--port 8151]

Starts gunicorn on 127.0.0.1 with the bench database, signs in `--users` party accounts
(sessions made in this process), and runs one thread per person. Each person, like a locust
user with a 1–3 s wait between steps, opens the portal home, My cases, the booking page,
books a slot once (a real POST with the CSRF token), looks at My bookings, and then keeps
checking My cases and the home page. Every response time is collected; errors (non-2xx/3xx
or connection failures) are counted and printed. Loopback only; the server is stopped at the end.
"""

import argparse
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta

from _harness import ROOT, bench_database, load_average, report

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=int(os.environ.get("BENCH_COUNT", 20_000)))
    parser.add_argument("--data-dir", default=os.environ.get("BENCH_DATA_DIR", "/tmp/medarb-bench"))
    parser.add_argument("--rebuild", action="store_true", default=os.environ.get("BENCH_REBUILD") == "1")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--port", type=int, default=8151)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--spawn-rate", type=float, default=10.0, help="people arriving per second")
    return parser.parse_args()


def prepare(users: int):
    """A booking point and `users` party accounts, each linked to one case; their session cookies."""
    from django.test import Client

    from medarb.accounts.models import User, UserKind
    from medarb.appointments.models import Booking, PointKind, ServicePoint
    from medarb.cases.models import Case, Party
    from medarb.orgs.models import Unit, UnitKind

    district = Unit.objects.filter(kind=UnitKind.COMMISSION).order_by("id").first()
    # Roomy slots, so that people are not all turned away: the figure is about speed.
    point, _ = ServicePoint.objects.get_or_create(
        unit=district,
        name="压测立案窗口",
        defaults={"kind": PointKind.values[0], "capacity": 50, "slot_minutes": 30},
    )
    Booking.objects.filter(point=point).delete()  # each run starts with free slots
    case_ids = list(
        Case.objects.filter(closed_on__isnull=True)
        .order_by("-id")  # bench/portal.py takes the first ones
        .values_list("id", flat=True)[:users]
    )
    cookies = []
    for n in range(users):
        user, created = User.objects.get_or_create(
            username=f"bench_load_{n}", defaults={"full_name": f"压测{n}", "kind": UserKind.PARTY}
        )
        if created:
            user.set_phone(f"1390000{n:04d}")
            user.set_unusable_password()
            user.save()
            party = Party.objects.filter(case_id=case_ids[n % len(case_ids)], principal__isnull=True).first()
            Party.objects.filter(pk=party.pk).update(user=user)
        client = Client()
        client.force_login(user)
        cookies.append(client.cookies["sessionid"].value)
    return point, cookies


def free_slots(point) -> list:
    """Every bookable (day, time) in the horizon; people are spread over them."""
    from django.utils import timezone

    from medarb.appointments import services

    today = timezone.localdate()
    found = []
    for offset in range(1, services.BOOKING_HORIZON_DAYS + 1):
        day = today + timedelta(days=offset)
        found += [
            (day, timezone.localtime(slot.start).time()) for slot in services.slots_for(point=point, day=day)
        ]
    if not found:
        raise SystemExit("no bookable slot in the horizon")
    return found


class Person(threading.Thread):
    def __init__(self, base: str, cookie: str, point_id: int, day_slot, stop_at: float, results: dict):
        super().__init__(daemon=True)
        import requests

        self.session = requests.Session()
        self.session.cookies.set("sessionid", cookie, domain="127.0.0.1")
        self.base, self.point_id, self.day_slot, self.stop_at, self.results = (
            base,
            point_id,
            day_slot,
            stop_at,
            results,
        )
        self.rng = random.Random(cookie)
        self.arrival = 0.0

    def hit(self, name: str, method: str, path: str, **kwargs):
        started = time.perf_counter()
        try:
            response = self.session.request(
                method, self.base + path, timeout=30, allow_redirects=False, **kwargs
            )
            ok, what = response.status_code < 400, str(response.status_code)
        except Exception as exc:  # a refused or timed-out request is an error to count
            response, ok, what = None, False, type(exc).__name__
        elapsed = (time.perf_counter() - started) * 1000
        with LOCK:
            self.results.setdefault(name, []).append(elapsed)
            if not ok:
                ERRORS[f"{name} {what}"] = ERRORS.get(f"{name} {what}", 0) + 1
        return response

    def wait(self):
        time.sleep(self.rng.uniform(1, 3))

    def run(self):
        steps = [
            lambda: self.hit("home", "GET", "/portal/"),
            lambda: self.hit("my_cases", "GET", "/portal/my/"),
            self.book,
            lambda: self.hit("my_bookings", "GET", "/appointments/mine/"),
        ]
        i = 0
        time.sleep(self.arrival)  # people arrive at the spawn rate, as locust spawns users
        while time.time() < self.stop_at:
            if i < len(steps):
                steps[i]()
            else:
                self.rng.choice(steps[:2] + steps[3:])()
            i += 1
            self.wait()

    def book(self):
        page = self.hit("book_page", "GET", f"/appointments/{self.point_id}/book/")
        if page is None or not (match := CSRF.search(page.text)):
            return
        day, slot = self.day_slot
        self.hit(
            "book_post",
            "POST",
            f"/appointments/{self.point_id}/book/",
            data={
                "csrfmiddlewaretoken": match.group(1),
                "day": day.isoformat(),
                "slot": slot.strftime("%H:%M"),
                "name": "压测",
                "phone": "13900000000",
            },
            headers={"Referer": self.base + f"/appointments/{self.point_id}/book/"},
        )


LOCK = threading.Lock()
ERRORS: dict[str, int] = {}


def main() -> None:
    args = arguments()
    bench_database(count=args.count, data_dir=args.data_dir, rebuild=args.rebuild)
    point, cookies = prepare(args.users)
    slots = free_slots(point)
    base = f"http://127.0.0.1:{args.port}"
    env = dict(os.environ, ALLOWED_HOSTS="127.0.0.1,localhost")
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            # Longer than the 3 s think time, so a kept-alive connection is not closed just
            # as the person sends the next request (that race shows as ConnectionError).
            "--keep-alive",
            "5",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        import requests

        for _ in range(100):
            try:
                requests.get(base + "/portal/", timeout=5)
                break
            except requests.RequestException:
                time.sleep(0.2)
        print(
            f"load: {load_average()}; {args.users} people for {args.seconds} s "
            f"against gunicorn {args.workers} workers x {args.threads} threads"
        )
        results: dict[str, list[float]] = {}
        stop_at = time.time() + args.seconds
        people = [
            Person(base, c, point.pk, slots[n % len(slots)], stop_at, results) for n, c in enumerate(cookies)
        ]
        for n, person in enumerate(people):
            person.arrival = n / args.spawn_rate
            person.start()
        for person in people:
            person.join()
        everything = [t for times in results.values() for t in times]
        for name, times in sorted(results.items()):
            report(f"portal_load.{name}", times)
        report(f"portal_load.all_{args.users}_users", everything)
        p95 = sorted(everything)[round(0.95 * (len(everything) - 1))]
        print(
            f"BENCH portal_load.summary requests={len(everything)} errors={sum(ERRORS.values())} "
            f"rps={len(everything) / args.seconds:.1f} p95={p95:.1f}ms "
            f"target<300ms {'OK' if p95 < 300 else 'OVER'}"
        )
        if ERRORS:
            print(f"errors by step: {ERRORS}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
