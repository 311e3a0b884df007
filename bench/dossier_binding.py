"""Binding a dossier (target: a 200-page volume in under 10 s): a closed case of the bench
database is given its usual papers and 39 scanned papers of 5 pages (A4 and US Letter), and
its main volume is bound (cover, contents, 200+ stamped pages, bookmarks, back cover) again
and again; then the whole job (binding, storing, manifest) once, and a watermarked copy.

    .venv/bin/python bench/dossier_binding.py [-n 5]

Everything is rolled back afterwards; the files written stay in a temporary folder.
"""

import tempfile
import time

from _harness import arguments, bench_database, load_average, measure, report

SCANS, PAGES_PER_SCAN = 39, 5


def scan(index: int) -> bytes:
    from medarb.documents.pdf import write_pdf

    size = "letter" if index % 3 == 0 else "A4"
    sheets = "".join(
        f'<section style="page-break-after:always"><h1>证据材料 {index}-{n + 1}</h1><p>{"劳动合同、工资条、考勤记录。" * 40}</p></section>'
        for n in range(PAGES_PER_SCAN)
    )
    return write_pdf(
        f"<html><head><style>@page {{ size: {size} }}</style></head><body>{sheets}</body></html>"
    )


def main() -> None:
    args = arguments(__doc__, default_count=20_000)
    bench_database(count=args.count, data_dir=args.data_dir, rebuild=args.rebuild)
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction

    from medarb.archives import binding, services
    from medarb.archives.models import DossierVolume
    from medarb.cases.models import Case
    from medarb.documents import services as documents
    from medarb.documents.models import Volume
    from medarb.orgs.models import Role

    print(f"load: {load_average()}")
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="medarb-bench-dossier-")
    case = Case.objects.filter(status="closed_award", unit__kind="commission").select_related("unit").first()
    clerk = case.unit.memberships.filter(role=Role.CLERK).select_related("user").first().user
    with transaction.atomic():
        for code in ("application", "acceptance_notice", "notice_to_respond", "hearing_notice"):
            documents.issue_document(case=case, template_code=code, actor=clerk, sign=False)
        for index in range(SCANS):
            upload = SimpleUploadedFile(f"scan-{index}.pdf", scan(index), content_type="application/pdf")
            documents.upload_paper_document(
                case=case, actor=clerk, upload=upload, title=f"证据材料{index + 1}"
            )
        context = {
            "unit_name": case.unit.name,
            "dossier_title": "劳动人事争议仲裁案卷",
            "archive_number": None,
            "applicants": [],
            "respondents": [],
            "handler_title": "承 办 人",
            "handlers": [],
            "received": "",
            "closed": "",
            "close_way": "",
            "retention": "10年",
            "compiled_by": str(clerk),
            "checked_by": "",
            "checked_at": "",
            "note": "",
            "media": [],
        }
        bound = binding.bind(case, Volume.MAIN, context=context)
        print(
            f"main volume: {len(bound.entries)} papers, {bound.pages} numbered pages, {len(bound.pdf) // 1024} KiB"
        )
        report(
            "archives.bind_main_volume",
            measure(lambda: binding.bind(case, Volume.MAIN, context=context), n=args.n, warmup=1),
            target_ms=10_000,
        )
        dossier = services.dossier_of(case)
        volume = DossierVolume.objects.create(dossier=dossier, volume=Volume.MAIN, compiled_by=clerk)
        started = time.perf_counter()
        services.build_volume(volume_id=volume.pk)
        print(
            f"BENCH archives.bind_job ms={(time.perf_counter() - started) * 1000:.0f} pages={volume.__class__.objects.get(pk=volume.pk).pages}"
        )
        report(
            "archives.watermark_reading_copy",
            measure(
                lambda: binding.watermark(bound.pdf, text="张三 查阅 2026-12-07 10:00"), n=args.n, warmup=1
            ),
        )
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
