"""The claims calculator (请求金额计算器): each result carries its formula, inputs and legal basis.

Money is `Decimal` throughout; intermediate values are exact and only results are rounded,
half up, to the fen. Legal bases cite the law texts shipped in `data/laws/` by file name and
article number (`LegalBasis.text()` reads the article from there), so nothing is retyped.
Pure functions: no database access; callers look up regional standards themselves. Titles and
the names of the inputs come in the active language (the page's or the API request's).
"""

import calendar as _stdlib_calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from medarb.core.errors import DomainError

FEN = Decimal("0.01")
# 月计薪天数 (劳社部发〔2008〕3号): (365 − 104) ÷ 12.
PAY_DAYS_PER_MONTH = Decimal("21.75")
HOURS_PER_DAY = 8

CONTRACT_LAW = "劳动合同法(2012-12-28).md"
CONTRACT_REGS = "劳动合同法实施条例(2008-09-18).md"
LABOUR_LAW = "劳动法(2018-12-29).md"
WAGE_RULES = "工资支付暂行规定(1994-12-06).md"
PAY_DAYS_NOTICE = "关于职工全年月平均工作时间和工资折算问题的通知(2009-03-29).md"
LEAVE_REGS = "职工带薪年休假条例(2007-12-14).md"
LEAVE_MEASURES = "企业职工带薪年休假实施办法(2008-07-17).md"


def laws_dir() -> Path:
    return Path(getattr(settings, "MEDARB_LAWS_DIR", settings.BASE_DIR / "data" / "laws"))


@cache
def _law_articles(source: str) -> dict[str, str]:
    path = laws_dir() / source
    if not path.is_file():
        return {}
    articles: dict[str, str] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(第[零一二三四五六七八九十百]+条)\s*(.*)$", line.strip())
        if match:
            current = match.group(1)
            articles[current] = match.group(2)
        elif line.startswith("#"):
            # Texts without articles (notices) are cited by section heading.
            current = line.lstrip("#").strip()
            articles[current] = ""
        elif current and line.strip():
            articles[current] = (articles[current] + "\n" + line.strip()).lstrip("\n")
    return articles


@dataclass(frozen=True)
class LegalBasis:
    source: str  # a file of data/laws
    article: str  # "第四十七条", or a section heading for texts without articles
    point: str = ""  # which paragraph or item, in words

    @property
    def law(self) -> str:
        return self.source.split("(")[0].removesuffix(".md")

    @property
    def citation(self) -> str:
        return f"《{self.law}》{self.article}{self.point}"

    def text(self) -> str:
        """The article's text from data/laws ("" when the library is not installed)."""
        return _law_articles(self.source).get(self.article, "")


@dataclass(frozen=True)
class Calculation:
    kind: str
    title: str
    amount: Decimal
    formula: str
    inputs: dict[str, str]
    basis: tuple[LegalBasis, ...]
    notes: tuple[str, ...] = ()
    details: dict = field(default_factory=dict)
    warnings: tuple[str, ...] = ()  # what may defeat the claim whatever the amount (time bar)


def to_fen(value: Decimal) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def _money(value: Decimal) -> str:
    return f"{to_fen(value):,.2f}元"


def _plain(value: Decimal) -> str:
    """A factor without trailing zeros: 3.5, 12, 0.5."""
    text = format(value.normalize(), "f")
    return text


def _require(condition: object, message: str) -> None:
    if not condition:
        raise DomainError(message)


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, _stdlib_calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Span:
    """Whole months and the days left over of a period of service [first, last], both counted."""

    months: int
    days: int
    first: date
    last: date

    @property
    def years(self) -> int:
        return self.months // 12

    @property
    def months_beyond_years(self) -> int:
        return self.months % 12

    def describe(self) -> str:
        parts = []
        if self.years:
            parts.append(f"{self.years}年")
        if self.months_beyond_years:
            parts.append(f"{self.months_beyond_years}个月")
        if self.days:
            parts.append(f"{self.days}天")
        return "".join(parts) or "0天"


