"""The declaration is the whole gate: for every procedure, every state the demo district holds
a case in, and every demo role, an act is offered on the case page if and only if firing it
succeeds.

The matrix is generated from the declarations (`procedure.declaration.registered()`) and the
demo district (`demo.loader.load_demo`). "Offered" is what the case page's buttons read
(`cases.workflow.available_actions`, the allowed ones). "Fires" is the door the page, the API
and approvals use (`cases.workflow.perform`) with valid minimal input, each attempt inside a
savepoint that is rolled back. A refusal by the gate (`workflow.check`: the actor's roles, the
state, a guard) is told apart from a failure after it: input this test built badly, or a rule
hidden in a service that the declaration does not know (the bugs this test exists to find).
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

import pytest
from django import forms
from django.db import transaction
from django.utils import timezone

from medarb.cases import workflow
from medarb.cases.models import Case
from medarb.core.errors import DomainError
from medarb.demo.loader import load_demo
from medarb.demo.loader import staff_logins as mediator_and_staff_logins
from medarb.procedure.declaration import registered

pytestmark = pytest.mark.django_db

# Input that the field-by-field defaults below cannot guess, per procedure and transition.
# A callable gets the case and returns the fields to override.
INPUT: dict[tuple[str, str], object] = {
    ("arbitration", "open_hearing"): {"applicant_present": "on", "respondent_present": "on"},
    ("arbitration", "convert_to_ordinary"): {"note": "案情复杂"},
    ("arbitration", "postpone_hearing"): {"requested_by": "tribunal"},
    # the first choices name a worker (a natural person): no employer's industry or type
    ("arbitration", "add_party"): {"industry": "", "employer_type": ""},
    ("mediation", "extend"): {"applicant_agrees": "on", "respondent_agrees": "on", "days": "5"},
}


class _RolledBack(Exception):
    pass


@dataclass(frozen=True)
class Outcome:
    fired: bool
    refused_by_gate: bool
    message: str = ""


def _value_for(name: str, field: forms.Field, case: Case):
    today = timezone.localdate()
    if isinstance(field, forms.SplitDateTimeField | forms.DateTimeField):
        later = datetime.combine(today + timedelta(days=30), time(9, 30))
        return later.strftime("%Y-%m-%dT%H:%M")
    if isinstance(field, forms.DateField):
        return today.isoformat()
    if isinstance(field, forms.ModelMultipleChoiceField):
        first = field.queryset.first() if field.queryset is not None else None
        return [str(first.pk)] if field.required and first is not None else []
    if isinstance(field, forms.ModelChoiceField):
        first = field.queryset.first() if field.queryset is not None else None
        return str(first.pk) if first is not None else ""
    if isinstance(field, forms.MultipleChoiceField):
        return [str(field.choices[0][0])] if field.required and field.choices else []
    if isinstance(field, forms.ChoiceField):
        values = []
        for value, label in field.choices:
            if isinstance(label, list | tuple):  # an option group
                values += [str(v) for v, _label in label]
            elif value not in ("", None):
                values.append(str(value))
        return values[0] if values else ""
    if isinstance(field, forms.BooleanField):
        return "on" if field.required or field.initial else ""
    if isinstance(field, forms.IntegerField):
        initial = field.initial() if callable(field.initial) else field.initial
        return str(initial if initial is not None else (field.min_value or 1))
    if isinstance(field, forms.DecimalField):
        return "1000"
    if isinstance(field, forms.CharField):
        return "演示填写的内容，用于验证按钮与办理一致。" if field.required or name == "note" else ""
    return ""


def minimal_input(procedure_kind: str, transition, case: Case) -> dict:
    """Valid minimal input for the transition's form on this case."""
    form = workflow.bind_form(transition, case)
    data: dict = {}
    if form is not None:
        for name, field in form.fields.items():
            data[name] = _value_for(name, field, case)
    override = INPUT.get((procedure_kind, transition.code), {})
    data.update(override(case) if callable(override) else override)
    return data


