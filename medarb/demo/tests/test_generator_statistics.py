"""After `generate_cases` the query planner has statistics on the case table."""

import pytest
from django.db import connection

from medarb.demo.generator import generate_cases
from medarb.demo.loader import load_demo

pytestmark = pytest.mark.django_db


def case_table_statistics() -> int:
    """How many rows of planner statistics describe `cases_case`."""
    if connection.vendor == "sqlite":
        sql = "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"
        with connection.cursor() as cursor:
            cursor.execute(sql)
            if not cursor.fetchone()[0]:
                return 0
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'cases_case'")
            return cursor.fetchone()[0]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'cases_case'")
        return cursor.fetchone()[0]


class TestPlannerStatistics:
    def test_generating_cases_leaves_statistics_for_the_case_table(self):
        load_demo()
        generate_cases(count=60, seed=3, batch_size=30)
        assert case_table_statistics() > 0
