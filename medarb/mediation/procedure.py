"""The mediation procedure, declared once (DOMAIN.md §3; 人民调解法; 企业劳动争议协商调解规定).

Transitions are added by the mediation work (issue #4).
"""

from medarb.orgs.models import Role
from medarb.procedure.declaration import Procedure, State, register

MEDIATORS = frozenset({Role.MEDIATOR})

MEDIATION = register(
    Procedure(
        kind="mediation",
        label="劳动争议调解",
        states=[
            State("registered", "登记待受理", waits_for=MEDIATORS, article="《人民调解法》第十七条"),
            State("accepted", "已受理", waits_for=MEDIATORS),
            State("in_session", "调解中", waits_for=MEDIATORS),
            State("agreement_signing", "协议签署中", waits_for=MEDIATORS, article="《人民调解法》第二十八条"),
            State("performance", "履行中", waits_for=MEDIATORS),
            State("closed_agreement", "调解成功", is_closed=True, article="《人民调解法》第三十一条"),
            State("closed_failed", "调解不成", is_closed=True, article="《人民调解法》第二十六条"),
            State("closed_withdrawn", "撤回", is_closed=True),
            State("refused", "不予受理", is_closed=True),
            State("referred", "已移送", is_closed=True),
            State("handed_to_arbitration", "已转仲裁", is_closed=True),
        ],
        transitions=[],
    )
)
