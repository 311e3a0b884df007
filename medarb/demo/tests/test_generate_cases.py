"""`generate_cases`: many cases quickly, consistent with what the services would have written."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from medarb.cases.models import Case, Party, PartyKind
from medarb.cases.services import allocate_case_number
from medarb.core.crypto import blind_index
from medarb.demo.generator import generate_cases
from medarb.demo.loader import load_demo
from medarb.procedure.declaration import registered

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    """The demo plus 400 generated cases, built once in a transaction rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo = load_demo()
        before = Case.objects.count()
        created = generate_cases(count=400, seed=7, batch_size=150)
        yield demo, before, created
        transaction.set_rollback(True)


class TestGeneratedCases:
    def test_it_creates_the_requested_number_of_cases_with_parties_and_claims(self, generated):
        _, before, created = generated

        assert created == 400
        assert Case.objects.count() == before + 400
        new = Case.objects.order_by("-id")[:400]
        assert all(c.parties.count() >= 2 and c.claims.count() >= 1 for c in new)

    def test_denormalised_columns_match_the_parties_and_claims(self, generated):
        for case in Case.objects.order_by("-id")[:100]:
            names = " ".join(case.parties.order_by("side", "id").values_list("name", flat=True))
            total = sum((c.amount or Decimal(0) for c in case.claims.all()), Decimal(0))
            assert case.party_names == names[:500]
            assert case.claimed_total == total
            assert case.unit_path == case.unit.path
            assert case.is_collective == (case.worker_count >= 10)

    def test_personal_data_is_encrypted_once_and_found_by_its_blind_index(self, generated):
        worker = Party.objects.filter(kind=PartyKind.WORKER).order_by("-id").first()

        assert len(worker.id_number) == 18  # decrypts to the clear number, not to a ciphertext
        assert worker.id_index == blind_index(worker.id_number)
        assert worker.phone_index == blind_index(worker.phone)

    def test_states_come_from_the_declared_procedures_and_arbitration_stays_at_commissions(self, generated):
        for kind, procedure in registered().items():
            assert set(Case.objects.filter(kind=kind).values_list("status", flat=True)) <= set(
                procedure.states
            )
        assert not Case.objects.filter(kind="arbitration").exclude(unit__kind="commission").exists()

    def test_dates_are_ordered_and_within_three_years(self, generated):
        today = timezone.localdate()
        for case in Case.objects.order_by("-id")[:400]:
            assert today - timedelta(days=3 * 365 + 1) <= case.received_on <= today
            if case.accepted_on:
                assert case.received_on <= case.accepted_on <= today
            if case.closed_on:
                assert (case.accepted_on or case.received_on) <= case.closed_on <= today

    def test_numbers_are_unique_and_the_sequences_continue_after_them(self, generated):
        duplicates = (
            Case.objects.exclude(number=None).values("number").annotate(n=Count("id")).filter(n__gt=1)
        )
        assert not duplicates.exists()

        case = Case.objects.filter(number=None, kind="arbitration").first()
        number = allocate_case_number(case=case, on=timezone.localdate())
        assert Case.objects.filter(number=number).count() == 1
