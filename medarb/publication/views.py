"""The published-award library: public reading, and the chair's review before publication."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from medarb.arbitration.models import Award
from medarb.core.errors import DomainError
from medarb.core.forms import posted_id
from medarb.orgs.models import Role
from medarb.orgs.selectors import units_under_roles
from medarb.publication import selectors, services
from medarb.publication.models import PublicationState
from medarb.search.retrieval import MAX_QUERY, PER_PAGE

MAX_PAGE = 200


def _page(request) -> int:
    raw = request.GET.get("page") or ""
    return int(raw) if raw.isdigit() and len(raw) < 4 and 0 < int(raw) <= MAX_PAGE else 1


@require_GET
def library(request):
    """典型案例与裁决公开: anyone may read, no login."""
    text = (request.GET.get("q") or "")[:MAX_QUERY].strip()
    page = _page(request)
    rows, total = selectors.library(text=text, page=page)
    pages = -(-total // PER_PAGE)
    is_chair = request.user.is_authenticated and bool(units_under_roles(request.user, {Role.CHAIR}))
    return render(
        request,
        "publication/library.html",
        {"q": text, "rows": rows, "total": total, "page": page, "pages": pages, "is_chair": is_chair},
    )


@require_GET
def library_detail(request, publication_id: int):
    publication = selectors.published_get(publication_id=publication_id)
    if publication is None:
        raise Http404
    return render(request, "publication/detail.html", {"publication": publication})


def _chair(request) -> None:
    if not units_under_roles(request.user, {Role.CHAIR}):
        raise PermissionDenied


@login_required
@require_GET
def review_list(request):
    _chair(request)
    context = {"candidates": selectors.candidates(request.user), "reviews": selectors.reviews(request.user)}
    return render(request, "publication/review_list.html", context)


@login_required
@require_POST
def choose(request):
    _chair(request)
    award = Award.objects.filter(
        pk=posted_id(request.POST, "award"), case__in=selectors.chaired_cases(request.user)
    ).first()
    if award is None:
        messages.error(request, _("请从列表中选择裁决书。"))
        return redirect("publication:reviews")
    try:
        publication = services.choose_award(award=award, actor=request.user, request=request)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("publication:reviews")
    return redirect("publication:review", publication.pk)


@login_required
def review(request, publication_id: int):
    """Preview the anonymised text, edit it, choose enterprises to hide, publish or withdraw."""
    _chair(request)
    publication = selectors.review_get(user=request.user, publication_id=publication_id)
    if publication is None:
        raise Http404
    case = publication.award.case
    organisations = services.case_people(case)[2]
    status = 200
    if request.method == "POST":
        action = request.POST.get("action") or "save"
        try:
            if action == "withdraw":
                services.withdraw(publication=publication, actor=request.user, request=request)
                messages.success(request, _("已撤回，公众不再能看到该裁决。"))
                return redirect("publication:review", publication.pk)
            services.save_review(
                publication=publication,
                actor=request.user,
                title=request.POST.get("title") or "",
                text=request.POST.get("text") or "",
                hidden_organisations=[o for o in request.POST.getlist("hide") if o in organisations],
                request=request,
            )
            if action == "publish":
                services.publish(publication=publication, actor=request.user, request=request)
                messages.success(request, _("已公开。"))
            else:
                messages.success(request, _("已保存。"))
            return redirect("publication:review", publication.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
            status = 400
    context = {
        "publication": publication,
        "organisations": [(name, name in publication.hidden) for name in dict.fromkeys(organisations)],
        "published": publication.state == PublicationState.PUBLISHED,
    }
    return render(request, "publication/review.html", context, status=status)