def span(first: date, last: date) -> Span:
    """Length of the period from `first` to `last`, both days included (用工之日起 … 止)."""
    _require(last >= first, "结束日期不能早于开始日期。")
    end = last + timedelta(days=1)
    months = (end.year - first.year) * 12 + end.month - first.month
    while months > 0 and add_months(first, months) > end:
        months -= 1
    return Span(months=months, days=(end - add_months(first, months)).days, first=first, last=last)


# --- economic compensation (N) and damages (2N) -----------------------------------------


def compensation_months(service: Span, *, capped: bool) -> Decimal:
    """N of 劳动合同法 47: one month per full year; ≥ 6 months → one more; < 6 months → half."""
    years = Decimal(service.years)
    rest_months, rest_days = service.months_beyond_years, service.days
    if rest_months >= 6:
        years += 1
    elif rest_months or rest_days:
        years += Decimal("0.5")
    if capped:
        years = min(years, Decimal(12))
    return years


def economic_compensation(
    *,
    monthly_wage: Decimal,
    service_start: date,
    service_end: date,
    local_average_monthly_wage: Decimal | None = None,
    local_minimum_monthly_wage: Decimal | None = None,
) -> Calculation:
    """经济补偿 (劳动合同法 47; 实施条例 27): base wage × N, with the 3× average-wage cap."""
    _require(monthly_wage >= 0, "月工资不能为负数。")
    service = span(service_start, service_end)
    notes: list[str] = []
    base = monthly_wage
    basis = [LegalBasis(CONTRACT_LAW, "第四十七条"), LegalBasis(CONTRACT_REGS, "第二十七条")]
    if local_minimum_monthly_wage is not None and base < local_minimum_monthly_wage:
        base = local_minimum_monthly_wage
        notes.append(f"月平均工资低于当地最低工资标准，按最低工资标准{_money(base)}计算。")
    capped = False
    if local_average_monthly_wage is not None:
        _require(local_average_monthly_wage > 0, "当地上年度职工月平均工资必须大于零。")
        ceiling = local_average_monthly_wage * 3
        if base > ceiling:
            capped = True
            base = ceiling
            notes.append(
                f"月工资高于当地上年度职工月平均工资三倍（{_money(ceiling)}），按三倍数额计算，年限最高不超过十二年。"
            )
    else:
        notes.append("未提供当地上年度职工月平均工资，未检验三倍封顶。")
    months = compensation_months(service, capped=capped)
    amount = to_fen(base * months)
    notes.append("2008年1月1日前的工作年限按当时的规定计算（劳动合同法第九十七条），本计算器按同一标准估算。")
    inputs = {
        _("月工资（解除或终止前十二个月平均）"): _money(monthly_wage),
        _("工作年限"): f"{service_start:%Y-%m-%d} 至 {service_end:%Y-%m-%d}（{service.describe()}）",
    }
    if local_average_monthly_wage is not None:
        inputs[_("当地上年度职工月平均工资")] = _money(local_average_monthly_wage)
    if local_minimum_monthly_wage is not None:
        inputs[_("当地月最低工资标准")] = _money(local_minimum_monthly_wage)
    return Calculation(
        kind="economic_compensation",
        title=_("经济补偿"),
        amount=amount,
        formula=f"计算基数 {_money(base)} × 补偿月数 {_plain(months)} = {_money(amount)}",
        inputs=inputs,
        basis=tuple(basis),
        notes=tuple(notes),
        details={"base": to_fen(base), "months": months, "capped": capped, "service": service.describe()},
    )


