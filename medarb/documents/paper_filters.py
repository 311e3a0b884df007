"""Filters the template sandbox adds to (or changes in) Django's, for the layout of a paper.

`linebreaks`: every line of the text is its own paragraph. Django's filter joins single
lines with `<br>`, so in an award typed as "1. …⏎2. …" every line after the first lost the
two-character indent an official paper gives each paragraph (裁决如下 2.). Leading spaces a
clerk typed to indent by hand are dropped, or the line would be indented twice.
"""

from django import template
from django.template.defaultfilters import stringfilter
from django.utils.html import escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.text import normalize_newlines

register = template.Library()


@register.filter(is_safe=True, needs_autoescape=True)
@stringfilter
def linebreaks(value: str, *, autoescape: bool = True) -> str:
    """One `<p>` per non-empty line."""
    autoescape = autoescape and not isinstance(value, SafeData)
    lines = (line.strip() for line in normalize_newlines(value).split("\n"))
    return mark_safe("".join(f"<p>{escape(line) if autoescape else line}</p>" for line in lines if line))


@register.filter(is_safe=False)
@stringfilter
def group(value: str, size: int | str = 4) -> str:
    """The text in groups of `size` characters separated by spaces."""
    try:
        size = max(int(size), 1)
    except (TypeError, ValueError):
        return value
    return " ".join(value[i : i + size] for i in range(0, len(value), size))
