"""文书检索: staff retrieval of awards, mediation statements, agreements and case records."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from medarb.audit.models import AuditAction
from medarb.audit.services import record
from medarb.cases import policy
from medarb.cases.services import record_case_read
from medarb.search import retrieval

FACET_TITLES = {
    "kind": _("文书类别"),
    "cause": _("争议事项"),
    "year": _("年份"),
    "unit": _("承办单位"),
    "outcome": _("裁决结果"),
    "finality": _("终局与否"),
}


def _staff_only(user) -> None:
    if not policy.is_staff(user):
        raise Http404


def _link(params: dict, **changes) -> str:
    """The page's address with `changes`; a new filter or sort starts again at page 1."""
    merged = {k: v for k, v in ({**params, **changes}).items() if v not in ("", None)}
    return "?" + urlencode(merged)


@login_required
@require_GET
def records(request):
    _staff_only(request.user)
    query = retrieval.parse_query(request.GET)
    results = retrieval.retrieve(user=request.user, query=query)
    params = {
        "q": query.text,
        "kind": query.kind,
        "cause": query.cause,
        "year": query.year,
        "unit": query.unit,
        "outcome": query.outcome,
        "finality": query.finality,
        "sort": query.sort if query.sort != "relevance" else "",
    }
    facets = [
        {
            "name": name,
            "title": FACET_TITLES[name],
            "values": [
                {"facet": f, "url": _link(params, **{name: "" if f.chosen else f.value})} for f in values
            ],
        }
        for name, values in results.facets.items()
        if values
    ]
    page = min(query.page, results.pages or 1)
    record(
        actor=request.user,
        action=AuditAction.READ,
        object_type="search.recordentry",
        summary="retrieval search",
        data={"q": query.text[:100], "cases": sorted({h.entry.case_id for h in results.hits})},
        request=request,
    )
    context = {
        "query": query,
        "results": results,
        "facets": facets,
        "sort_relevance": _link(params, sort=""),
        "sort_date": _link(params, sort="date"),
        "previous_url": _link(params, page=page - 1) if page > 1 else "",
        "next_url": _link(params, page=page + 1) if page < results.pages else "",
        "page": page,
    }
    return render(request, "search/records.html", context)


@login_required
@require_GET
def record_detail(request, entry_id: int):
    """One hit: its whole text, where it comes from, and the cases most like it."""
    _staff_only(request.user)
    entry = retrieval.record_get_for_user(user=request.user, entry_id=entry_id)
    if entry is None:
        raise Http404
    record_case_read(user=request.user, case=entry.case, request=request, what=f"retrieval {entry.kind}")
    similar = retrieval.similar(user=request.user, case=entry.case)
    return render(request, "search/record_detail.html", {"entry": entry, "similar": similar})