def unlawful_termination_damages(**kwargs) -> Calculation:
    """违法解除或终止的赔偿金 (劳动合同法 87; 实施条例 25): twice the economic compensation."""
    n = economic_compensation(**kwargs)
    amount = n.amount * 2
    return Calculation(
        kind="unlawful_termination_damages",
        title=_("违法解除（终止）劳动合同赔偿金"),
        amount=amount,
        formula=f"经济补偿 {_money(n.amount)} × 2 = {_money(amount)}（{n.formula}）",
        inputs=n.inputs,
        basis=(LegalBasis(CONTRACT_LAW, "第八十七条"), *n.basis, LegalBasis(CONTRACT_REGS, "第二十五条")),
        notes=(*n.notes, "支付赔偿金的，不再支付经济补偿；赔偿金的计算年限自用工之日起计算。"),
        details={**n.details, "compensation": n.amount},
    )


# --- double wages for no written contract ------------------------------------------------


def _pay_days(first: date, last: date) -> int:
    """Pay days (计薪日) in [first, last]: every day but Saturdays and Sundays (holidays are paid)."""
    return sum(
        1 for offset in range((last - first).days + 1) if (first + timedelta(days=offset)).weekday() < 5
    )


def double_wages(
    *, monthly_wage: Decimal, employment_start: date, until: date, written_contract_on: date | None = None
) -> Calculation:
    """未订立书面劳动合同的二倍工资差额 (劳动合同法 82; 实施条例 6, 7): from the day after the
    first month until the day before the contract, at most 11 months."""
    _require(monthly_wage >= 0, "月工资不能为负数。")
    _require(until >= employment_start, "计算截止日期不能早于用工之日。")
    first = add_months(employment_start, 1)
    last = add_months(employment_start, 12) - timedelta(days=1)  # 满一年的前一日 … capped at 11 months
    last = min(last, until)
    if written_contract_on is not None:
        _require(written_contract_on >= employment_start, "订立书面合同日期不能早于用工之日。")
        last = min(last, written_contract_on - timedelta(days=1))
    basis = (
        LegalBasis(CONTRACT_LAW, "第八十二条"),
        LegalBasis(CONTRACT_REGS, "第六条"),
        LegalBasis(CONTRACT_REGS, "第七条"),
        LegalBasis(PAY_DAYS_NOTICE, "二、日工资、小时工资的折算"),
    )
    inputs = {
        _("月工资"): _money(monthly_wage),
        _("用工之日"): f"{employment_start:%Y-%m-%d}",
        _("订立书面合同日期"): f"{written_contract_on:%Y-%m-%d}" if written_contract_on else _("未订立"),
        _("计算截止日期"): f"{until:%Y-%m-%d}",
    }
    if last < first:
        return Calculation(
            kind="double_wages",
            title=_("未签订书面劳动合同二倍工资差额"),
            amount=Decimal("0.00"),
            formula="用工之日起一个月内订立了书面合同（或尚未满一个月），无二倍工资差额。",
            inputs=inputs,
            basis=basis,
            details={"months": 0, "pay_days": 0},
        )
    period = span(first, last)
    months = min(period.months, 11)
    pay_days = 0 if months == 11 else _pay_days(add_months(first, months), last)
    pay_days_value = min(Decimal(pay_days), PAY_DAYS_PER_MONTH)
    amount = to_fen(monthly_wage * months + monthly_wage / PAY_DAYS_PER_MONTH * pay_days_value)
    formula = f"月工资 {_money(monthly_wage)} × {months}个月"
    if pay_days:
        formula += f" + 月工资 ÷ 21.75 × {pay_days}个计薪日"
    formula += f" = {_money(amount)}"
    return Calculation(
        kind="double_wages",
        title=_("未签订书面劳动合同二倍工资差额"),
        amount=amount,
        formula=formula,
        inputs=inputs,
        basis=basis,
        notes=(
            f"二倍工资差额的期间为{first:%Y-%m-%d}至{last:%Y-%m-%d}，最长不超过十一个月。",
            "不足一个月的部分按日工资（月工资÷21.75）乘以计薪日计算，各地口径可能不同。",
            "满一年仍未订立书面合同的，视为已订立无固定期限劳动合同（实施条例第七条）。",
        ),
        details={"months": months, "pay_days": pay_days, "first": first, "last": last},
    )


