"""The statutory periods the procedure engine counts (期间), one rule per code.

Day types follow DOMAIN.md §0, reading 办案规则 Art. 80: the 3-, 5- and 10-day periods of
the arbitration rules are working days, the 15- and 45-day periods natural days; court-side
periods and the periods of other statutes (法律援助法, 人民调解法) are natural days, as the
civil-procedure law counts them. Because Art. 80 is recalled rather than seen verbatim, a
unit may read a rule otherwise (days and day type) with a `RuleOverride` row: it holds for the
unit and every unit below it, and `rule(code, unit)` takes the nearest override on the unit's
path, else the law. This module is the one home of every statutory period: no service keeps
a day count of its own.

Where the law names a number of days that protects a party (the time to defend, to be told of
a hearing, to sue, to seek confirmation, to be deemed served by publication), an override may
not go below that number (`floor_days`); where the law says "不得超过" (the extension caps),
not above it (`ceiling_days`). Both bound the number of days only: whether "五日" is counted in
working or natural days is exactly the Art. 80 reading that overrides exist to settle.
"""

from dataclasses import dataclass, replace

from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class DayType(models.TextChoices):
    WORKING = "working", _("工作日")
    NATURAL = "natural", _("自然日")


class Direction(models.TextChoices):
    # "after": the period runs forward from an event (the due date is the last day to act).
    AFTER = "after", _("之日起")
    # "before": the act must happen at least `days` before an event (e.g. the hearing).
    BEFORE = "before", _("之前")


@dataclass(frozen=True)
class DeadlineRule:
    code: str
    title: str  # lazy translations: title and description are shown in the reader's language
    days: int
    day_type: DayType
    article: str
    description: str
    direction: str = Direction.AFTER
    # The rule whose `days` caps extensions of this clock (award → award_extension).
    extension_rule: str = ""
    # The fewest / most days the law allows a local reading to set (0: the law fixes no bound).
    floor_days: int = 0
    ceiling_days: int = 0
    # The `days` and `day_type` come from a unit's override (本委规则), not the built-in law.
    overridden: bool = False
    override_unit: str = ""  # the name of the unit whose override counts

    @property
    def day_type_label(self) -> str:
        return str(DayType(self.day_type).label)


W, N = DayType.WORKING, DayType.NATURAL

# Periods within which a party acts (to defend, to ask for a postponement, to sue): the
# commission waits on them but owes nothing when they end, so no staff to-do answers to them.
PARTY_PERIODS = frozenset({"defence", "postponement_request", "court_suit", "revocation_suit"})
LAW = "《劳动争议调解仲裁法》"
RULES_2017 = "《劳动人事争议仲裁办案规则》"

