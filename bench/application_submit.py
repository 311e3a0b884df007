"""The online application's submit: the time from the submit to the page that follows the
ID card reading (target: median well under 300 ms), and the reading job itself.

    .venv/bin/python bench/application_submit.py [--count 20000] [-n 20] [--consumer]

Each measured applicant is a fresh party account with a complete draft and an SMS code sent
through the real code service (console SMS backend). Measured, with the test Client on the
bench database and the real SqliteHuey queue (no consumer running, so the jobs wait):

- `apply.submit_to_follow_page`: POST of the last step (ID number and SMS code checked, the
  photo admitted, encrypted and stored, the job queued) plus the GET of the follow page.
- `apply.ocr_job`: each queued job run here as the consumer runs it (`run_submission`:
  decrypt, OCR with RapidOCR, compare, file the application); the first run loads the models.

With `--consumer`, a real `manage.py run_huey` process (two worker threads) then takes jobs
while the page is polled every 200 ms as htmx does: `apply.submit_to_done` is the time from
the click to the page saying the application is filed.
"""

import os
import subprocess
import sys
import time

from _harness import ROOT, arguments, bench_database, load_average, measure, report

NAME, ID_NUMBER = "张三", "110101199003078515"


def applicant(n: int):
    """A party account with the first five steps saved and a fresh SMS code for its phone."""
    from medarb.accounts.models import SmsCodePurpose, User, UserKind
    from medarb.accounts.services import request_sms_code
    from medarb.core.sms import ConsoleBackend
    from medarb.orgs.models import Unit, UnitKind
    from medarb.portal import application

    stamp = f"{int(time.time() * 1000) % 10**7:07d}{n:03d}"[-8:]
    phone = f"139{stamp}"
    user = User(username=f"bench_apply_{phone}", full_name=NAME, kind=UserKind.PARTY)
    user.set_unusable_password()
    user.save()
    street = Unit.objects.filter(kind=UnitKind.STREET, is_active=True).order_by("id").first()
    draft = application.current_draft(user=user)
    steps = {
        "applicant": {"name": NAME, "id_number": ID_NUMBER, "phone": phone, "address": "东湖路1号"},
        "employer": {"name": "某电子有限公司", "uscc": "", "address": "工业园8号"},
        "facts": {"street": street.pk, "started_on": "2024-03-01", "ended_on": "2026-08-31", "facts": "欠薪"},
        "claims": [{"cause": "wages.unpaid", "description": "支付拖欠工资", "amount": "18000"}],
        "evidence": {"count": 0},
    }
    for step, answers in steps.items():
        application.save_step(draft=draft, step=step, answers=answers)
    request_sms_code(phone=phone, purpose=SmsCodePurpose.VERIFY)
    return user, ConsoleBackend.outbox[-1]["params"]["code"]


def submit(client, card: bytes, code: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/portal/apply/submit/",
        {"kind": "arbitration", "photo": SimpleUploadedFile("id.png", card), "sms_code": code},
    )
    assert response.status_code == 302 and "/apply/check/" in response["Location"], response.status_code
    page = client.get(response["Location"])
    assert page.status_code == 200 and "正在识别身份证" in page.content.decode()
    return response["Location"]


def main() -> None:
    consumer_wanted = "--consumer" in sys.argv
    if consumer_wanted:
        sys.argv.remove("--consumer")
    args = arguments(__doc__, default_count=20_000)
    bench_database(count=args.count, data_dir=args.data_dir, rebuild=args.rebuild)
    from django.conf import settings
    from django.test import Client

    from medarb.identity.testing import id_card_png
    from medarb.portal.models import ApplicationSubmission, SubmissionState
    from medarb.portal.submission import run_submission

    print(f"load: {load_average()}; queue: {settings.HUEY['huey_class']}")
    card = id_card_png(NAME, ID_NUMBER)
    people = [applicant(i) for i in range(args.n + 3)]
    clients = []
    for user, code in people:
        client = Client()
        client.force_login(user)
        clients.append((client, code))
    queue = iter(clients)
    report(
        "apply.submit_to_follow_page",
        measure(lambda: submit(*_next_pair(queue, card)), n=args.n),
        target_ms=300,
    )
    queued = list(
        ApplicationSubmission.objects.filter(state=SubmissionState.QUEUED, user__in=[u for u, _ in people])
    )
    jobs = []
    for submission in queued:
        started, cpu = time.perf_counter(), time.process_time()
        run_submission(submission_id=submission.pk)
        jobs.append(((time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000))
    done = ApplicationSubmission.objects.filter(pk__in=[s.pk for s in queued], state=SubmissionState.DONE)
    print(f"first job (loads the OCR models): {jobs[0][0]:.0f} ms; filed {done.count()}/{len(queued)}")
    report("apply.ocr_job", jobs[1:])
    _drain_huey_queue()
    if consumer_wanted:
        follow_with_consumer(card, n=min(args.n, 10))


def _next_pair(queue, card):
    client, code = next(queue)
    return client, card, code


def _drain_huey_queue() -> None:
    """The jobs run above were also queued in SqliteHuey: drop them, they have nothing left to do."""
    from huey.contrib.djhuey import HUEY

    HUEY.flush()


def follow_with_consumer(card: bytes, *, n: int) -> None:
    from django.test import Client

    consumer = subprocess.Popen(
        [sys.executable, "manage.py", "run_huey", "--workers", "2", "--worker-type", "thread"],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        time.sleep(3)  # the consumer starts and loads Django
        totals = []
        for i in range(n):
            user, code = applicant(900 + i)
            client = Client()
            client.force_login(user)
            started = time.perf_counter()
            follow = submit(client, card, code)
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                poll = client.get(follow + "?seen=waiting", headers={"HX-Request": "true"})
                if poll.has_header("HX-Redirect"):
                    break
                if poll.status_code == 200 and "apply-failed" in poll.content.decode():
                    raise SystemExit("the reading failed: " + poll.content.decode()[:300])
                time.sleep(0.2)
            else:
                raise SystemExit("the consumer did not finish a job in 120 s")
            totals.append((time.perf_counter() - started) * 1000)
        print("(the first job of the consumer loads the OCR models)")
        report("apply.submit_to_done_with_consumer", totals)
    finally:
        os.killpg(consumer.pid, 15)
        consumer.wait(timeout=30)


if __name__ == "__main__":
    main()
