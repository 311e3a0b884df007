"""Case numbers stay gap-free and unique when many acceptances race (PostgreSQL only: SQLite
serialises writers, so the race cannot happen there)."""

import threading
from datetime import date

import pytest
from django.db import connection, connections

from medarb.arbitration import services
from medarb.cases.models import Case
from medarb.testing import build_cast, register

WORKERS = 8


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
class TestConcurrentAcceptance:
    def test_eight_simultaneous_acceptances_take_numbers_one_to_eight(self):
        cast = build_cast()
        cases = [register(actor=cast.filing_officer, unit=cast.district) for _ in range(WORKERS)]
        barrier = threading.Barrier(WORKERS)
        errors: list[BaseException] = []

        def accept(case: Case) -> None:
            try:
                barrier.wait(timeout=10)
                services.accept_case(
                    case=Case.objects.get(pk=case.pk), actor=cast.filing_officer, on=date.today()
                )
            except BaseException as exc:  # reported below, in the main thread
                errors.append(exc)
            finally:
                connections.close_all()  # each thread has its own connection

        threads = [threading.Thread(target=accept, args=(case,)) for case in cases]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert not errors, errors
        numbers = sorted(Case.objects.filter(pk__in=[c.pk for c in cases]).values_list("number", flat=True))
        year = date.today().year
        assert numbers == sorted(f"鹭湖劳人仲案字〔{year}〕第{n}号" for n in range(1, WORKERS + 1))

    def test_a_refused_acceptance_gives_its_number_back(self):
        cast = build_cast()
        first, second = (register(actor=cast.filing_officer, unit=cast.district) for _ in range(2))
        Case.objects.filter(pk=first.pk).update(is_collective=True)  # no representatives: refused
        first.refresh_from_db()
        with pytest.raises(Exception, match="代表人"):
            services.accept_case(case=first, actor=cast.filing_officer, on=date.today())
        services.accept_case(case=second, actor=cast.filing_officer, on=date.today())
        assert second.number.endswith("第1号")
