"""`{% error_summary form formset … %}`: one summary at the top of a long form of everything a
refused submit needs changed, each field's line linking to the field (GOV.UK's pattern)."""

from django import forms, template

register = template.Library()


def _lines(form: forms.BaseForm, prefix: str = ""):
    for error in form.non_field_errors():
        yield {"message": error}
    for field in form:
        for error in field.errors:
            yield {"anchor": field.id_for_label, "label": f"{prefix}{field.label}", "message": error}


@register.inclusion_tag("_error_summary.html")
def error_summary(*forms_and_formsets) -> dict:
    lines = []
    for item in forms_and_formsets:
        if isinstance(item, forms.BaseFormSet):
            lines += [{"message": error} for error in item.non_form_errors()]
            for number, form in enumerate(item.forms, start=1):
                # "当事人 2 · 姓名": a form class names its rows with `summary_label`.
                lines += _lines(form, prefix=f"{getattr(form, 'summary_label', '')} {number} · ".lstrip())
        elif isinstance(item, forms.BaseForm):
            lines += _lines(item)
    return {"lines": lines}
