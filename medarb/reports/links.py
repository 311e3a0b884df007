"""Each figure's way to the cases behind it: the staff case list (`cases:list`) with the filters
that select exactly those cases (the list applies the visibility policy itself)."""

from urllib.parse import urlencode

from django.urls import reverse


def cases_link(query: dict, unit_id: int) -> str:
    """The case list behind a figure: within `unit_id`'s subtree unless the query narrows it."""
    where = {} if "unit_id" in query or "unit_tree" in query else {"unit_tree": unit_id}
    return f"{reverse('cases:list')}?{urlencode({**query, **where})}"


def linked(figures: dict) -> list[dict]:
    """The tables with each cell's link to the case list behind it."""
    unit_id = figures["unit"]["id"]
    return [
        {
            **table,
            "rows": [
                {
                    "label": row["label"],
                    "cells": [{**cell, "url": cases_link(cell["q"], unit_id)} for cell in row["cells"]],
                }
                for row in table["rows"]
            ],
        }
        for table in figures["tables"]
    ]
