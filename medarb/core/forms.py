from django import forms


class StyledForm(forms.Form):
    """Gives every widget the Bootstrap class that fits it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            # Radio buttons and check boxes are ticks, not text boxes (a form-control radio is an empty bar).
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)


class DateInput(forms.DateInput):
    """An HTML date input: its value must be ISO whatever the language (zh-hans formats
    dates as 2026/03/02, which browsers reject)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


# The largest id a 64-bit integer column holds; anything longer is not an id of ours.
MAX_ID = 2**63 - 1


def _is_id(value) -> bool:
    return parse_id(value) is not None


def parse_id(value) -> int | None:
    """The id in a query or form value, or None when it cannot be one (letters, sign, too long)."""
    text = str(value if value is not None else "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 19 or int(text) > MAX_ID:
        return None
    return int(text)


class BoundedModelChoiceField(forms.ModelChoiceField):
    """A model choice that refuses a value that cannot be an id (a 30-digit number, letters)
    with the field's own 'invalid choice' message, before the database sees it."""

    def to_python(self, value):
        if value not in self.empty_values and self.to_field_name is None and not _is_id(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for item in value if isinstance(value, list | tuple | set | frozenset) else [value]:
            if self.to_field_name is None and not _is_id(item):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": item}
                )
        return super()._check_values(value)


def posted_id(data, name: str) -> int:
    """The id a form posted under `name`, or 0 (which matches no row) when it is not a number:
    `Model.objects.filter(pk=posted_id(request.POST, "party"))` never fails on hostile input."""
    value = (data.get(name) or "").strip()
    return int(value) if value.isdigit() and len(value) < 19 else 0


def posted_date(data, name: str):
    """The ISO date a form posted under `name`; a DomainError for the field when it is missing
    or not a date (including impossible ones such as 2026-02-30)."""
    from django.utils.dateparse import parse_date
    from django.utils.translation import gettext as _

    from medarb.core.errors import DomainError

    try:
        parsed = parse_date(data.get(name) or "")
    except ValueError:
        parsed = None
    if parsed is None:
        raise DomainError(_("请填写日期。"), field=name)
    return parsed