# --- overtime, unpaid wages, annual leave -------------------------------------------------

OVERTIME_RATES = {"weekday": Decimal("1.5"), "rest_day": Decimal("2"), "holiday": Decimal("3")}


def hourly_wage(monthly_wage: Decimal) -> Decimal:
    return monthly_wage / PAY_DAYS_PER_MONTH / HOURS_PER_DAY


def overtime(
    *,
    monthly_wage: Decimal,
    weekday_hours: Decimal = Decimal(0),
    rest_day_hours: Decimal = Decimal(0),
    holiday_hours: Decimal = Decimal(0),
    already_paid: Decimal = Decimal(0),
) -> Calculation:
    """加班费 (劳动法 44; 工资支付暂行规定 13): 150 % / 200 % / 300 % of the hourly wage."""
    _require(monthly_wage >= 0, "月工资不能为负数。")
    _require(min(weekday_hours, rest_day_hours, holiday_hours) >= 0, "加班时数不能为负数。")
    _require(already_paid >= 0, "已支付金额不能为负数。")
    hourly = hourly_wage(monthly_wage)
    weighted = (
        weekday_hours * OVERTIME_RATES["weekday"]
        + rest_day_hours * OVERTIME_RATES["rest_day"]
        + holiday_hours * OVERTIME_RATES["holiday"]
    )
    gross = hourly * weighted
    amount = to_fen(max(gross - already_paid, Decimal(0)))
    formula = (
        f"小时工资 = {_money(monthly_wage)} ÷ 21.75 ÷ 8 = {to_fen(hourly)}元；"
        f"{to_fen(hourly)}元 × （{_plain(weekday_hours)}小时 × 150% + {_plain(rest_day_hours)}小时 × 200% + "
        f"{_plain(holiday_hours)}小时 × 300%）"
    )
    if already_paid:
        formula += f" − 已付 {_money(already_paid)}"
    formula += f" = {_money(amount)}"
    return Calculation(
        kind="overtime",
        title=_("加班费"),
        amount=amount,
        formula=formula,
        inputs={
            _("月工资（加班费计算基数）"): _money(monthly_wage),
            _("工作日延长工作时间"): f"{_plain(weekday_hours)}小时",
            _("休息日工作且未补休"): f"{_plain(rest_day_hours)}小时",
            _("法定休假日工作"): f"{_plain(holiday_hours)}小时",
            _("已支付加班费"): _money(already_paid),
        },
        basis=(
            LegalBasis(LABOUR_LAW, "第四十四条"),
            LegalBasis(WAGE_RULES, "第十三条"),
            LegalBasis(PAY_DAYS_NOTICE, "二、日工资、小时工资的折算"),
        ),
        notes=(
            "小时工资按未剔除法定节假日的月计薪天数21.75天折算，小时工资在公式中仅为显示而取整，计算使用精确值。",
        ),
        details={"hourly": hourly, "gross": to_fen(gross)},
    )


@dataclass(frozen=True)
class WageItem:
    period: str
    due: Decimal
    paid: Decimal = Decimal(0)


def unpaid_wages(*, items: list[WageItem]) -> Calculation:
    """拖欠的劳动报酬 (劳动合同法 30; 劳动法 50): what was due less what was paid, per period."""
    _require(bool(items), "请至少填写一期工资。")
    lines, total = [], Decimal(0)
    for item in items:
        _require(item.due >= 0 and item.paid >= 0, "工资金额不能为负数。")
        owed = max(item.due - item.paid, Decimal(0))
        total += owed
        lines.append(f"{item.period}：应发 {_money(item.due)} − 实发 {_money(item.paid)} = {_money(owed)}")
    amount = to_fen(total)
    return Calculation(
        kind="unpaid_wages",
        title=_("拖欠工资"),
        amount=amount,
        formula="；".join(lines) + f"；合计 {_money(amount)}",
        inputs={item.period: f"应发 {_money(item.due)}，实发 {_money(item.paid)}" for item in items},
        basis=(
            LegalBasis(CONTRACT_LAW, "第三十条"),
            LegalBasis(LABOUR_LAW, "第五十条"),
            LegalBasis(WAGE_RULES, "第七条"),
        ),
        notes=(
            "逾期未支付经劳动行政部门责令仍不支付的，另可加付应付金额50%以上100%以下的赔偿金（劳动合同法第八十五条），本计算器不计入。",
        ),
        details={"items": len(items)},
    )


