"""iCalendar (RFC 5545) export of sittings, written by hand: UTC times, escaped text,
lines folded at 75 octets without splitting a UTF-8 character."""

from collections.abc import Iterable
from datetime import UTC, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from medarb.hearings.models import SittingState

PRODID = "-//medarb//hearings//ZH"
MAX_OCTETS = 75


def escape_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets joined by CRLF + space."""
    chunks: list[str] = []
    current, size, limit = [], 0, MAX_OCTETS
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            chunks.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1  # continuation lines start with a space
        current.append(char)
        size += width
    chunks.append("".join(current))
    return "\r\n ".join(chunks)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def event_lines(entry, *, host: str, case_url=None) -> list[str]:
    sitting = entry.sitting
    status = "CONFIRMED" if sitting.is_blocking else "CANCELLED"
    if entry.visible:
        summary = f"{sitting.get_kind_display()} {sitting.case.display_number}"
        people = "、".join(str(m) for m in sitting.members.all())
        description = _("仲裁员/调解员：%(people)s") % {"people": people}
        if sitting.clerk_id:
            description += "\n" + _("书记员：%(clerk)s") % {"clerk": sitting.clerk}
        if sitting.notes and entry.shows_notes:
            description += "\n" + sitting.notes
        if sitting.state != SittingState.SCHEDULED:
            description += "\n" + _("状态：%(state)s") % {"state": sitting.get_state_display()}
    else:
        summary, description = _("已占用"), ""
    location = str(sitting.room) if sitting.room_id else _("远程")
    lines = [
        "BEGIN:VEVENT",
        f"UID:sitting-{sitting.pk}@{host}",
        f"DTSTAMP:{_utc(sitting.updated_at or timezone.now())}",
        f"DTSTART:{_utc(sitting.starts_at)}",
        f"DTEND:{_utc(sitting.ends_at)}",
        f"SUMMARY:{escape_text(summary)}",
        f"LOCATION:{escape_text(location)}",
        f"STATUS:{status}",
        "CLASS:PUBLIC" if entry.visible and sitting.is_public else "CLASS:PRIVATE",
    ]
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    if entry.visible and case_url:
        lines.append(f"URL:{case_url(sitting)}")
    lines.append("END:VEVENT")
    return lines


def calendar(*, name: str, entries: Iterable, host: str, case_url=None) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        "X-WR-TIMEZONE:Asia/Shanghai",
    ]
    for entry in entries:
        lines.extend(event_lines(entry, host=host, case_url=case_url))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