def try_firing(case: Case, transition, actor) -> Outcome:
    """Fire in a savepoint and roll it back; the case object is re-read afterwards."""
    outcome = None
    try:
        with transaction.atomic():
            fresh = Case.objects.get(pk=case.pk)
            try:
                workflow.check(case=fresh, transition=transition.code, actor=actor)
            except DomainError as exc:
                outcome = Outcome(fired=False, refused_by_gate=True, message=str(exc))
                raise _RolledBack from None
            try:
                workflow.perform(
                    case=fresh,
                    transition=transition.code,
                    actor=actor,
                    data=minimal_input(case.kind, transition, fresh),
                )
            except Exception as exc:
                outcome = Outcome(fired=False, refused_by_gate=False, message=f"{type(exc).__name__}: {exc}")
            else:
                outcome = Outcome(fired=True, refused_by_gate=False)
            raise _RolledBack
    except _RolledBack:
        pass
    return outcome


def _sample_cases(demo) -> list[Case]:
    """One case per procedure, state and kind of owning unit (district, street, community,
    enterprise): heads of units with and without a chair differ."""
    seen, cases = set(), []
    for case in demo.cases:
        if demo.case_units[case.pk] == "neighbour":
            continue  # another commission, the same as the district's for the gate
        key = (case.kind, case.status, demo.case_units[case.pk].split(":")[0])
        if key not in seen:
            seen.add(key)
            cases.append(case)
    return cases


def _actors_for(case: Case, demo, users: dict) -> list:
    """One district or neighbouring staff login per unit and role, and the mediators of the
    case's own unit and of one other unit."""
    unit_key = demo.case_units[case.pk]
    logins = mediator_and_staff_logins()
    by_role = {
        (login.unit, login.role): login.username for login in reversed(logins) if ":" not in login.unit
    }
    names = list(by_role.values())
    own = [login.username for login in logins if login.unit == unit_key and ":" in unit_key]
    other = next(login.username for login in logins if ":" in login.unit and login.unit != unit_key)
    return [users[name] for name in [*names, *own, other] if name in users]


@pytest.mark.parametrize("kind", ["arbitration", "mediation"])
def test_every_offered_act_fires_and_every_act_that_fires_is_offered(kind):
    from django.contrib.auth import get_user_model

    demo = load_demo()
    users = {u.username: u for u in get_user_model().objects.all()}
    mismatches: list[str] = []
    attempts = 0
    procedure = registered()[kind]
    for case in _sample_cases(demo):
        if case.kind != kind:
            continue
        for actor in _actors_for(case, demo, users):
            case = Case.objects.get(pk=case.pk)
            offered = {
                a.transition.code for a in workflow.available_actions(case=case, user=actor) if a.allowed
            }
            for transition in procedure.transitions.values():
                outcome = try_firing(case, transition, actor)
                attempts += 1
                is_offered = transition.code in offered
                if is_offered and not outcome.fired:
                    mismatches.append(
                        f"{case.kind}/{case.status}/{demo.case_units[case.pk]} {actor.username}: "
                        f"“{transition.code}” offered but "
                        + ("refused by the gate" if outcome.refused_by_gate else "failed after the gate")
                        + f" — {outcome.message}"
                    )
                elif outcome.fired and not is_offered:
                    mismatches.append(
                        f"{case.kind}/{case.status}/{demo.case_units[case.pk]} {actor.username}: "
                        f"“{transition.code}” fires but is not offered"
                    )
    assert attempts > 500
    assert not mismatches, "\n".join(mismatches)


def test_the_district_mediator_under_a_chair_is_not_offered_acceptance():
    demo = load_demo()
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.all()}
    case = next(
        c
        for c in demo.cases
        if c.kind == "mediation" and c.status == "registered" and demo.case_units[c.pk] == "district"
    )
    offered = {a.transition.code: a for a in workflow.available_actions(case=case, user=users["mediator"])}

    assert not offered["accept"].allowed
    assert "负责人" in offered["accept"].reason
    assert try_firing(case, procedure_transition("mediation", "accept"), users["mediator"]).refused_by_gate
    assert try_firing(case, procedure_transition("mediation", "accept"), users["chair"]).fired


def procedure_transition(kind: str, code: str):
    return registered()[kind].transition(code)
