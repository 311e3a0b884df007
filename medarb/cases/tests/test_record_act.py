"""`record_act` writes an act's timeline entry and its audit entry side by side, the entry in
the commission's language whatever the actor reads."""

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from medarb.audit.models import AuditEntry
from medarb.cases.services import record_act
from medarb.testing import register

pytestmark = pytest.mark.django_db


def test_an_act_recorded_by_an_english_reader_is_written_in_chinese_with_its_audit_entry(cast):
    case = register(actor=cast.filing_officer, unit=cast.district)
    with translation.override("en"):
        entry = record_act(
            case=case,
            actor=cast.chair,
            kind="guidance_answered",
            title=gettext_lazy("%(u)s 的指导意见"),
            params={"u": "东湖街道"},
            summary="answer guidance",
        )

    assert entry.title == "东湖街道 的指导意见"
    audit = AuditEntry.objects.filter(case_id=case.pk, summary="answer guidance")
    assert audit.count() == 1
