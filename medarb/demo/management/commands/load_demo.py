"""`manage.py load_demo`: load the demo district (鹭湖区); `--if-empty` for `make run`."""

from django.core.management.base import BaseCommand, CommandError

from medarb.demo import loader


class Command(BaseCommand):
    help = "加载演示数据（鹭湖区）。不带 --if-empty 时先清空数据库再重新加载。"

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="仅在数据库中没有任何单位时加载")
        parser.add_argument("--force", action="store_true", help="数据库含非演示数据时也清空重建")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, if_empty: bool, force: bool, seed: int, **options):
        if not loader.database_is_empty():
            if if_empty:
                self.stdout.write("演示数据：数据库已有数据，跳过加载。")
                return
            try:
                loader.wipe(force=force)
            except loader.DemoRefused as exc:
                raise CommandError(str(exc)) from exc
        demo = loader.load_demo(seed=seed)
        self.stdout.write(
            self.style.SUCCESS(
                f"演示数据已加载：{len(demo.units)} 个单位，{len(demo.logins)} 个工作人员岗位，"
                f"{len(demo.cases)} 件样例案件。"
            )
        )
