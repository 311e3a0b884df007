"""The audit page shows entries in words: no model label, act code or state code on screen."""

import pytest

from medarb.audit.models import AuditAction, AuditEntry
from medarb.cases import audit_display as display


def entry(summary: str, object_type: str = "cases.case") -> AuditEntry:
    return AuditEntry(object_type=object_type, object_id="90", summary=summary, action=AuditAction.UPDATE)


class TestAnAuditEntryInWords:
    def test_the_object_is_named_by_its_model_not_its_label(self):
        assert display.object_label(entry("x")) == "案件 90"

    def test_an_unknown_object_type_is_a_record(self):
        assert display.object_label(entry("x", object_type="gone.thing")) == "记录 90"

    def test_an_act_reads_with_its_declared_label_and_state_names(self):
        text = display.summary_label(
            entry("arbitration.postpone_hearing: hearing_scheduled → hearing_scheduled")
        )

        assert text == "延期开庭：待开庭 → 待开庭"

    @pytest.mark.parametrize(
        ("summary", "shown"),
        [
            ("case page", "查看案件页面"),
            ("register_case", "收件登记"),
            ("request approval arbitration.postpone_hearing", "提请审批：延期开庭"),
            ("share legal_aid read → 鹭湖区法律援助中心", "共享案件给 鹭湖区法律援助中心"),
        ],
    )
    def test_the_codes_the_services_write_have_chinese_labels(self, summary, shown):
        assert display.summary_label(entry(summary)) == shown

    def test_a_code_without_a_label_shows_what_was_done_instead(self):
        assert display.summary_label(entry("some_new_code")) == "修改"

    def test_a_summary_written_in_chinese_is_shown_as_written(self):
        assert display.summary_label(entry("送达答辩通知书")) == "送达答辩通知书"
