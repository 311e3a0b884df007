"""Every declared procedure holds together: forms, services, rules and guards resolve."""

import re

import pytest
from django.conf import settings

from medarb.procedure import rules
from medarb.procedure.declaration import registered
from medarb.procedure.diagram import arcs_of, render_svg

pytestmark = pytest.mark.django_db  # rule() reads the administrators' overrides

TRANSITIONS = [(p.kind, t) for p in registered().values() for t in p.transitions.values()]


@pytest.mark.parametrize(("kind", "transition"), TRANSITIONS, ids=[f"{k}.{t.code}" for k, t in TRANSITIONS])
def test_every_transition_names_real_rules_forms_and_services(kind, transition):
    for code in (*transition.starts, *transition.stops, *transition.pauses, *transition.resumes):
        assert code == "*" or rules.rule(code)
    if transition.form:
        assert transition.form_class() is not None
    if transition.service:
        assert callable(transition.service_function())
    assert transition.roles, "somebody must be able to fire it"
    assert transition.label


def test_arbitration_declares_every_statutory_step():
    codes = set(registered()["arbitration"].transitions)
    assert {
        "request_correction",
        "accept",
        "refuse",
        "serve_respondent",
        "compose_tribunal",
        "file_recusal",
        "decide_recusal",
        "schedule_hearing",
        "postpone_hearing",
        "open_hearing",
        "deemed_withdrawal",
        "start_mediation",
        "issue_mediation_statement",
        "submit_award",
        "sign_off_award",
        "serve_award",
        "archive",
        "withdraw",
        "revoke_case",
        "suspend",
        "resume",
        "extend",
        "apply_simplified",
        "transfer",
        "file_counterclaim",
        "decide_counterclaim",
        "change_claims",
        "add_party",
        "start_publication",
        "end_publication",
    } <= codes


def test_every_state_can_be_reached_or_is_the_first():
    for procedure in registered().values():
        reached = {procedure.initial} | {t.target for t in procedure.transitions.values()}
        reached |= {
            s for t in procedure.transitions.values() if t.target in ("@stay", "@previous") for s in t.sources
        }
        assert set(procedure.states) <= reached, procedure.kind


class TestDiagram:
    def test_it_draws_a_box_per_state_and_highlights_the_current_one(self):
        procedure = registered()["arbitration"]
        svg = str(render_svg(procedure, current="hearing"))
        assert svg.count('class="state') == len(procedure.states)
        assert 'data-state="hearing" aria-current="step"' in svg
        assert svg.count('aria-current="step"') == 1
        assert "style=" not in svg and "<script" not in svg

    def test_it_escapes_labels(self):
        from medarb.orgs.models import Role
        from medarb.procedure.declaration import Procedure, State, Transition

        toy = Procedure(
            kind="x",
            label="<b>",
            states=[State("a", "<A&>"), State("b", "B")],
            transitions=[Transition("go", "<go>", ("a",), "b", frozenset({Role.CLERK}))],
        )
        svg = str(render_svg(toy))
        assert "<A&>" not in svg and "&lt;A&amp;&gt;" in svg and "&lt;go&gt;" in svg

    def test_one_arc_per_pair_with_every_label_and_returns_dashed(self):
        procedure = registered()["arbitration"]
        arcs = arcs_of(procedure)
        pairs = [(a.source, a.target) for a in arcs]
        assert len(pairs) == len(set(pairs))
        to_review = next(
            a for a in arcs if (a.source, a.target) == ("application_received", "acceptance_review")
        )
        assert "提交受理审查" in to_review.labels
        back = [a for a in arcs if a.source == "suspended"]
        assert back and all(a.dashed for a in back)


# 《劳动争议调解仲裁法》第十四条 and the articles that follow it in one citation (、第二十九条).
CITATION = re.compile(r"《([^》]+)》((?:[、和]?第[一二三四五六七八九十百零]+条)+)")
DOCUMENT_NUMBER = re.compile(r"《[^》]+》（[^）]*〔\d{4}〕\d+号）")


def _cited_articles(article: str) -> list[tuple[str, str]]:
    return [
        (law, number)
        for law, numbers in CITATION.findall(article)
        for number in re.findall(r"第[一二三四五六七八九十百零]+条", numbers)
    ]


@pytest.mark.parametrize(("kind", "transition"), TRANSITIONS, ids=[f"{k}.{t.code}" for k, t in TRANSITIONS])
def test_every_act_cites_its_article_and_the_article_exists(kind, transition):
    """The timeline shows each act with its basis: a numbered article of a named law (or a named
    notice with its document number); an article of a law in the library must be in its text."""
    article = str(transition.article)
    cited = _cited_articles(article)
    assert cited or DOCUMENT_NUMBER.search(article), f"{kind}.{transition.code} cites no article: {article!r}"
    laws = {path.name.split("(")[0]: path for path in (settings.BASE_DIR / "data" / "laws").glob("*.md")}
    for law, number in cited:
        if law in laws:
            assert re.search(rf"^{number}\s", laws[law].read_text(), re.M), f"{law}{number} is not in the law"


STATES = [(p.kind, s) for p in registered().values() for s in p.states.values()]


@pytest.mark.parametrize(("kind", "state"), STATES, ids=[f"{k}.{s.code}" for k, s in STATES])
def test_every_state_tells_the_parties_where_their_case_stands_in_their_own_words(kind, state):
    text = str(state.for_parties)
    assert text and text != str(state.description)
    # Addressed to the party or about their case, never staff shorthand such as 报请签发 alone.
    assert "您" in text or "请" in text or text.startswith(("案件", "调解", "仲裁", "裁决", "庭审")), text
