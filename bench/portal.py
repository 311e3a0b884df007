"""The public portal: home, guide and a party's "my cases" (target: median < 50 ms each).

    .venv/bin/python bench/portal.py [--count 20000] [-n 50] [--rebuild]

Uses the bench database (demo district + generated cases). The party measured is a demo
party account linked to five cases, each with a running clock, a scheduled sitting and
messages, so the page shows every panel; the same party is then measured with one case to
show the page does not grow with the number of cases.
"""

from _harness import arguments, bench_database, load_average, measure, report

CASES = 5


def prepare():
    """A party account linked to CASES generated cases (made once, found again on later runs)."""
    from datetime import timedelta

    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from medarb.accounts.models import User, UserKind
    from medarb.cases.models import Case, Party
    from medarb.cases.services import add_timeline
    from medarb.hearings.models import Sitting, SittingKind
    from medarb.orgs.models import Room
    from medarb.portal.models import Faq
    from medarb.procedure.clocks import start_deadline

    if not Faq.objects.exists():  # the home page lists the FAQ; the demo build does not load it
        call_command("load_laws", verbosity=0)
        call_command("load_faq", verbosity=0)
    user = User.objects.filter(username="bench_portal_party").first()
    if user is not None and Case.objects.filter(parties__user=user).distinct().count() == CASES:
        return user
    with transaction.atomic():
        if user is None:
            user = User(username="bench_portal_party", full_name="压测当事人", kind=UserKind.PARTY)
            user.set_unusable_password()
            user.save()
        today = timezone.localdate()
        cases = list(Case.objects.filter(kind="arbitration", closed_on__isnull=True).order_by("id")[:CASES])
        for n, case in enumerate(cases):
            party = Party.objects.filter(case=case, side="applicant", principal__isnull=True).first()
            Party.objects.filter(pk=party.pk).update(user=user)
            start_deadline(case=case, rule_code="acceptance_decision", start=today)
            room = Room.objects.filter(unit=case.unit).first()
            starts = timezone.now() + timedelta(days=7 + n)
            # Bench data: a plain row, since the scheduling rules (working hours, clashes)
            # are not what is measured here.
            Sitting.objects.create(
                case=case,
                kind=SittingKind.HEARING,
                room=room,
                starts_at=starts,
                ends_at=starts + timedelta(hours=1),
            )
            for i in range(10):
                add_timeline(case=case, actor=None, kind="bench_portal", title=f"进度通知 {i}")
    return user


def main() -> None:
    args = arguments(__doc__, default_count=20_000)
    bench_database(count=args.count, data_dir=args.data_dir, rebuild=args.rebuild)
    from django.test import Client
    from django.urls import reverse

    from medarb.cases.models import Case

    print(f"load: {load_average()}")
    user = prepare()
    anonymous = Client()
    report("portal.home", measure(lambda: anonymous.get(reverse("portal:home")), n=args.n), target_ms=50)
    report("portal.guide", measure(lambda: anonymous.get(reverse("portal:guide")), n=args.n))
    party = Client()
    party.force_login(user)
    visible = Case.objects.visible_to(user).count()
    url = reverse("portal:my_cases")
    report(f"portal.my_cases_{visible}", measure(lambda: party.get(url), n=args.n), target_ms=50)
    first = Case.objects.visible_to(user).order_by("id").first()
    detail = reverse("portal:my_case", args=[first.pk])
    report("portal.my_case_detail", measure(lambda: party.get(detail), n=args.n), target_ms=50)


if __name__ == "__main__":
    main()
