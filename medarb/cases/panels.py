"""Higher apps add panels to the case page and the dashboard without the case app importing them.

An app registers a Panel in its AppConfig.ready(); the case page asks each panel for its
context (which may be None: nothing to show) and includes its template with `data`. A
dashboard panel's context takes only the request.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context: Callable[..., dict | None]  # context(request=, case=, can_write=) -> dict | None
    column: str = "side"  # "main" or "side"
    order: int = 100


_panels: dict[str, Panel] = {}


def register_panel(panel: Panel) -> None:
    _panels[panel.name] = panel


def panels_for(*, request, case, can_write: bool) -> dict[str, list[tuple[Panel, dict]]]:
    columns: dict[str, list[tuple[Panel, dict]]] = {"main": [], "side": []}
    for panel in sorted(_panels.values(), key=lambda p: p.order):
        data = panel.context(request=request, case=case, can_write=can_write)
        if data is not None:
            columns[panel.column].append((panel, data))
    return columns


_dashboard_panels: dict[str, Panel] = {}


def register_dashboard_panel(panel: Panel) -> None:
    _dashboard_panels[panel.name] = panel


def dashboard_panels_for(*, request) -> list[tuple[Panel, dict]]:
    shown = []
    for panel in sorted(_dashboard_panels.values(), key=lambda p: p.order):
        data = panel.context(request=request)
        if data is not None:
            shown.append((panel, data))
    return shown
