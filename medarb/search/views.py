"""The public law library: laws article by article, typical cases, and search."""

from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from medarb.search import selectors
from medarb.search.models import EntryKind, Law, LawArticle, TypicalCase

MAX_QUERY = 100


def law_list(request):
    laws = Law.objects.annotate(article_count=Count("articles")).order_by("id")
    cases = TypicalCase.objects.only("id", "title")
    return render(request, "search/law_list.html", {"laws": laws, "cases": cases})


def law_detail(request, law_id: int):
    law = get_object_or_404(Law, pk=law_id)
    articles = list(law.articles.all())
    chapters: list[tuple[str, list[LawArticle]]] = []
    for article in articles:
        if not chapters or chapters[-1][0] != article.chapter:
            chapters.append((article.chapter, []))
        chapters[-1][1].append(article)
    return render(request, "search/law_detail.html", {"law": law, "chapters": chapters})


def typical_case(request, case_id: int):
    case = get_object_or_404(TypicalCase, pk=case_id)
    return render(request, "search/typical_case.html", {"case": case})


def library_search(request):
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY]
    kind = request.GET.get("kind") or ""
    kinds = [kind] if kind in EntryKind.values else [EntryKind.LAW_ARTICLE, EntryKind.TYPICAL_CASE]
    results = selectors.search(query, kinds=kinds, limit=30) if query else []
    articles = LawArticle.objects.select_related("law").in_bulk(
        [r.entry.ref_id for r in results if r.entry.kind == EntryKind.LAW_ARTICLE]
    )
    rows = [{"result": r, "url": _url_for(r.entry, articles)} for r in results]
    template = "search/search.html#results" if request.htmx else "search/search.html"
    return render(request, template, {"query": query, "kind": kind, "rows": rows})


def _url_for(entry, articles) -> str:
    if entry.kind == EntryKind.LAW_ARTICLE and entry.ref_id in articles:
        article = articles[entry.ref_id]
        return f"{reverse('search:law', args=[article.law_id])}#a{article.pk}"
    if entry.kind == EntryKind.TYPICAL_CASE:
        return reverse("search:typical_case", args=[entry.ref_id])
    return ""