_BUILT_IN = [
    DeadlineRule(
        "acceptance_decision",
        _("受理审查期限"),
        5,
        W,
        f"{LAW}第二十九条",
        _(
            "仲裁委员会收到仲裁申请之日起五日内，认为符合受理条件的应当受理，不符合的书面通知不予受理并说明理由。"
        ),
    ),
    DeadlineRule(
        "serve_respondent",
        _("送达申请书副本期限"),
        5,
        W,
        f"{LAW}第三十条",
        _("仲裁委员会受理仲裁申请后，应当在五日内将仲裁申请书副本送达被申请人。"),
    ),
    DeadlineRule(
        "defence",
        _("答辩期"),
        10,
        W,
        f"{LAW}第三十条",
        _("被申请人收到仲裁申请书副本后，应当在十日内向仲裁委员会提交答辩书。"),
        floor_days=10,
    ),
    DeadlineRule(
        "compose_tribunal",
        _("组庭期限"),
        5,
        W,
        f"{LAW}第三十一条、{RULES_2017}第三十七条",
        _("仲裁委员会应当在受理仲裁申请之日起五日内将仲裁庭的组成情况书面通知当事人。"),
    ),
    DeadlineRule(
        "counterclaim_review",
        _("反申请受理审查期限"),
        5,
        W,
        f"{RULES_2017}第三十六条",
        _("被申请人在答辩期间提出反申请的，仲裁委员会应当自收到反申请之日起五日内决定是否受理。"),
    ),
    DeadlineRule(
        "hearing_notice",
        _("开庭通知期限"),
        5,
        W,
        f"{LAW}第三十五条",
        _("仲裁庭应当在开庭五日前，将开庭日期、地点书面通知双方当事人。"),
        direction=Direction.BEFORE,
        floor_days=5,
    ),
    DeadlineRule(
        "postponement_request",
        _("延期开庭申请期限"),
        3,
        W,
        f"{RULES_2017}第三十八条",
        _("当事人有正当理由的，可以在开庭三日前请求延期开庭，是否延期由仲裁委员会决定。"),
        direction=Direction.BEFORE,
    ),
    DeadlineRule(
        "award",
        _("仲裁审理期限"),
        45,
        N,
        f"{LAW}第四十三条",
        _("仲裁庭裁决劳动争议案件，应当自仲裁委员会受理仲裁申请之日起四十五日内结束。"),
        extension_rule="award_extension",
    ),
    DeadlineRule(
        "award_extension",
        _("延长审理期限（上限）"),
        15,
        N,
        f"{LAW}第四十三条、{RULES_2017}第四十五条",
        _("案情复杂需要延期的，经仲裁委员会主任批准，可以延期并书面通知当事人，但延长期限不得超过十五日。"),
        ceiling_days=15,
    ),
    DeadlineRule(
        "revoke_case",
        _("撤销案件决定期限"),
        5,
        W,
        f"{RULES_2017}第三十二条",
        _("受理后发现不应当受理的，应当撤销案件，并自决定撤销案件之日起五日内书面通知当事人。"),
    ),
    DeadlineRule(
        "referral_mediation",
        _("委托调解期限"),
        10,
        W,
        f"{RULES_2017}第七十条",
        _("开庭前经双方当事人同意委托调解组织调解的，自委托之日起十日内未达成调解协议的，应当开庭审理。"),
    ),
    DeadlineRule(
        "mediation_limit",
        _("调解期限"),
        15,
        N,
        f"{LAW}第十四条、人社厅发〔2024〕4号",
        _("自劳动争议调解组织收到调解申请之日起十五日内未达成调解协议的，当事人可以依法申请仲裁。"),
        extension_rule="mediation_extension",
    ),
    DeadlineRule(
        "mediation_extension",
        _("调解延长期限（上限）"),
        15,
        N,
        "人社厅发〔2024〕4号",
        _("双方当事人同意延期的，调解期限可以延长，延长期限最长不超过十五日。"),
        ceiling_days=15,
    ),
    DeadlineRule(
        "arbitral_review",
        _("申请仲裁审查期限"),
        15,
        N,
        f"{RULES_2017}第七十四条",
        _(
            "经调解组织调解达成调解协议的，双方当事人可以自调解协议生效之日起十五日内，共同向仲裁委员会提出仲裁审查申请。"
        ),
        floor_days=15,
    ),
    DeadlineRule(
        "court_suit",
        _("起诉期限"),
        15,
        N,
        f"{LAW}第四十八条、第五十条",
        _("当事人对仲裁裁决不服的，可以自收到仲裁裁决书之日起十五日内向人民法院提起诉讼。"),
        floor_days=15,
    ),
    DeadlineRule(
        "revocation_suit",
        _("申请撤销终局裁决期限"),
        30,
        N,
        f"{LAW}第四十九条",
        _(
            "用人单位有证据证明终局裁决有法定情形的，可以自收到仲裁裁决书之日起三十日内向中级人民法院申请撤销裁决。"
        ),
        floor_days=30,
    ),
    DeadlineRule(
        "judicial_confirmation",
        _("申请司法确认期限"),
        30,
        N,
        "《人民调解法》第三十三条",
        _(
            "经人民调解委员会调解达成调解协议后，双方当事人可以自调解协议生效之日起三十日内共同向人民法院申请司法确认。"
        ),
        floor_days=30,
    ),
    DeadlineRule(
        "publication_service",
        _("公告送达期间"),
        30,
        N,
        "《民事诉讼法》第九十五条",
        _("受送达人下落不明，或者用其他方式无法送达的，公告送达，自发出公告之日起经过三十日即视为送达。"),
        floor_days=30,
    ),
    DeadlineRule(
        "legal_aid_decision",
        _("法律援助审查决定期限"),
        7,
        N,
        "《法律援助法》第四十三条",
        _("法律援助机构应当自收到法律援助申请之日起七日内进行审查，作出是否给予法律援助的决定。"),
    ),
    DeadlineRule(
        "legal_aid_assignment",
        _("指派法律援助人员期限"),
        3,
        N,
        "《法律援助法》第四十三条",
        _("决定给予法律援助的，应当自作出决定之日起三日内指派法律援助人员为受援人提供法律援助。"),
    ),
    DeadlineRule(
        "legal_aid_objection",
        _("法律援助异议审查期限"),
        5,
        N,
        "《法律援助法》第四十九条",
        _(
            "司法行政部门应当自收到异议之日起五日内进行审查，作出维持法律援助机构决定或者责令法律援助机构改正的决定。"
        ),
    ),
]

