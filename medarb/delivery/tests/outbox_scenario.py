"""Scenarios of the outbox run as separate processes on a real SQLite file in WAL mode
(the pytest database is in memory). Driven by `test_outbox_processes.py`:

    python outbox_scenario.py setup N         a case, N parties with e-mail, one notice served
                                              on all (N jobs wait in the SqliteHuey queue)
    python outbox_scenario.py sweep           the outbox sweep as if a lease had passed
    python outbox_scenario.py slow-send PORT  one notice sent to a stalling mail server while
                                              another thread logs in and writes to a case

The environment (MEDARB_DATA_DIR, DATABASE_URL, keys, mail server) comes from the caller.
Each prints one JSON line.
"""

import json
import os
import sys
import threading
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# Writers give up after 2 s instead of 30 s: a lock held through a 5-s send shows at once.
settings.DATABASES["default"]["OPTIONS"]["timeout"] = 2

from django.db import close_old_connections, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from medarb.cases.models import Case, Party, PartyKind, PartySide  # noqa: E402
from medarb.cases.services import add_timeline  # noqa: E402
from medarb.delivery import outbox, services  # noqa: E402
from medarb.delivery.models import ServiceAttempt  # noqa: E402
from medarb.documents import services as documents  # noqa: E402
from medarb.testing import PASSWORD, build_cast, register  # noqa: E402


def setup(count: int) -> dict:
    cast = build_cast()
    case = register(actor=cast.filing_officer, unit=cast.district)
    Case.objects.filter(pk=case.pk).update(number="鹭湖劳人仲案字〔2026〕第9号")
    case.refresh_from_db()
    notice = documents.issue_document(
        case=case,
        template_code="hearing_notice",
        actor=cast.clerk,
        context={"hearing_time": "二〇二六年十二月十日九时三十分", "room": "第一仲裁庭"},
    )
    parties = []
    for n in range(count):
        party = Party.objects.create(
            case=case, side=PartySide.APPLICANT, kind=PartyKind.WORKER, name=f"职工{n:03d}"
        )
        services.confirm_service_address(
            party=party, actor=cast.clerk, consent_electronic=True, email=f"worker{n:03d}@example.com"
        )
        parties.append(party)
    with transaction.atomic():  # the jobs are queued on commit, as in the web
        services.serve_document(document=notice, actor=cast.clerk, parties=parties)
    return {"case": case.pk, "attempts": ServiceAttempt.objects.filter(service__case=case).count()}


def sweep() -> dict:
    with transaction.atomic():
        ids = outbox.sweep(now=timezone.now() + settings.DELIVERY_LEASE)
    return {"requeued": len(ids)}


def slow_send(port: int) -> dict:
    """The notice goes to a server that stalls before answering; meanwhile a clerk logs in and
    writes to a case. Every write must succeed, none may meet "database is locked"."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 30
    attempt = ServiceAttempt.objects.order_by("pk").first()
    case = attempt.service.case
    clerk = attempt.service.created_by
    outcome = {}

    def job():
        try:
            outbox.deliver_attempt(attempt_id=attempt.pk)
        except Exception:
            outcome["job_error"] = traceback.format_exc()
        finally:
            close_old_connections()

    sender = threading.Thread(target=job)
    sender.start()
    Path(os.environ["SCENARIO_STARTED"]).touch()
    ready = Path(os.environ["SCENARIO_STALLING"])  # the mail server writes it when it stalls
    while not ready.exists() and sender.is_alive():
        threading.Event().wait(0.05)
    errors, writes = [], 0
    for n in range(3):
        try:
            response = Client().post(
                "/accounts/login/", {"username": clerk.username, "password": PASSWORD}
            )  # the real staff login: session, last login, axes and audit rows are written
            if response.status_code != 302:
                errors.append(f"login answered {response.status_code}")
            with transaction.atomic():
                add_timeline(case=case, actor=clerk, kind="note", title=f"并发写入 {n}")
            writes += 1
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
    stalled = not Path(os.environ["SCENARIO_ANSWERED"]).exists()
    sender.join()
    attempt.refresh_from_db()
    return {
        "writes": writes,
        "errors": errors,
        "status": attempt.status,
        "stalled_during_writes": stalled,
        **outcome,
    }


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "setup":
        result = setup(int(sys.argv[2]))
    elif command == "sweep":
        result = sweep()
    elif command == "slow-send":
        result = slow_send(int(sys.argv[2]))
    else:
        raise SystemExit(f"unknown scenario {command}")
    print(json.dumps(result, ensure_ascii=False))
