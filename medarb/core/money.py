"""Amounts as official documents write them: figures and Chinese capitals (大写金额).

`to_chinese_capitals(Decimal("12000"))` → "人民币壹万贰仟元整". The rules followed are those
of bank and court practice: a zero between non-zero digits is written once (壹仟零伍元),
a zero at the end of a 万/亿 section is carried as one 零 before the next non-zero digit,
whole amounts end in 整, amounts with 角 but no 分 end in 整 too (壹元伍角整).
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_BIG_UNITS = ("", "万", "亿", "万亿")
MAX_AMOUNT = Decimal("9999999999999999.99")


def _section(number: int) -> str:
    """Four digits (0–9999) in capitals, with inner zeros collapsed; no leading zero."""
    out: list[str] = []
    zero_pending = False
    for position in range(3, -1, -1):
        digit = number // 10**position % 10
        if digit == 0:
            if out:
                zero_pending = True
            continue
        if zero_pending:
            out.append("零")
            zero_pending = False
        out.append(DIGITS[digit] + _SMALL_UNITS[position])
    return "".join(out)


def _integer_capitals(number: int) -> str:
    if number == 0:
        return ""
    sections: list[int] = []
    while number:
        sections.append(number % 10000)
        number //= 10000
    out = ""
    need_zero = False
    for index in range(len(sections) - 1, -1, -1):
        value = sections[index]
        if value == 0:
            need_zero = bool(out)
            continue
        # A section below 1000 that follows a higher one needs a 零 (壹万零伍佰).
        if out and (need_zero or value < 1000):
            out += "零"
        out += _section(value) + _BIG_UNITS[index]
        need_zero = False
    return out


def to_chinese_capitals(amount: Decimal | int | str, *, prefix: str = "人民币") -> str:
    """The amount in Chinese capitals, rounded to the 分, e.g. 人民币壹万贰仟元整."""
    try:
        value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {amount!r}") from exc
    if value < 0:
        raise ValueError("amounts in documents are never negative")
    if value > MAX_AMOUNT:
        raise ValueError("amount too large")
    cents = int(value * 100)
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    if cents == 0:
        return f"{prefix}零元整"
    words = _integer_capitals(yuan)
    if yuan:
        words += "元"
    if jiao == 0 and fen == 0:
        return f"{prefix}{words}整"
    if jiao:
        words += DIGITS[jiao] + "角"
    elif yuan:
        words += "零"  # 壹元零伍分
    if fen:
        words += DIGITS[fen] + "分"
    else:
        words += "整"
    return prefix + words


def format_figures(amount: Decimal | int | str) -> str:
    """Figures with thousands separators and two decimals: 12,000.00."""
    value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{value:,.2f}"


def from_chinese_capitals(text: str, *, prefix: str = "人民币") -> Decimal:
    """The inverse of `to_chinese_capitals`, used to check it (and to read typed capitals)."""
    text = text.removeprefix(prefix).removesuffix("整")
    units = {"拾": 10, "佰": 100, "仟": 1000}
    total = Decimal(0)
    yuan_part, _sep, cents_part = text.partition("元")
    if not _sep:  # no 元: only 角/分
        yuan_part, cents_part = "", text
    big = {"万亿": 10**12, "亿": 10**8, "万": 10**4}
    number = 0
    section = 0
    digit = 0
    i = 0
    while i < len(yuan_part):
        if yuan_part.startswith("万亿", i):
            number += (section + digit) * big["万亿"]
            section = digit = 0
            i += 2
            continue
        char = yuan_part[i]
        if char in DIGITS:
            digit = DIGITS.index(char)
        elif char in units:
            section += digit * units[char]
            digit = 0
        elif char in big:
            number += (section + digit) * big[char]
            section = digit = 0
        i += 1
    number += section + digit
    total += number
    jiao = fen = 0
    for index, char in enumerate(cents_part):
        if char == "角":
            jiao = DIGITS.index(cents_part[index - 1])
        elif char == "分":
            fen = DIGITS.index(cents_part[index - 1])
    return total + Decimal(jiao) / 10 + Decimal(fen) / 100
