"""The arbitration procedure, declared once (DOMAIN.md §2.1; Law Arts. 28–51; 2017 rules).

States are in the order a case normally passes them (the diagram draws them so). Each
transition names who may fire it, its guards, the clocks it starts, stops, pauses or
resumes (rule codes of `procedure.rules`), whether the chair must approve it, and the form
and service that carry it out (`medarb.arbitration.forms` / `.services`).
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from medarb.arbitration import forms, services
from medarb.orgs.models import Role
from medarb.procedure.declaration import PREVIOUS, STAY, Procedure, State, Transition, register, requires

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


# --- guards (each a predicate on the case and the reason when it is false) -------------------


def _has_tribunal(case) -> bool:
    from medarb.arbitration.models import Tribunal

    return Tribunal.objects.filter(case=case).exists()


def _has_representatives(case) -> bool:
    from medarb.arbitration.services import collective_representatives_ok

    return collective_representatives_ok(case)


def _pending_counterclaim(case) -> bool:
    from medarb.arbitration.models import Counterclaim, CounterclaimDecision

    return Counterclaim.objects.filter(case=case, decision=CounterclaimDecision.PENDING).exists()


def _pending_recusal(case) -> bool:
    from medarb.arbitration.models import RecusalDecision, RecusalRequest

    return RecusalRequest.objects.filter(case=case, decision=RecusalDecision.PENDING).exists()


def _no_pending_recusal(case) -> bool:
    return not _pending_recusal(case)


def _simplified(case) -> bool:
    from medarb.arbitration.models import ArbitrationTrack

    return ArbitrationTrack.objects.filter(case=case, simplified=True).exists()


def _clock(case, code: str, state: str) -> bool:
    from medarb.procedure.models import Deadline

    return Deadline.objects.filter(case=case, rule_code=code, state=state).exists()


def _award_clock_running(case) -> bool:
    return _clock(case, "award", "running")


def _publication_running(case) -> bool:
    return _clock(case, "publication_service", "running")


def _submitted_award(case) -> bool:
    from medarb.arbitration.models import Award, AwardState

    return Award.objects.filter(case=case, state=AwardState.SUBMITTED).exists()


def _signed_award(case) -> bool:
    from medarb.arbitration.models import Award, AwardState

    return Award.objects.filter(case=case, state=AwardState.SIGNED_OFF).exists()


HAS_TRIBUNAL = requires(_has_tribunal, _("尚未组成仲裁庭。"))
NO_TRIBUNAL = requires(
    lambda case: not _has_tribunal(case), _("仲裁庭已经组成；如需更换仲裁员，请通过回避程序。")
)
REPRESENTATIVES = requires(
    _has_representatives,
    _("集体劳动争议应当由劳动者推举三至五名代表人参加仲裁（《劳动争议调解仲裁法》第七条）。"),
)
PENDING_COUNTERCLAIM = requires(_pending_counterclaim, _("没有待审查的反申请。"))
PENDING_RECUSAL = requires(_pending_recusal, _("没有待决定的回避申请。"))
NO_PENDING_RECUSAL = requires(_no_pending_recusal, _("有待决定的回避申请，被申请回避的人员应暂停参与本案。"))
NOT_SIMPLIFIED = requires(lambda case: not _simplified(case), _("本案已适用简易处理。"))
SIMPLIFIED = requires(_simplified, _("本案未适用简易处理。"))
AWARD_CLOCK = requires(_award_clock_running, _("审理期限未在计算中（可能已中止或已结束）。"))
PUBLICATION = requires(_publication_running, _("没有进行中的公告送达。"))
NO_PUBLICATION = requires(lambda case: not _publication_running(case), _("公告送达正在进行。"))
SUBMITTED_AWARD = requires(_submitted_award, _("没有报请签发的裁决书。"))
SIGNED_AWARD = requires(_signed_award, _("裁决书尚未签发。"))


def _received_on(case, on):
    return case.received_on


ARBITRATION = register(
    Procedure(
        kind="arbitration",
        label=_("劳动人事争议仲裁"),
        states=[
            State(
                "application_received",
                pgettext_lazy("case state", "收件"),
                waits_for=FILING,
                article=f"{LAW}第二十八条",
                description=_("收到书面仲裁申请或记录口头申请，收件之日为受理审查期限的起算日。"),
            ),
            State(
                "correction_pending",
                pgettext_lazy("case state", "待补正"),
                waits_for=FILING,
                article=f"{RULES}第四十六条",
                description=_("申请材料不齐，一次性告知需要补正的内容；补正之日重新起算。"),
            ),
            State(
                "pre_filing_mediation",
                pgettext_lazy("case state", "暂缓受理（调解中）"),
                waits_for=FILING,
                article=f"{RULES}第六十九条",
                description=_("当事人同意先行调解的，暂缓受理。"),
            ),
            State(
                "acceptance_review",
                pgettext_lazy("case state", "受理审查"),
                waits_for=FILING,
                article=f"{LAW}第二十九条",
                description=_("五日内决定受理或者不予受理。"),
            ),
            State(
                "accepted",
                pgettext_lazy("case state", "已立案"),
                waits_for=HANDLERS,
                article=f"{LAW}第二十九条",
                description=_("已受理并编号；四十五日审理期限开始计算；五日内送达被申请人、组成仲裁庭。"),
            ),
            State(
                "defence_period",
                pgettext_lazy("case state", "答辩期"),
                waits_for=HANDLERS,
                article=f"{LAW}第三十条",
                description=_("被申请人收到申请书副本后十日内提交答辩书；反申请只能在答辩期内提出。"),
            ),
            State(
                "evidence_period",
                pgettext_lazy("case state", "举证期"),
                waits_for=HANDLERS,
                article=f"{RULES}第十五条",
                description=_("当事人在举证期限内提交证据；增加或变更请求应在举证期限届满前提出。"),
            ),
            State(
                "hearing_scheduled",
                pgettext_lazy("case state", "待开庭"),
                waits_for=HANDLERS,
                article=f"{LAW}第三十五条",
                description=_("开庭日期至少提前五日书面通知；延期开庭申请至少在开庭前三日提出。"),
            ),
            State(
                "hearing",
                pgettext_lazy("case state", "开庭审理"),
                waits_for=HANDLERS,
                article=f"{LAW}第三十八条",
                description=_("庭审调查、质证、辩论、最后陈述，作出裁决前应当先行调解。"),
            ),
            State(
                "mediation_in_arbitration",
                pgettext_lazy("case state", "仲裁调解"),
                waits_for=HANDLERS,
                article=f"{LAW}第四十二条",
                description=_("调解达成协议的制作调解书；调解不成的及时裁决。"),
            ),
            State(
                "award_drafting",
                pgettext_lazy("case state", "合议裁决"),
                waits_for=HANDLERS,
                article=f"{LAW}第四十五条",
                description=_("按多数仲裁员意见作出裁决，少数意见记入笔录。"),
            ),
            State(
                "award_sign_off",
                pgettext_lazy("case state", "裁决签发"),
                waits_for=CHAIR,
                article=f"{LAW}第四十六条",
                description=_("裁决书报请签发。"),
            ),
            State(
                "award_issued",
                pgettext_lazy("case state", "裁决待送达"),
                waits_for=HANDLERS,
                article=f"{LAW}第四十六条",
                description=_("裁决书已签发，送达当事人后结案。"),
            ),
            State(
                "suspended",
                pgettext_lazy("case state", "中止审理"),
                waits_for=HANDLERS,
                article=f"{RULES}第四十七条",
                description=_("中止期间不计入审理期限；中止事由消除后恢复审理。"),
            ),
            State(
                "closed_mediation",
                pgettext_lazy("case state", "调解结案"),
                is_closed=True,
                article=f"{LAW}第四十二条",
            ),
            State(
                "closed_award",
                pgettext_lazy("case state", "裁决结案"),
                is_closed=True,
                article=f"{LAW}第四十六条",
            ),
            State(
                "closed_withdrawn",
                pgettext_lazy("case state", "撤回结案"),
                is_closed=True,
                article=f"{LAW}第四十一条",
            ),
            State(
                "not_accepted",
                pgettext_lazy("case state", "不予受理"),
                is_closed=True,
                article=f"{LAW}第二十九条",
            ),
            State(
                "transferred",
                pgettext_lazy("case state", "移送管辖"),
                is_closed=True,
                article=f"{RULES}第十条",
            ),
            State(
                "terminated",
                pgettext_lazy("case state", "终结/撤销案件"),
                is_closed=True,
                article=f"{RULES}第三十二条",
            ),
            State(
                "archived",
                pgettext_lazy("case state", "已归档"),
                is_closed=True,
                article=f"{RULES}第二十四条",
            ),
        ],
        transitions=[
            # --- filing and acceptance ------------------------------------------------------
            Transition(
                "begin_review",
                pgettext_lazy("procedure action", "提交受理审查"),
                ("application_received",),
                "acceptance_review",
                FILERS,
                article=f"{LAW}第二十九条",
                starts=("acceptance_decision",),
                clock_start=_received_on,
                form=forms.ActForm,
                description=_("材料齐全，进入受理审查；五日期限自收件之日起算。"),
            ),
            Transition(
                "request_correction",
                pgettext_lazy("procedure action", "通知补正"),
                BEFORE_ACCEPTANCE,
                "correction_pending",
                FILERS,
                article=f"{RULES}第四十六条",
                stops=("acceptance_decision",),
                form=forms.CorrectionForm,
                service=services.request_correction,
                button="secondary",
                description=_("一次性书面告知需要补正的材料。"),
            ),
            Transition(
                "complete_correction",
                pgettext_lazy("procedure action", "补正完成"),
                ("correction_pending",),
                "acceptance_review",
                FILERS,
                article=f"{RULES}第四十六条",
                starts=("acceptance_decision",),
                form=forms.ActForm,
                description=_("以补正之日为收到仲裁申请之日，重新计算受理审查期限。"),
            ),
            Transition(
                "correction_lapsed",
                pgettext_lazy("procedure action", "逾期未补正"),
                ("correction_pending",),
                "closed_withdrawn",
                FILERS,
                article=f"{RULES}第二十九条",
                close_reason="withdrawn",
                form=forms.ReasonForm,
                button="danger",
                # The national rules leave the consequence to the commission; this is the local rule.
                description=_("申请人逾期未补正的，依本委办案规程视为撤回申请。"),
            ),
            Transition(
                "suggest_mediation",
                pgettext_lazy("procedure action", "调解建议（暂缓受理）"),
                BEFORE_ACCEPTANCE,
                "pre_filing_mediation",
                FILERS,
                article=f"{RULES}第六十九条",
                stops=("acceptance_decision",),
                form=forms.ActForm,
                button="secondary",
                description=_("当事人同意先行调解的，暂缓受理。"),
            ),
            Transition(
                "end_pre_filing_mediation",
                pgettext_lazy("procedure action", "调解未成，恢复受理审查"),
                ("pre_filing_mediation",),
                "acceptance_review",
                FILERS,
                article=f"{RULES}第六十九条",
                starts=("acceptance_decision",),
                form=forms.ActForm,
            ),
            Transition(
                "pre_filing_settled",
                pgettext_lazy("procedure action", "调解成功，申请人撤回"),
                ("pre_filing_mediation",),
                "closed_withdrawn",
                FILERS,
                article=f"{LAW}第四十一条",
                close_reason="withdrawn",
                form=forms.ActForm,
            ),
            Transition(
                "accept",
                pgettext_lazy("procedure action", "受理立案"),
                BEFORE_ACCEPTANCE,
                "accepted",
                FILERS,
                article=f"{LAW}第二十九条",
                guards=(REPRESENTATIVES,),
                stops=("acceptance_decision",),
                starts=("award", "serve_respondent", "compose_tribunal"),
                form=forms.ActForm,
                service=services.accept_case,
                description=_("编号立案；四十五日审理期限、五日送达和五日组庭期限开始计算。"),
            ),
            Transition(
                "refuse",
                pgettext_lazy("procedure action", "不予受理"),
                BEFORE_ACCEPTANCE,
                "not_accepted",
                FILERS,
                article=f"{LAW}第二十九条",
                needs_approval=True,
                approval_kind="non_acceptance",
                close_reason="not_accepted",
                form=forms.RefusalForm,
                service=services.refuse_case,
                button="danger",
                description=_("书面通知申请人不予受理并说明理由；须经主任批准。"),
            ),
            Transition(
                "transfer",
                pgettext_lazy("procedure action", "移送管辖"),
                (*BEFORE_ACCEPTANCE, "accepted", "defence_period"),
                "transferred",
                FILERS | HANDLERS,
                article=f"{RULES}第十条",
                close_reason="transferred",
                form=forms.TransferForm,
                service=services.transfer_case,
                button="secondary",
                description=_("本委员会无管辖权或管辖异议成立的，移送有管辖权的仲裁委员会。"),
            ),
            # --- service, defence, tribunal ---------------------------------------------------
            Transition(
                "serve_respondent",
                pgettext_lazy("procedure action", "送达申请书副本"),
                ("accepted",),
                "defence_period",
                HANDLING,
                article=f"{LAW}第三十条",
                stops=("serve_respondent",),
                starts=("defence",),
                form=forms.ServiceForm,
                service=services.serve_respondent,
                description=_("被申请人收到之日起十日内提交答辩书。"),
            ),
            Transition(
                "compose_tribunal",
                pgettext_lazy("procedure action", "组成仲裁庭"),
                ("accepted", "defence_period", "evidence_period"),
                STAY,
                HANDLING,
                article=f"{LAW}第三十一条",
                guards=(NO_TRIBUNAL,),
                stops=("compose_tribunal",),
                form=forms.TribunalForm,
                service=services.compose_tribunal,
                description=_("从仲裁员名册中指定独任仲裁员，或三名仲裁员并指定首席仲裁员，书面通知当事人。"),
            ),
            Transition(
                "file_counterclaim",
                pgettext_lazy("procedure action", "登记反申请"),
                ("defence_period",),
                STAY,
                HANDLING,
                article=f"{RULES}第三十六条",
                starts=("counterclaim_review",),
                form=forms.CounterclaimForm,
                service=services.file_counterclaim,
                button="secondary",
                description=_("被申请人只能在答辩期内提出反申请；五日内决定是否受理。"),
            ),
            Transition(
                "decide_counterclaim",
                pgettext_lazy("procedure action", "审查反申请"),
                ("defence_period", "evidence_period"),
                STAY,
                HANDLING,
                article=f"{RULES}第三十六条",
                guards=(PENDING_COUNTERCLAIM,),
                stops=("counterclaim_review",),
                form=forms.CounterclaimDecisionForm,
                service=services.decide_counterclaim,
                description=_("受理并合并审理的，审理期限自受理反申请之日起重新计算。"),
            ),
            Transition(
                "open_evidence_period",
                pgettext_lazy("procedure action", "进入举证期"),
                ("defence_period",),
                "evidence_period",
                HANDLING,
                article=f"{RULES}第十五条",
                stops=("defence",),
                form=forms.ActForm,
            ),
            Transition(
                "change_claims",
                pgettext_lazy("procedure action", "增加或变更仲裁请求"),
                ("accepted", "defence_period", "evidence_period"),
                STAY,
                HANDLING,
                article=f"{RULES}第四十六条",
                starts=("award",),
                form=forms.ChangeClaimsForm,
                service=services.change_claims,
                button="secondary",
                description=_("审理期限自受理变更之日起重新计算，并给予被申请人答辩期。"),
            ),
            Transition(
                "add_party",
                pgettext_lazy("procedure action", "追加当事人"),
                IN_PROGRESS[:5],
                STAY,
                HANDLING,
                article=f"{RULES}第四十六条",
                starts=("award",),
                form=forms.AddPartyForm,
                service=services.add_party,
                button="secondary",
                description=_("审理期限自决定追加之日起重新计算。"),
            ),
            Transition(
                "file_recusal",
                pgettext_lazy("procedure action", "登记回避申请"),
                IN_PROGRESS,
                STAY,
                HANDLING,
                article=f"{LAW}第三十三条",
                guards=(HAS_TRIBUNAL,),
                form=forms.RecusalForm,
                service=services.file_recusal,
                button="secondary",
            ),
            Transition(
                "decide_recusal",
                pgettext_lazy("procedure action", "回避决定"),
                IN_PROGRESS,
                STAY,
                CHAIR,
                article=f"{LAW}第三十四条",
                guards=(PENDING_RECUSAL,),
                form=forms.RecusalDecisionForm,
                service=services.decide_recusal,
                description=_("仲裁员是否回避，由仲裁委员会主任决定。"),
            ),
            # --- hearing --------------------------------------------------------------------
            Transition(
                "schedule_hearing",
                pgettext_lazy("procedure action", "安排开庭"),
                ("defence_period", "evidence_period"),
                "hearing_scheduled",
                HANDLING,
                article=f"{LAW}第三十五条",
                guards=(HAS_TRIBUNAL, NO_PENDING_RECUSAL),
                form=forms.HearingForm,
                service=services.schedule_hearing,
                description=_("开庭日期至少提前五日书面通知当事人。"),
            ),
            Transition(
                "postpone_hearing",
                pgettext_lazy("procedure action", "延期开庭"),
                ("hearing_scheduled",),
                STAY,
                HANDLING,
                article=f"{LAW}第三十五条",
                form=forms.PostponementForm,
                service=services.postpone_hearing,
                button="secondary",
                description=_("当事人有正当理由的，可以在开庭三日前请求延期开庭。"),
            ),
            Transition(
                "open_hearing",
                pgettext_lazy("procedure action", "开庭"),
                ("hearing_scheduled",),
                "hearing",
                HANDLING,
                article=f"{LAW}第三十六条",
                guards=(NO_PENDING_RECUSAL,),
                form=forms.OpenHearingForm,
                service=services.open_hearing,
                description=_("被申请人无正当理由拒不到庭的，可以缺席审理。"),
            ),
            Transition(
                "deemed_withdrawal",
                pgettext_lazy("procedure action", "按撤回处理"),
                ("hearing_scheduled", "hearing"),
                "closed_withdrawn",
                HANDLING,
                article=f"{LAW}第三十六条",
                close_reason="deemed_withdrawn",
                form=forms.ReasonForm,
                button="danger",
                description=_(
                    "申请人经书面通知无正当理由拒不到庭或未经许可中途退庭的，可以按撤回仲裁申请处理。"
                ),
            ),
            Transition(
                "start_mediation",
                pgettext_lazy("procedure action", "仲裁调解"),
                ("evidence_period", "hearing_scheduled", "hearing"),
                "mediation_in_arbitration",
                HANDLING,
                article=f"{LAW}第四十二条",
                form=forms.ActForm,
                button="secondary",
            ),
            Transition(
                "mediation_failed",
                pgettext_lazy("procedure action", "调解不成"),
                ("mediation_in_arbitration",),
                PREVIOUS,
                HANDLING,
                article=f"{LAW}第四十二条",
                form=forms.ActForm,
                button="secondary",
                description=_("调解不成或调解书送达前一方反悔的，应当及时作出裁决（回到调解前的程序）。"),
            ),
            Transition(
                "issue_mediation_statement",
                pgettext_lazy("procedure action", "制作调解书"),
                ("mediation_in_arbitration",),
                "closed_mediation",
                HANDLING,
                article=f"{LAW}第四十二条",
                close_reason="mediated",
                form=forms.MediationStatementForm,
                service=services.issue_mediation_statement,
                description=_("调解书经双方当事人签收后发生法律效力。"),
            ),
            Transition(
                "close_hearing",
                pgettext_lazy("procedure action", "庭审终结，进入合议"),
                ("hearing",),
                "award_drafting",
                HANDLING,
                article=f"{LAW}第四十五条",
                form=forms.ActForm,
            ),
            # --- award ----------------------------------------------------------------------
            Transition(
                "submit_award",
                pgettext_lazy("procedure action", "报请签发裁决书"),
                ("award_drafting",),
                "award_sign_off",
                HANDLING,
                article=f"{LAW}第四十五条",
                form=forms.AwardForm,
                service=services.submit_award,
                description=_("逐项裁决并判定是否终局，多数意见与少数意见分别记载。"),
            ),
            Transition(
                "return_award",
                pgettext_lazy("procedure action", "退回修改"),
                ("award_sign_off",),
                "award_drafting",
                CHAIR,
                article=f"{LAW}第四十六条",
                guards=(SUBMITTED_AWARD,),
                form=forms.ReasonForm,
                service=services.return_award,
                button="secondary",
            ),
            Transition(
                "sign_off_award",
                pgettext_lazy("procedure action", "签发裁决书"),
                ("award_sign_off",),
                "award_issued",
                CHAIR,
                article=f"{LAW}第四十六条",
                guards=(SUBMITTED_AWARD,),
                form=forms.ActForm,
                service=services.sign_off_award,
            ),
            Transition(
                "serve_award",
                pgettext_lazy("procedure action", "送达裁决书，结案"),
                ("award_issued",),
                "closed_award",
                HANDLING,
                article=f"{LAW}第四十七条",
                guards=(SIGNED_AWARD,),
                close_reason="award_nonfinal",
                form=forms.ServiceForm,
                service=services.serve_award,
                description=_(
                    "终局裁决自作出之日起发生法律效力；非终局裁决当事人可在收到之日起十五日内起诉。"
                ),
            ),
            # --- across the procedure ---------------------------------------------------------
            Transition(
                "withdraw",
                pgettext_lazy("procedure action", "撤回仲裁申请"),
                (
                    "application_received",
                    "correction_pending",
                    "pre_filing_mediation",
                    "acceptance_review",
                    *IN_PROGRESS,
                ),
                "closed_withdrawn",
                EVERYONE,
                article=f"{LAW}第四十一条",
                close_reason="withdrawn",
                form=forms.ReasonForm,
                button="danger",
                description=_("仲裁裁决作出前申请人可以撤回仲裁申请。"),
            ),
            Transition(
                "revoke_case",
                pgettext_lazy("procedure action", "撤销案件"),
                IN_PROGRESS,
                "terminated",
                HANDLING,
                article=f"{RULES}第三十二条",
                needs_approval=True,
                approval_kind="termination",
                close_reason="revoked_case",
                form=forms.ReasonForm,
                button="danger",
                description=_("受理后发现不应受理的，撤销案件（须经主任批准）。"),
            ),
            Transition(
                "suspend",
                pgettext_lazy("procedure action", "中止审理"),
                (*IN_PROGRESS, "award_sign_off"),
                "suspended",
                HANDLING,
                article=f"{RULES}第四十七条",
                needs_approval=True,
                approval_kind="suspension",
                pauses=("*",),
                form=forms.SuspensionForm,
                service=services.suspend_case,
                button="secondary",
                description=_("中止期间不计入审理期限；须经主任批准。"),
            ),
            Transition(
                "resume",
                pgettext_lazy("procedure action", "恢复审理"),
                ("suspended",),
                PREVIOUS,
                HANDLING,
                article=f"{RULES}第四十七条",
                needs_approval=True,
                approval_kind="suspension",
                resumes=("*",),
                form=forms.ActForm,
                service=services.resume_case,
                description=_("中止事由消除后恢复审理，审理期限继续计算剩余天数。"),
            ),
            Transition(
                "extend",
                pgettext_lazy("procedure action", "延长审理期限"),
                (*IN_PROGRESS, "award_sign_off"),
                STAY,
                HANDLING,
                article=f"{LAW}第四十三条",
                needs_approval=True,
                approval_kind="extension",
                guards=(AWARD_CLOCK,),
                form=forms.ExtensionForm,
                service=services.extend_time_limit,
                button="secondary",
                description=_("案情复杂需要延期的，经主任批准可以延长，延长期限不得超过十五日。"),
            ),
            Transition(
                "apply_simplified",
                pgettext_lazy("procedure action", "适用简易处理"),
                ("accepted", "defence_period", "evidence_period"),
                STAY,
                HANDLING,
                article=f"{RULES}第五十六条",
                guards=(NOT_SIMPLIFIED,),
                form=forms.SimplifiedForm,
                service=services.apply_simplified,
                button="secondary",
            ),
            Transition(
                "convert_to_ordinary",
                pgettext_lazy("procedure action", "转为普通程序"),
                IN_PROGRESS,
                STAY,
                HANDLING,
                article=f"{RULES}第六十一条",
                guards=(SIMPLIFIED,),
                form=forms.ReasonForm,
                service=services.convert_to_ordinary,
                button="secondary",
                description=_("审理期限仍自受理之日起计算。"),
            ),
            Transition(
                "start_publication",
                pgettext_lazy("procedure action", "公告送达"),
                IN_PROGRESS[:4],
                STAY,
                HANDLING,
                article=f"{RULES}第四十六条",
                guards=(NO_PUBLICATION,),
                pauses=("award",),
                starts=("publication_service",),
                form=forms.ActForm,
                button="secondary",
                description=_("公告期间不计入审理期限。"),
            ),
            Transition(
                "end_publication",
                pgettext_lazy("procedure action", "公告期满"),
                IN_PROGRESS[:4],
                STAY,
                HANDLING,
                article=f"{RULES}第四十六条",
                guards=(PUBLICATION,),
                resumes=("award",),
                stops=("publication_service",),
                form=forms.ActForm,
            ),
            Transition(
                "archive",
                pgettext_lazy("procedure action", "归档"),
                CLOSED,
                "archived",
                EVERYONE,
                article=f"{RULES}第二十四条",
                form=forms.ActForm,
                button="secondary",
            ),
        ],
    )
)
