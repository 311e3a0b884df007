"""A procedure declaration drawn as an inline SVG, server-side, with no script.

States are boxes stacked in the order declared (the order a case normally passes them);
each transition between two different states is an arc on the right (forward) or the left
(backward), the further apart the states the wider the arc. Acts that keep the state
(`STAY`) are listed under the state instead of drawn. The current state is highlighted.
Only SVG presentation attributes and classes are used: the CSP forbids style attributes.
"""

from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from medarb.procedure.declaration import PREVIOUS, STAY, Procedure

BOX_W, BOX_H, GAP = 200, 26, 10
ROW = BOX_H + GAP
ARC_STEP = 9  # extra width per state spanned
MARGIN_X = 16


@dataclass(frozen=True)
class Arc:
    source: str
    target: str
    labels: tuple[str, ...]
    dashed: bool = False


def arcs_of(procedure: Procedure) -> list[Arc]:
    """One arc per (source, target) pair, carrying the labels of every transition on it."""
    labels: dict[tuple[str, str], list[str]] = {}
    dashed: set[tuple[str, str]] = set()
    for transition in procedure.transitions.values():
        if transition.target == STAY:
            continue
        for source in transition.sources:
            if transition.target == PREVIOUS:
                # Back to wherever the case came from: drawn to every state that leads here.
                targets = {s for t in procedure.transitions.values() if t.target == source for s in t.sources}
                for target in sorted(targets - {source}):
                    labels.setdefault((source, target), []).append(str(transition.label))
                    dashed.add((source, target))
                continue
            labels.setdefault((source, transition.target), []).append(str(transition.label))
    return [Arc(s, t, tuple(dict.fromkeys(ls)), (s, t) in dashed) for (s, t), ls in labels.items()]


def render_svg(procedure: Procedure, *, current: str | None = None, title: str | None = None) -> SafeString:
    codes = list(procedure.states)
    index = {code: i for i, code in enumerate(codes)}
    arcs = arcs_of(procedure)
    span = max((abs(index[a.target] - index[a.source]) for a in arcs), default=1)
    reach = 24 + span * ARC_STEP
    box_x = MARGIN_X + reach
    width = box_x + BOX_W + reach + MARGIN_X
    height = len(codes) * ROW + GAP
    label = escape(title or procedure.label)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="procedure-diagram" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{label}" data-testid="procedure-diagram">',
        f"<title>{label}</title>",
        "<defs>"
        '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" '
        'orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#6c757d"/></marker>'
        '<marker id="arrow-current" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#0d6efd"/></marker>'
        "</defs>",
    ]

    def y_mid(code: str) -> float:
        return GAP + index[code] * ROW + BOX_H / 2

    for arc in sorted(arcs, key=lambda a: abs(index[a.target] - index[a.source]), reverse=True):
        i, j = index[arc.source], index[arc.target]
        forward = j > i
        dx = 18 + abs(j - i) * ARC_STEP
        x = box_x + BOX_W if forward else box_x
        bend = x + dx if forward else x - dx
        y1, y2 = y_mid(arc.source), y_mid(arc.target)
        from_current = arc.source == current
        colour = "#0d6efd" if from_current else "#adb5bd"
        classes = "arc arc-from-current" if from_current else "arc"
        dash = ' stroke-dasharray="4 3"' if arc.dashed else ""
        marker = "arrow-current" if from_current else "arrow"
        parts.append(
            f'<path class="{classes}" d="M{x},{y1} C{bend},{y1} {bend},{y2} {x},{y2}" fill="none" '
            f'stroke="{colour}" stroke-width="{1.6 if from_current else 1}"{dash} '
            f'marker-end="url(#{marker})">'
            f"<title>{escape('；'.join(arc.labels))}: {escape(procedure.label_of(arc.source))} → "
            f"{escape(procedure.label_of(arc.target))}</title></path>"
        )

    for code in codes:
        state = procedure.states[code]
        y = GAP + index[code] * ROW
        is_current = code == current
        fill = "#0d6efd" if is_current else ("#e9ecef" if state.is_closed else "#ffffff")
        stroke = "#0a58ca" if is_current else "#6c757d"
        text_fill = "#ffffff" if is_current else "#212529"
        css = (
            "state" + (" state-current" if is_current else "") + (" state-closed" if state.is_closed else "")
        )
        stays = [str(t.label) for t in procedure.transitions_from(code) if t.target == STAY]
        tip = escape(str(state.label) + ("：" + "、".join(stays) if stays else ""))
        aria = ' aria-current="step"' if is_current else ""
        parts.append(
            f'<g class="{css}" data-state="{escape(code)}"{aria}>'
            f"<title>{tip}</title>"
            f'<rect x="{box_x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" '
            f'fill="{fill}" stroke="{stroke}"/>'
            f'<text x="{box_x + BOX_W / 2}" y="{y + BOX_H / 2 + 5}" text-anchor="middle" font-size="13" '
            f'fill="{text_fill}">{escape(state.label)}{" ⋯" if stays else ""}</text></g>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text part is escaped above
