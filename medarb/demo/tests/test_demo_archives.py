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
