"""The day/week grid: where each sitting sits, in CSS-class terms (the CSP forbids inline styles)."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from medarb.hearings import timing
from medarb.hearings.selectors import CalendarEntry

SLOT_MINUTES = 15
MAX_ROWS = 96  # the stylesheet defines row and span classes up to here


@dataclass
class PlacedEntry:
    entry: CalendarEntry
    column: int
    row: int
    span: int


@dataclass
class Grid:
    days: list[date]
    rows: list[dict]  # {"row": n, "label": "09:00" or ""}
    entries: list[PlacedEntry] = field(default_factory=list)
    start: date | None = None
    previous: date | None = None
    next: date | None = None
    today: date | None = None

    @property
    def width(self) -> int:
        return len(self.days)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _minutes(moment: datetime) -> int:
    return moment.hour * 60 + moment.minute


def build_grid(*, start: date, days: int, entries: list[CalendarEntry], today: date) -> Grid:
    hours = timing.working_hours()
    first = hours.start.hour * 60 + hours.start.minute
    last = hours.end.hour * 60 + hours.end.minute
    count = min((last - first + SLOT_MINUTES - 1) // SLOT_MINUTES, MAX_ROWS)
    rows = []
    for index in range(count):
        minute = first + index * SLOT_MINUTES
        label = f"{minute // 60:02d}:{minute % 60:02d}" if minute % 60 in (0, 30) else ""
        rows.append({"row": index + 2, "label": label})
    dates = [start + timedelta(days=i) for i in range(days)]
    grid = Grid(
        days=dates,
        rows=rows,
        start=start,
        previous=start - timedelta(days=days),
        next=start + timedelta(days=days),
        today=today,
    )
    for entry in entries:
        begin, end = entry.start, entry.end
        if begin.date() not in dates:
            continue
        top = max(0, (_minutes(begin) - first) // SLOT_MINUTES)
        bottom = min(count, -(-(_minutes(end) - first) // SLOT_MINUTES))
        top = min(top, count - 1)
        grid.entries.append(
            PlacedEntry(
                entry=entry, column=dates.index(begin.date()) + 2, row=top + 2, span=max(1, bottom - top)
            )
        )
    return grid


def stylesheet() -> str:
    """The grid placement classes (kept in static/css/hearings.css; regenerate with this)."""
    lines = [f".cal-c-{n}{{grid-column:{n}}}" for n in range(1, 10)]
    lines += [f".cal-r-{n}{{grid-row-start:{n}}}" for n in range(1, MAX_ROWS + 2)]
    lines += [f".cal-s-{n}{{grid-row-end:span {n}}}" for n in range(1, MAX_ROWS + 1)]
    return "\n".join(lines) + "\n"
