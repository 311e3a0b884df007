"""The arbitration procedure, declared once (DOMAIN.md §2.1; Law Arts. 28–51; 2017 rules).

Transitions are added by the procedure engine work (issue #3); the states are the ones the
whole platform names.
"""

from medarb.orgs.models import Role
from medarb.procedure.declaration import Procedure, State, register

FILING = frozenset({Role.FILING_OFFICER})
HANDLERS = frozenset({Role.ARBITRATOR, Role.CLERK})
CHAIR = frozenset({Role.CHAIR})

ARBITRATION = register(
    Procedure(
        kind="arbitration",
        label="劳动人事争议仲裁",
        states=[
            State("application_received", "收件", waits_for=FILING, article="《调解仲裁法》第二十八条"),
            State("correction_pending", "待补正", waits_for=FILING, article="《办案规则》第四十六条"),
            State("pre_filing_mediation", "暂缓受理（调解中）", waits_for=FILING, article="《办案规则》第六十九条"),
            State("acceptance_review", "受理审查", waits_for=FILING, article="《调解仲裁法》第二十九条"),
            State("accepted", "已立案", waits_for=HANDLERS, article="《调解仲裁法》第二十九条"),
            State("defence_period", "答辩期", waits_for=HANDLERS, article="《调解仲裁法》第三十条"),
            State("evidence_period", "举证期", waits_for=HANDLERS, article="《办案规则》第十五条"),
            State("hearing_scheduled", "待开庭", waits_for=HANDLERS, article="《调解仲裁法》第三十五条"),
            State("hearing", "开庭审理", waits_for=HANDLERS, article="《调解仲裁法》第三十八条"),
            State("mediation_in_arbitration", "仲裁调解", waits_for=HANDLERS, article="《调解仲裁法》第四十二条"),
            State("award_drafting", "合议裁决", waits_for=HANDLERS, article="《调解仲裁法》第四十五条"),
            State("award_sign_off", "裁决签发", waits_for=CHAIR, article="《调解仲裁法》第四十六条"),
            State("suspended", "中止审理", waits_for=HANDLERS, article="《办案规则》第四十七条"),
            State("closed_mediation", "调解结案", is_closed=True, article="《调解仲裁法》第四十二条"),
            State("closed_award", "裁决结案", is_closed=True, article="《调解仲裁法》第四十六条"),
            State("closed_withdrawn", "撤回结案", is_closed=True, article="《调解仲裁法》第四十一条"),
            State("not_accepted", "不予受理", is_closed=True, article="《调解仲裁法》第二十九条"),
            State("transferred", "移送管辖", is_closed=True, article="《办案规则》第十条"),
            State("terminated", "终结/撤销案件", is_closed=True, article="《办案规则》第三十二条"),
            State("archived", "已归档", is_closed=True, article="《办案规则》第二十四条"),
        ],
        transitions=[],
    )
)
