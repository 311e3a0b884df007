"""`{{ entry|audit_object }}` and `{{ entry|audit_summary }}`: audit entries in words."""

from django import template

from medarb.cases import audit_display as display

register = template.Library()


@register.filter
def audit_object(entry) -> str:
    return display.object_label(entry)


@register.filter
def audit_summary(entry) -> str:
    return display.summary_label(entry)
