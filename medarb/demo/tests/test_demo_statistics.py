"""After `load_demo` the mediation statistics agree with the data: the files carry the outcome of
their case's state, and the page's figures (read from the DailyStat rollup) equal a direct count."""

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import pytest

from medarb.accounts.models import User
from medarb.cases import policy
from medarb.cases.models import Case, CaseKind
from medarb.mediation import stats
from medarb.mediation.models import DailyStat, MediationFile, Outcome

pytestmark = pytest.mark.django_db

# What the mediation acts leave in a file for each state a sample case can stand in.
EXPECTED_OUTCOME = {
    "registered": Outcome.PENDING,
    "accepted": Outcome.PENDING,
    "in_session": Outcome.PENDING,
    "agreement_signing": Outcome.PENDING,
    "performance": Outcome.AGREEMENT,
    "closed_agreement": Outcome.AGREEMENT,
    "closed_failed": Outcome.FAILED,
    "handed_to_arbitration": Outcome.FAILED,
    "closed_withdrawn": Outcome.WITHDRAWN,
    "refused": Outcome.REFUSED,
    "referred": Outcome.REFERRED,
}


def _direct_count(files) -> dict:
    """The statistics' figures counted straight from the files, without the rollup."""
    outcomes = Counter(f.outcome for f in files)
    closed = [f for f in files if f.outcome in stats.CLOSED]
    return {
        "registered": len(files),
        "success": outcomes[Outcome.AGREEMENT],
        "failed": outcomes[Outcome.FAILED],
        "withdrawn": outcomes[Outcome.WITHDRAWN],
        "refused": outcomes[Outcome.REFUSED],
        "referred": outcomes[Outcome.REFERRED],
        "handed": sum(f.handed_over for f in files),
        "pending": outcomes[Outcome.PENDING],
        "closed": len(closed),
        "days": sum(f.duration_days for f in closed),
    }


class TestDemoMediationFiles:
    def test_every_file_carries_the_outcome_of_its_cases_state(self, demo):
        files = MediationFile.objects.select_related("case")

        wrong = [(f.case.status, f.outcome) for f in files if f.outcome != EXPECTED_OUTCOME[f.case.status]]

        assert files.count() == Case.objects.filter(kind=CaseKind.MEDIATION).count()
        assert not wrong

    def test_handed_over_files_are_those_of_cases_handed_to_arbitration(self, demo):
        handed = set(MediationFile.objects.filter(handed_over=True).values_list("case__status", flat=True))

        assert handed == {"handed_to_arbitration"}

    def test_closed_files_have_their_date_and_duration_and_decided_ones_their_decision(self, demo):
        for mfile in MediationFile.objects.exclude(outcome=Outcome.PENDING).select_related("case"):
            assert mfile.outcome_on and mfile.duration_days is not None, mfile.case.status
            assert mfile.duration_days == (mfile.outcome_on - mfile.registered_on).days
        undecided = MediationFile.objects.filter(decided_on__isnull=True).exclude(case__status="registered")
        assert not undecided.exists()


class TestDemoStatisticsAgreeWithTheFiles:
    def test_the_rollup_is_current_after_loading(self, demo):
        before = sorted(DailyStat.objects.values_list("unit_id", "day", "registered", "success", "pending"))

        stats.rebuild()

        assert before
        assert (
            sorted(DailyStat.objects.values_list("unit_id", "day", "registered", "success", "pending"))
            == before
        )

    @pytest.mark.parametrize("username", ["stats", "mediator", "donghu_mediator", "city_supervisor"])
    def test_the_all_time_total_equals_a_direct_count_of_the_files_the_user_reads(self, demo, username):
        user = User.objects.get(username=username)
        paths = policy.read_paths(user)
        files = [f for f in MediationFile.objects.all() if any(f.unit_path.startswith(p) for p in paths)]

        total = stats.report(user=user).total
        expected = _direct_count(files)

        assert files
        assert {k: getattr(total, k) for k in expected if k != "days"} == {
            k: v for k, v in expected.items() if k != "days"
        }
        if expected["closed"]:
            average = Decimal(expected["days"]) / expected["closed"]
            assert total.average_days == average.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def test_the_statistics_page_shows_the_direct_count(self, client, demo):
        client.force_login(User.objects.get(username="stats"))

        response = client.get("/mediation/stats/?start=2000-01-01")

        assert response.status_code == 200
        total = response.context["total"]
        files = list(MediationFile.objects.all())
        assert (total.registered, total.success, total.failed, total.handed, total.pending) == (
            len(files),
            sum(f.outcome == Outcome.AGREEMENT for f in files),
            sum(f.outcome == Outcome.FAILED for f in files),
            sum(f.handed_over for f in files),
            sum(f.outcome == Outcome.PENDING for f in files),
        )
        assert total.success > 0 and total.failed > 0 and total.pending > 0
