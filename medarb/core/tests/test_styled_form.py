"""StyledForm gives each widget the Bootstrap class that draws it properly."""

from django import forms

from medarb.core.forms import StyledForm


class Sample(StyledForm):
    name = forms.CharField()
    kind = forms.ChoiceField(choices=[("a", "甲"), ("b", "乙")])
    route = forms.ChoiceField(choices=[("a", "甲"), ("b", "乙")], widget=forms.RadioSelect)
    causes = forms.MultipleChoiceField(choices=[("a", "甲")], widget=forms.CheckboxSelectMultiple)
    agree = forms.BooleanField()


def test_radio_buttons_and_check_boxes_are_drawn_as_ticks_not_text_boxes():
    form = Sample()

    assert form.fields["route"].widget.attrs["class"] == "form-check-input"
    assert form.fields["causes"].widget.attrs["class"] == "form-check-input"
    assert form.fields["agree"].widget.attrs["class"] == "form-check-input"
    assert 'class="form-check-input"' in str(form["route"])


def test_text_and_select_fields_keep_their_classes():
    form = Sample()

    assert form.fields["name"].widget.attrs["class"] == "form-control"
    assert form.fields["kind"].widget.attrs["class"] == "form-select"