RULES: dict[str, DeadlineRule] = {r.code: r for r in _BUILT_IN}
RULE_CHOICES = [(r.code, r.title) for r in _BUILT_IN]

_OVERRIDES_KEY = "procedure:rule-overrides:v2"
_CACHE_SECONDS = 300

# code → {unit path: (days, day type, unit name)}
Overrides = dict[str, dict[str, tuple[int, str, str]]]


def _overrides() -> Overrides:
    """Every unit's overrides in one cached map; `rule()` picks per unit path from it, so one
    cache entry serves every unit and one deletion forgets them all."""
    overrides = cache.get(_OVERRIDES_KEY)
    if overrides is None:
        from medarb.procedure.models import RuleOverride

        overrides = {}
        rows = RuleOverride.objects.values_list("code", "unit__path", "days", "day_type", "unit__name")
        for code, path, days, day_type, unit_name in rows:
            overrides.setdefault(code, {})[path] = (days, day_type, unit_name)
        cache.set(_OVERRIDES_KEY, overrides, _CACHE_SECONDS)
    return overrides


def forget_overrides() -> None:
    """Drop the cached overrides; the services that change them call this after commit."""
    cache.delete(_OVERRIDES_KEY)


def _path_of(unit) -> str:
    if unit is None:
        return ""
    return unit if isinstance(unit, str) else unit.path


def law(code: str) -> DeadlineRule:
    """The rule as the law (the built-in reading) counts it, whatever any unit says."""
    try:
        return RULES[code]
    except KeyError:
        raise LookupError(f"unknown deadline rule {code!r}") from None


def rule(code: str, unit=None) -> DeadlineRule:
    """The rule for `code` as `unit` counts it: the nearest override on the unit's path (the
    unit's own, else its parent's, …), else the law. `unit` is a Unit or its materialised
    path (a case passes `case.unit_path`); None gives the law."""
    built_in = law(code)
    path = _path_of(unit)
    by_path = _overrides().get(code) if path else None
    if not by_path:
        return built_in
    nearest = max((p for p in by_path if path.startswith(p)), key=len, default=None)
    if nearest is None:
        return built_in
    days, day_type, unit_name = by_path[nearest]
    return replace(built_in, days=days, day_type=DayType(day_type), overridden=True, override_unit=unit_name)


def all_rules(unit=None) -> list[DeadlineRule]:
    return [rule(code, unit) for code in RULES]


def bounds_error(code: str, days: int) -> str | None:
    """Why `days` is not a lawful reading of `code` (a message for the screen), or None."""
    r = law(code)
    if r.floor_days and days < r.floor_days:
        return gettext(
            "“%(title)s”依据%(article)s不少于%(floor)s日，本委规则不得缩短至%(days)s日"
            "（该期间保障当事人的程序权利）。"
        ) % {"title": r.title, "article": r.article, "floor": r.floor_days, "days": days}
    if r.ceiling_days and days > r.ceiling_days:
        return gettext("“%(title)s”依据%(article)s不得超过%(ceiling)s日，本委规则不得延长至%(days)s日。") % {
            "title": r.title,
            "article": r.article,
            "ceiling": r.ceiling_days,
            "days": days,
        }
    return None
