"""manage.py verify_disc IMAGE: check every file of a case disc (ISO or ZIP) against its manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from medarb.recording.disc import verify_image


class Command(BaseCommand):
    help = "核对案件光盘镜像（ISO 或 ZIP）中每个文件的 SHA-256 与清单是否一致。"

    def add_arguments(self, parser):
        parser.add_argument("image", type=Path)

    def handle(self, *args, image: Path, **options):
        if not image.is_file():
            raise CommandError(f"找不到镜像文件：{image}")
        report = verify_image(image)
        for problem in report.problems:
            self.stdout.write(self.style.ERROR(problem))
        if not report.ok:
            raise CommandError(
                f"核对未通过：{len(report.problems)} 处问题（共核对 {report.checked} 个文件）。"
            )
        self.stdout.write(self.style.SUCCESS(f"核对通过：{report.checked} 个文件与清单一致。"))
