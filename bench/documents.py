"""Documents and service: a 5-page award generated and sealed (target: median under 2 s), and
1,000 service notices queued and sent by the job consumer while web pages keep answering.

    .venv/bin/python bench/documents.py [--count 500] [-n 10] [--notices 1000] [--rebuild]

The notices go by e-mail to a real local SMTP server (aiosmtpd) started here; the consumer is
a real `manage.py run_huey` process on the bench database (SqliteHuey, two worker threads).
While it drains the queue, the case list is fetched again and again and its latency reported.
"""

import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from _harness import ROOT, arguments, bench_database, load_average, measure, report

FINDINGS = (
    "经审理查明：申请人于二〇二四年三月一日入职被申请人处，从事电子装配工作，双方签订了期限为三年的劳动合同，"
    "约定月工资为人民币肆仟元整，被申请人自二〇二六年八月起未足额支付申请人工资。"
)


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_smtp() -> tuple[object, list]:
    from aiosmtpd.controller import Controller

    received: list = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append(len(envelope.content))
            return "250 OK"

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    os.environ["MEDARB_EMAIL_BACKEND"] = "django.core.mail.backends.smtp.EmailBackend"
    os.environ["MEDARB_EMAIL_HOST"] = "127.0.0.1"
    os.environ["MEDARB_EMAIL_PORT"] = str(port)
    return controller, received


def bench_award(args) -> None:
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from medarb.cases.models import Case
    from medarb.documents import services
    from medarb.orgs.models import Role

    # A plain case (the notice benchmark adds 1,000 parties to another one).
    case = (
        Case.objects.filter(kind="arbitration", unit__kind="commission")
        .annotate(party_count=Count("parties"))
        .filter(party_count__lte=3)
        .order_by("id")
        .first()
    )
    if not case.number:
        Case.objects.filter(pk=case.pk).update(number=f"鹭湖劳人仲案字〔2026〕第{90000 + case.pk}号")
        case.refresh_from_db()
    arbitrator = (
        get_user_model()
        .objects.filter(memberships__unit=case.unit, memberships__role=Role.ARBITRATOR)
        .first()
    )
    context = {
        "findings": "\n\n".join([FINDINGS * 3] * 5),
        "reasoning": "\n\n".join([FINDINGS * 2] * 4),
        "award_text": "一、被申请人于本裁决生效之日起五日内支付申请人工资人民币壹万贰仟元整；\n\n"
        "二、驳回申请人的其他仲裁请求。",
    }
    document = services.issue_document(
        case=case, template_code="award_final", actor=arbitrator, context=context
    )
    print(f"award pages: {document.layout['pages']}")
    durations = measure(
        lambda: services.issue_document(
            case=case, template_code="award_final", actor=arbitrator, context=context
        ),
        n=args.n,
        warmup=1,
    )
    report("documents.award_5_pages_generate_and_seal", durations, target_ms=2000)


def bench_notices(args) -> None:
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.test import Client
    from django.utils import timezone

    from medarb.api.testing import sign_in
    from medarb.cases.models import Case, Party, PartyKind, PartySide
    from medarb.delivery import services as delivery
    from medarb.delivery.models import AttemptStatus, ServiceAddress, ServiceAttempt
    from medarb.documents import services
    from medarb.orgs.models import Role

    case = Case.objects.filter(kind="arbitration", unit__kind="commission").order_by("-id").first()
    clerk = get_user_model().objects.filter(memberships__unit=case.unit, memberships__role=Role.CLERK).first()
    notice = services.issue_document(case=case, template_code="hearing_notice", actor=clerk, sign=True)
    now = timezone.now()
    with transaction.atomic():
        parties = Party.objects.bulk_create(
            [
                Party(case=case, side=PartySide.APPLICANT, kind=PartyKind.WORKER, name=f"工人{i:04d}")
                for i in range(args.notices)
            ]
        )
        ServiceAddress.objects.bulk_create(
            [
                ServiceAddress(
                    party=p, consent_electronic=True, email=f"w{p.pk}@example.com", confirmed_at=now
                )
                for p in parties
            ]
        )

    consumer = subprocess.Popen(
        [sys.executable, "manage.py", "run_huey", "--workers", "4", "--worker-type", "thread"],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        client = sign_in(Client(), clerk)
        idle = measure(lambda: client.get("/cases/"), n=20)
        report("documents.case_list_before_notices", idle)

        started = time.perf_counter()
        services_created = delivery.serve_document(document=notice, actor=clerk, parties=parties)
        queued = time.perf_counter() - started
        print(f"BENCH documents.queue_{len(services_created)}_notices seconds={queued:.1f}")

        busy: list[float] = []
        done = threading.Event()
        sent = 0
        deadline = time.monotonic() + 900
        while time.monotonic() < deadline:
            t = time.perf_counter()
            response = client.get("/cases/")
            busy.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200
            sent = ServiceAttempt.objects.filter(
                service__in=services_created, status=AttemptStatus.SENT
            ).count()
            if sent >= len(services_created):
                break
        done.set()
        drained = time.perf_counter() - started
        failed = (
            ServiceAttempt.objects.filter(service__in=services_created)
            .exclude(status=AttemptStatus.SENT)
            .count()
        )
        print(
            f"BENCH documents.notices_sent count={sent} not_sent={failed} seconds={drained:.1f} "
            f"rate={sent / drained:.0f}/s"
        )
        walls = sorted(busy)
        print(
            f"BENCH documents.case_list_while_sending median={statistics.median(walls):.1f}ms "
            f"p95={walls[round(0.95 * (len(walls) - 1))]:.1f}ms max={walls[-1]:.1f}ms n={len(walls)}"
        )
    finally:
        consumer.terminate()
        consumer.wait(timeout=30)


def main() -> None:
    import argparse

    extra = argparse.ArgumentParser(add_help=False)
    extra.add_argument("--notices", type=int, default=int(os.environ.get("BENCH_NOTICES", 1000)))
    known, rest = extra.parse_known_args()
    sys.argv = [sys.argv[0], *rest]
    os.environ.setdefault("BENCH_N", "10")
    args = arguments(__doc__.splitlines()[0], default_count=500)
    args.notices = known.notices
    if args.data_dir == "/tmp/medarb-bench":  # keep off the other benchmarks' database
        args.data_dir = "/tmp/medarb-bench-documents"
    controller, received = start_smtp()
    os.environ["MEDARB_JOB_WORKERS"] = "4"
    try:
        bench_database(count=args.count, data_dir=args.data_dir, rebuild=args.rebuild)
        Path(args.data_dir, "pki").mkdir(exist_ok=True)
        print(f"load {load_average()}")
        bench_award(args)
        bench_notices(args)
        print(f"SMTP server received {len(received)} messages")
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
