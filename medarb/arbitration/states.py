"""The states of the arbitration procedure and who acts in them (DOMAIN.md §2.1), in the order
a case normally passes them (the diagram draws them so). The transitions are in `procedure`."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from medarb.orgs.models import Role
from medarb.procedure.declaration import State

FILING = frozenset({Role.FILING_OFFICER})
HANDLERS = frozenset({Role.ARBITRATOR, Role.CLERK})
CHAIR = frozenset({Role.CHAIR})
ARBITRATORS = frozenset({Role.ARBITRATOR})

# Who may fire: the chair may act at every step of her commission's cases.
FILERS = FILING | CHAIR
HANDLING = HANDLERS | CHAIR
EVERYONE = FILING | HANDLERS | CHAIR

LAW = "《劳动争议调解仲裁法》"
RULES = "《劳动人事争议仲裁办案规则》"

BEFORE_ACCEPTANCE = ("application_received", "acceptance_review")
IN_PROGRESS = (
    "accepted",
    "defence_period",
    "evidence_period",
    "hearing_scheduled",
    "hearing",
    "mediation_in_arbitration",
    "award_drafting",
)
CLOSED = ("closed_mediation", "closed_award", "closed_withdrawn", "not_accepted", "transferred", "terminated")


STATES = [
    State(
        "application_received",
        pgettext_lazy("case state", "收件"),
        for_parties=_("仲裁委员会已收到您的申请，将在五日内决定是否受理。"),
        waits_for=FILING,
        article=f"{LAW}第二十八条",
        description=_("收到书面仲裁申请或记录口头申请，收件之日为受理审查期限的起算日。"),
    ),
    State(
        "correction_pending",
        pgettext_lazy("case state", "待补正"),
        for_parties=_("您的申请材料需要补正。请按补正通知书一次补齐全部材料；补正之日起重新计算审查期限。"),
        waits_for=FILING,
        article=f"{RULES}第四十六条",
        description=_("申请材料不齐，一次性告知需要补正的内容；补正之日重新起算。"),
    ),
    State(
        "pre_filing_mediation",
        pgettext_lazy("case state", "暂缓受理（调解中）"),
        for_parties=_("您同意先行调解，受理暂缓；调解不成的，仲裁委员会继续审查您的申请。"),
        waits_for=FILING,
        article=f"{RULES}第六十九条",
        description=_("当事人同意先行调解的，暂缓受理。"),
    ),
    State(
        "acceptance_review",
        pgettext_lazy("case state", "受理审查"),
        for_parties=_("仲裁委员会正在审查您的申请，五日内决定是否受理并书面通知您。"),
        waits_for=FILING,
        article=f"{LAW}第二十九条",
        description=_("五日内决定受理或者不予受理。"),
    ),
    State(
        "accepted",
        pgettext_lazy("case state", "已立案"),
        for_parties=_(
            "您的案件已立案受理。申请书副本将在五日内送达对方，仲裁庭随后组成；案件一般在四十五日内审结。"
        ),
        waits_for=HANDLERS,
        article=f"{LAW}第二十九条",
        description=_("已受理并编号；四十五日审理期限开始计算；五日内送达被申请人、组成仲裁庭。"),
    ),
    State(
        "defence_period",
        pgettext_lazy("case state", "答辩期"),
        for_parties=_("对方应在收到申请书副本后十日内答辩。您可以在举证期限内继续提交证据。"),
        waits_for=HANDLERS,
        article=f"{LAW}第三十条",
        description=_("被申请人收到申请书副本后十日内提交答辩书；反申请只能在答辩期内提出。"),
    ),
    State(
        "evidence_period",
        pgettext_lazy("case state", "举证期"),
        for_parties=_("请在举证期限届满前提交全部证据；需要增加或变更请求的，也请在此之前提出。"),
        waits_for=HANDLERS,
        article=f"{RULES}第十五条",
        description=_("当事人在举证期限内提交证据；增加或变更请求应在举证期限届满前提出。"),
    ),
    State(
        "hearing_scheduled",
        pgettext_lazy("case state", "待开庭"),
        for_parties=_(
            "开庭时间和地点见开庭通知书。请按时到庭，带好身份证件和证据原件；确有正当理由不能到庭的，请在开庭三日前申请延期。"
        ),
        waits_for=HANDLERS,
        article=f"{LAW}第三十五条",
        description=_("开庭日期至少提前五日书面通知；延期开庭申请至少在开庭前三日提出。"),
    ),
    State(
        "hearing",
        pgettext_lazy("case state", "开庭审理"),
        for_parties=_("案件正在开庭审理。作出裁决前，仲裁庭会先行调解。"),
        waits_for=HANDLERS,
        article=f"{LAW}第三十八条",
        description=_("庭审调查、质证、辩论、最后陈述，作出裁决前应当先行调解。"),
    ),
    State(
        "mediation_in_arbitration",
        pgettext_lazy("case state", "仲裁调解"),
        for_parties=_("仲裁庭正在主持调解：达成协议的制作调解书，调解不成的及时裁决。"),
        waits_for=HANDLERS,
        article=f"{LAW}第四十二条",
        description=_("调解达成协议的制作调解书；调解不成的及时裁决。"),
    ),
    State(
        "award_drafting",
        pgettext_lazy("case state", "合议裁决"),
        for_parties=_("庭审已结束，仲裁庭正在合议，将作出裁决。"),
        waits_for=HANDLERS,
        article=f"{LAW}第四十五条",
        description=_("按多数仲裁员意见作出裁决，少数意见记入笔录。"),
    ),
    State(
        "award_sign_off",
        pgettext_lazy("case state", "裁决签发"),
        for_parties=_("裁决书正在签发，签发后送达您。"),
        waits_for=CHAIR,
        article=f"{LAW}第四十六条",
        description=_("裁决书报请签发。"),
    ),
    State(
        "award_issued",
        pgettext_lazy("case state", "裁决待送达"),
        for_parties=_("裁决书已签发，正在送达，请留意查收。"),
        waits_for=HANDLERS,
        article=f"{LAW}第四十六条",
        description=_("裁决书已签发，送达当事人后结案。"),
    ),
    State(
        "suspended",
        pgettext_lazy("case state", "中止审理"),
        for_parties=_("案件中止审理，中止期间不计入审理期限；中止事由消除后恢复审理，届时会通知您。"),
        waits_for=HANDLERS,
        article=f"{RULES}第四十七条",
        description=_("中止期间不计入审理期限；中止事由消除后恢复审理。"),
    ),
    State(
        "closed_mediation",
        pgettext_lazy("case state", "调解结案"),
        for_parties=_("案件已调解结案；调解书经双方签收后发生法律效力。"),
        is_closed=True,
        article=f"{LAW}第四十二条",
    ),
    State(
        "closed_award",
        pgettext_lazy("case state", "裁决结案"),
        for_parties=_("案件已裁决结案。对裁决不服的，请按裁决书写明的期限和方式提出。"),
        is_closed=True,
        article=f"{LAW}第四十六条",
    ),
    State(
        "closed_withdrawn",
        pgettext_lazy("case state", "撤回结案"),
        for_parties=_("仲裁申请已撤回，案件结案。"),
        is_closed=True,
        article=f"{LAW}第四十一条",
    ),
    State(
        "not_accepted",
        pgettext_lazy("case state", "不予受理"),
        for_parties=_("仲裁委员会决定不予受理。您可以自收到不予受理通知书之日起十五日内向人民法院提起诉讼。"),
        is_closed=True,
        article=f"{LAW}第二十九条",
    ),
    State(
        "transferred",
        pgettext_lazy("case state", "移送管辖"),
        for_parties=_("案件已移送有管辖权的仲裁委员会，由该委员会继续办理并通知您。"),
        is_closed=True,
        article=f"{RULES}第十条",
    ),
    State(
        "terminated",
        pgettext_lazy("case state", "终结/撤销案件"),
        for_parties=_("案件已终结审理。"),
        is_closed=True,
        article=f"{RULES}第三十二条",
    ),
    State(
        "archived",
        pgettext_lazy("case state", "已归档"),
        for_parties=_("案件已办结并归档。"),
        is_closed=True,
        article=f"{RULES}第二十四条",
    ),
]
