"""Archives in the demo: one bound dossier waits on the archivist's desk, one is archived with
the worker's reading request waiting for the chair."""

import pytest
from django.contrib.auth import get_user_model

from medarb.archives import selectors
from medarb.archives.models import CompileState, DossierState, ReadingState
from medarb.demo.testing import demo  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_demo_archives_have_a_dossier_to_accept_and_a_reading_to_decide(demo):  # noqa: F811
    users = get_user_model().objects
    archivist, chair = users.get(username="archivist"), users.get(username="chair")
    waiting = list(selectors.to_accept(archivist))
    assert len(waiting) == 1 and waiting[0].case.status == "closed_award"
    archived = selectors.archived(archivist).get()
    assert archived.case.status == "archived" and archived.archive_number
    for dossier in (waiting[0], archived):
        volumes = selectors.latest_volumes(dossier)
        assert {v.state for v in volumes.values()} == {CompileState.READY}
        assert volumes["main"].pages >= 4
    reading = selectors.readings_to_decide(chair).get()
    assert reading.state == ReadingState.PENDING and reading.dossier == archived
    assert archived.state == DossierState.ARCHIVED


def test_the_demo_court_has_a_dossier_to_acknowledge_and_a_decided_suit(demo):  # noqa: F811
    from medarb.court.models import Filing, Outcome, Transfer
    from medarb.court.selectors import shared_cases

    liaison = get_user_model().objects.get(username="court")
    pending, decided = Filing.objects.order_by("pk")
    assert pending.outcome == Outcome.PENDING and decided.outcome == Outcome.UPHELD and decided.judgment_id
    transfer = Transfer.objects.get()
    assert transfer.case == pending.case and transfer.received_at is None
    assert {pending.case_id, decided.case_id} <= set(shared_cases(liaison).values_list("pk", flat=True))


def test_the_demo_station_has_an_application_on_its_desk(demo):  # noqa: F811
    from medarb.legalaid.models import Advice, AidState
    from medarb.legalaid.selectors import desk

    officer = get_user_model().objects.get(username="legalaid")
    (application,) = desk(officer)
    assert application.state == AidState.RECEIVED and application.proofs.count() == 1
    assert application.party.user is not None and application.is_migrant
    assert Advice.objects.filter(station=application.station).exists()
