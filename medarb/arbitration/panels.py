"""The case page's procedure panel: diagram, actions, deadlines, to-dos and approvals."""

from medarb.cases.panels import Panel, register_panel


def _context(*, request, case, can_write: bool) -> dict | None:
    from medarb.arbitration.selectors import workflow_panel

    return workflow_panel(user=request.user, case=case, can_write=can_write)


def register_panels() -> None:
    register_panel(
        Panel(
            name="workflow",
            template="arbitration/_workflow_panel.html",
            context=_context,
            column="main",
            order=5,
        )
    )
