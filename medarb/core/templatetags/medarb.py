from django import template
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag
def sort_url(query, field: str, current: str) -> str:
    """The query string that sorts a table by `field`, toggling direction when already sorted by it."""
    params = query.copy()
    params["ordering"] = f"-{field}" if current == field else field
    params.pop("page", None)
    return "?" + urlencode(sorted(params.items()))


@register.simple_tag
def page_url(query, number: int) -> str:
    params = query.copy()
    params["page"] = number
    return "?" + urlencode(sorted(params.items()))


@register.filter
def sort_mark(current: str, field: str) -> str:
    if current == field:
        return "▲"
    if current == f"-{field}":
        return "▼"
    return ""