def annual_leave_entitlement(cumulative_years: int) -> int:
    """Days of paid annual leave by cumulative working years (年休假条例 3)."""
    if cumulative_years < 1:
        return 0
    if cumulative_years < 10:
        return 5
    if cumulative_years < 20:
        return 10
    return 15


def annual_leave_pay(
    *,
    monthly_wage: Decimal,
    cumulative_years: int,
    days_taken: Decimal = Decimal(0),
    days_worked_this_year: int | None = None,
) -> Calculation:
    """未休年休假工资报酬 (年休假条例 3, 5; 实施办法 10–12): the additional 200 % of the daily wage
    for each untaken day; on leaving mid-year the entitlement is prorated and whole days only."""
    _require(monthly_wage >= 0, "月工资不能为负数。")
    _require(cumulative_years >= 0, "累计工作年限不能为负数。")
    _require(days_taken >= 0, "已休天数不能为负数。")
    entitled = annual_leave_entitlement(cumulative_years)
    basis = [
        LegalBasis(LEAVE_REGS, "第三条"),
        LegalBasis(LEAVE_REGS, "第五条"),
        LegalBasis(LEAVE_MEASURES, "第十条"),
        LegalBasis(LEAVE_MEASURES, "第十一条"),
    ]
    if days_worked_this_year is not None:
        _require(0 <= days_worked_this_year <= 366, "当年度已过日历天数应在0至366之间。")
        prorated = Decimal(days_worked_this_year) / 365 * entitled - days_taken
        untaken = max(prorated, Decimal(0)).to_integral_value(rounding=ROUND_FLOOR)
        basis.append(LegalBasis(LEAVE_MEASURES, "第十二条"))
        days_formula = f"（{days_worked_this_year} ÷ 365 × {entitled}天 − 已休{_plain(days_taken)}天"
        days_formula += "，不足一整天的部分不计）"
    else:
        untaken = max(Decimal(entitled) - days_taken, Decimal(0))
        days_formula = f"（应休{entitled}天 − 已休{_plain(days_taken)}天）"
    daily = monthly_wage / PAY_DAYS_PER_MONTH
    amount = to_fen(daily * 2 * untaken)
    return Calculation(
        kind="annual_leave_pay",
        title=_("未休年休假工资报酬"),
        amount=amount,
        formula=(
            f"日工资 {_money(monthly_wage)} ÷ 21.75 = {to_fen(daily)}元；"
            f"{to_fen(daily)}元 × 200% × 未休{_plain(untaken)}天{days_formula} = {_money(amount)}"
        ),
        inputs={
            _("月工资（前十二个月剔除加班工资后的平均）"): _money(monthly_wage),
            _("累计工作年限"): f"{cumulative_years}年（应休{entitled}天）",
            _("当年已休年休假"): f"{_plain(days_taken)}天",
            **(
                {_("当年度在本单位已过日历天数"): f"{days_worked_this_year}天"}
                if days_worked_this_year is not None
                else {}
            ),
        },
        basis=tuple(basis),
        notes=("按日工资收入的300%支付，其中100%为正常工作期间的工资收入，已随工资发放，故另行支付200%。",),
        details={"entitled": entitled, "untaken": untaken, "daily": daily},
    )


CALCULATORS = {
    "economic_compensation": economic_compensation,
    "unlawful_termination_damages": unlawful_termination_damages,
    "double_wages": double_wages,
    "overtime": overtime,
    "unpaid_wages": unpaid_wages,
    "annual_leave_pay": annual_leave_pay,
}
