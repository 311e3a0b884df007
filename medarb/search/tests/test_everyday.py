"""Everyday words and typing slips are put into the law's words before searching."""

import pytest

from medarb.search.everyday import mend, rewrite


class TestMending:
    @pytest.mark.parametrize(
        ("typed", "meant"),
        [
            ("没签劳动和同", "没签劳动合同"),
            ("劳动仲栽", "劳动仲裁"),
            ("加班废", "加班费"),
            ("经纪补偿", "经济补偿"),
            ("賠償", "赔偿"),
            ("咋整", "怎么办"),
            ("2倍工资", "二倍工资"),
        ],
    )
    def test_it_mends_common_slips(self, typed, meant):
        assert mend(typed) == meant

    def test_it_leaves_correct_text_alone(self):
        assert mend("申请劳动仲裁要交费吗") == "申请劳动仲裁要交费吗"


class TestRewriting:
    def test_unpaid_wages_in_everyday_words_get_the_laws_wording(self):
        assert "拖欠工资 劳动报酬" in rewrite("老板三个月不发工资")

    def test_being_fired_colloquially_reads_as_dismissal(self):
        assert "解除劳动合同" in rewrite("被炒鱿鱼了")

    def test_a_specific_situation_is_not_read_as_its_generic_words(self):
        # "还是不给钱" after an award is about enforcement, not unpaid wages.
        text = rewrite("仲裁赢了公司还是不给钱")
        assert "申请执行" in text
        assert "拖欠工资" not in text

    def test_the_original_words_stay_in_front(self):
        assert rewrite("加班费怎么算").startswith("加班费怎么算")

    @pytest.mark.parametrize("text", ["", " ", "x" * 5000, "<script>", "的的的"])
    def test_odd_input_never_breaks(self, text):
        assert isinstance(rewrite(text), str)
