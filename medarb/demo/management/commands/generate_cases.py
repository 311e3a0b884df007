"""`manage.py generate_cases --count N [--seed S]`: many realistic cases for benchmarks."""

import time

from django.core.management.base import BaseCommand, CommandError

from medarb.demo.generator import generate_cases


class Command(BaseCommand):
    help = "批量生成逼真的案件数据（用于性能测试），需先加载演示数据。"

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, count: int, seed: int, batch_size: int, **options):
        if count < 1:
            raise CommandError("--count 须为正整数。")
        started = time.monotonic()

        def progress(done: int) -> None:
            if options["verbosity"] >= 1 and (done % 20000 < batch_size or done == count):
                self.stdout.write(f"  已生成 {done}/{count} 件（{time.monotonic() - started:.0f} 秒）")

        try:
            created = generate_cases(count=count, seed=seed, batch_size=batch_size, progress=progress)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"已生成 {created} 件案件，用时 {time.monotonic() - started:.1f} 秒。")
        )
