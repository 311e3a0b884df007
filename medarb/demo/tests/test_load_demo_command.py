"""`load_demo` loads once into an empty database, reloads on request and never wipes real data;
`generate_cases` needs units to put cases in."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from medarb.cases.models import Case
from medarb.demo.loader import load_demo
from medarb.orgs.models import Unit, UnitKind
from medarb.orgs.services import create_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return load_demo()


class TestLoadDemoCommand:
    def test_if_empty_loads_into_an_empty_database_and_then_leaves_it_alone(self):
        call_command("load_demo", "--if-empty", stdout=StringIO())
        cases = Case.objects.count()

        out = StringIO()
        call_command("load_demo", "--if-empty", stdout=out)

        assert cases > 60
        assert Case.objects.count() == cases
        assert "跳过" in out.getvalue()

    def test_a_reload_replaces_the_demo_with_a_fresh_copy(self, demo):
        Case.objects.update(facts="演示时被改过")  # what a visitor's clicking would leave behind

        call_command("load_demo", stdout=StringIO())

        assert Unit.objects.filter(kind=UnitKind.STREET).count() == 13
        assert Case.objects.count() == len(demo.cases)
        assert not Case.objects.filter(facts="演示时被改过").exists()

    def test_a_reload_refuses_to_wipe_units_the_demo_did_not_create(self, demo):
        create_unit(name="真实的仲裁院", kind=UnitKind.COMMISSION)

        with pytest.raises(CommandError, match="--force"):
            call_command("load_demo", stdout=StringIO())

        assert Unit.objects.filter(name="真实的仲裁院").exists()


class TestGenerateCasesCommand:
    def test_it_refuses_without_units_to_put_cases_in(self):
        with pytest.raises(CommandError, match="load_demo"):
            call_command("generate_cases", "--count", "5", stdout=StringIO())

    def test_it_reports_what_it_generated(self):
        load_demo()
        out = StringIO()

        call_command("generate_cases", "--count", "30", "--seed", "3", stdout=out)

        assert "30" in out.getvalue()
