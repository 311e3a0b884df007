"""The retrieval index's query expressions."""

from medarb.search import records


def test_a_word_inside_another_query_word_is_not_required_again():
    groups = records.words("加班费 拖欠")
    assert [g[0] for g in groups][:3] == ["加班", "班费", "加班费"]
    assert [g[0] for g in records._without_parts(groups)] == ["加班费", "拖欠"]


def test_any_word_may_match_when_not_every_word_is_required():
    expression = records.match(records.words("加班费"), every=False)
    assert "加班" in expression and "班费" in expression
