from datetime import date

import pytest
from django import forms
from django.utils import translation


class DayForm(forms.Form):
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
class TestDateInputs:
    def test_date_fields_render_iso_dates_that_browsers_accept(self, language):
        with translation.override(language):
            assert 'value="2026-11-28"' in str(DayForm(initial={"day": date(2026, 11, 28)})["day"])

    def test_date_fields_read_iso_dates(self, language):
        with translation.override(language):
            form = DayForm({"day": "2026-11-28"})
            assert form.is_valid() and form.cleaned_data["day"] == date(2026, 11, 28)
