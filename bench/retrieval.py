"""文书检索 (target: p95 < 100 ms over 200,000 documents): staff retrieval pages, the public
library and "similar cases", on a bench database of its own (the demo district plus generated
cases, each with its case record and an award, a mediation statement or an agreement).

    .venv/bin/python bench/retrieval.py [--docs 200000] [-n 20] [--rebuild]

SQLite by default, in /tmp/medarb-retrieval-bench; DATABASE_URL (or BENCH_DATABASE_URL) points
it at PostgreSQL instead.
"""

import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from _harness import bench_database, load_average, measure, report

DATA_DIR = "/tmp/medarb-retrieval-bench"

CLAIMS = [
    ("wages.unpaid", "支付拖欠工资{n}元"),
    ("wages.overtime", "支付延时加班费{n}元"),
    ("wages.overtime", "支付休息日加班工资{n}元"),
    ("wages.minimum", "补足低于最低工资标准的差额{n}元"),
    ("wages.bonus", "支付年终奖金{n}元"),
    ("termination.compensation", "支付解除劳动合同经济补偿{n}元"),
    ("termination.damages", "支付违法解除劳动合同赔偿金{n}元"),
    ("termination.notice_pay", "支付代通知金{n}元"),
    ("contract.double_wages", "支付未签订书面劳动合同二倍工资差额{n}元"),
]
FACTS = [
    "申请人于{y}年{m}月入职被申请人处任{job}",
    "双方未签订书面劳动合同",
    "被申请人自{y}年{m}月起拖欠申请人工资",
    "申请人每周工作六天每天工作十小时",
    "被申请人以申请人严重违反规章制度为由解除劳动合同",
    "被申请人未依法为申请人缴纳社会保险费",
    "申请人因被申请人未及时足额支付劳动报酬提出解除劳动合同",
    "被申请人经营困难停工停产",
    "申请人在工作中受伤经认定为工伤",
    "被申请人安排申请人在法定节假日加班未支付加班费",
    "双方约定实行包薪制月工资{n}元",
    "被申请人提交的考勤记录未经申请人签字确认",
    "申请人提交了微信聊天记录和银行流水",
    "被申请人称申请人系劳务关系而非劳动关系",
    "申请人离职时签署了工资结清确认书",
]
JOBS = ["操作工", "销售", "厨师", "保安", "司机", "会计", "仓管员", "电工", "焊工", "客服"]
REASONING = [
    "用人单位应当按照劳动合同约定和国家规定向劳动者及时足额支付劳动报酬",
    "劳动者主张加班费的应当就加班事实的存在承担举证责任",
    "用人单位自用工之日起超过一个月不满一年未与劳动者订立书面劳动合同的应当向劳动者每月支付二倍的工资",
    "用人单位违反本法规定解除劳动合同的应当依照本法第四十七条规定的经济补偿标准的二倍向劳动者支付赔偿金",
    "申请人的该项请求缺乏事实和法律依据本院不予支持",
    "被申请人未提交证据证明其主张应承担不利后果",
]
TERMS = [
    "被申请人于{y}年{m}月{d}日前一次性支付申请人工资及经济补偿共计{n}元",
    "双方劳动关系于{y}年{m}月{d}日解除",
    "申请人放弃其他仲裁请求",
    "双方就本案再无其他争议",
]
QUERIES = [
    ("one_word", {"q": "加班费"}),
    ("two_words", {"q": "拖欠工资 经济补偿"}),
    ("rare_words", {"q": "包薪制 考勤记录"}),
    ("sentence_fallback", {"q": "公司拖欠三个月工资还把我辞退了能要求赔偿吗"}),
    ("filtered", {"q": "工资", "year": "2025", "outcome": "upheld", "kind": "award"}),
    ("by_date", {"q": "社会保险", "sort": "date"}),
    ("page_5", {"q": "工资", "page": "5"}),
]


def _chunks(rng: random.Random, pool: list[str], k: int) -> list[str]:
    chosen = rng.sample(pool, k)
    return [
        c.format(y=rng.choice((2023, 2024, 2025)), m=rng.randint(1, 12), d=rng.randint(1, 28),
                 n=rng.randrange(2000, 90000, 100), job=rng.choice(JOBS))
        for c in chosen
    ]  # fmt: skip


def build(docs: int, *, seed: int = 15) -> None:
    """`docs` entries over docs/2 generated cases spread over the demo district's units."""
    from django.db import connection, transaction

    from medarb.cases.causes import official_label_of
    from medarb.cases.models import Case
    from medarb.orgs.models import Unit
    from medarb.search import records
    from medarb.search.models import RecordEntry, RecordText
    from medarb.search.tokens import tokenize

    rng = random.Random(seed)
    units = list(Unit.objects.filter(kind__in=("commission", "street")).values_list("pk", "path"))
    memo: dict[str, list[str]] = {}

    def tokens(parts: list[str]) -> str:
        # Each part is one punctuation-delimited chunk, so its tokens are the text's tokens.
        out = []
        for part in parts:
            if part not in memo:
                memo[part] = tokenize(part)
            out.extend(memo[part])
        return " ".join(out)

    started, made = time.monotonic(), 0
    cases_needed = docs // 2
    batch = 2000
    while made < cases_needed:
        size = min(batch, cases_needed - made)
        new_cases = []
        for _ in range(size):
            unit_id, path = rng.choice(units)
            cause, _claim = rng.choice(CLAIMS)
            received = date(2023, 1, 1) + timedelta(days=rng.randrange(0, 3 * 365))
            new_cases.append(
                Case(kind="arbitration", unit_id=unit_id, unit_path=path, status="closed",
                     primary_cause=cause, facts="，".join(_chunks(rng, FACTS, 3)), received_on=received,
                     closed_on=received + timedelta(days=40))
            )  # fmt: skip
        with transaction.atomic():
            Case.objects.bulk_create(new_cases, batch_size=batch)
            entries, texts = [], []
            for case in new_cases:
                claims = [c.format(n=rng.randrange(2000, 90000, 100)) for _cause, c in rng.sample(CLAIMS, 2)]
                label = official_label_of(case.primary_cause)
                facets = {"case_id": case.pk, "unit_id": case.unit_id, "cause": case.primary_cause}
                record_parts = ["仲裁请求", *claims, "事实与理由", *case.facts.split("，")]
                entries.append(
                    RecordEntry(kind="case_record", ref_id=case.pk, title=f"{label} 案件记录",
                                dated=case.received_on, year=case.received_on.year, **facets)
                )  # fmt: skip
                texts.append(RecordText(body="\n".join(record_parts), title_tokens=tokens([label, "案件记录"]),
                                        tokens=tokens(record_parts)))  # fmt: skip
                dated = case.closed_on
                kind = rng.choices(("award", "mediation_statement", "mediation_agreement"), (6, 2, 2))[0]
                if kind == "award":
                    upheld = [rng.random() < 0.6 for _ in claims]
                    results = [
                        f"{c}：{'支持' if u else '不予支持'}" for c, u in zip(claims, upheld, strict=True)
                    ]
                    parts = ["仲裁请求", *claims, "本院查明", *_chunks(rng, FACTS, 4), "本院认为",
                             *_chunks(rng, REASONING, 2), "裁决如下", *results]  # fmt: skip
                    outcome = "upheld" if all(upheld) else "dismissed" if not any(upheld) else "partly"
                    finality = rng.choice(("final", "non_final", "mixed"))
                else:
                    parts = ["仲裁请求", *claims, "调解协议", *_chunks(rng, TERMS, 3)]
                    outcome, finality = "settled", ""
                title = {
                    "award": "仲裁裁决书",
                    "mediation_statement": "仲裁调解书",
                    "mediation_agreement": "调解协议书",
                }
                entries.append(
                    RecordEntry(kind=kind, ref_id=case.pk, title=f"{label} {title[kind]}", dated=dated,
                                year=dated.year, outcome=outcome, finality=finality, **facets)
                )  # fmt: skip
                texts.append(RecordText(body="\n".join(parts), title_tokens=tokens([label, title[kind]]),
                                        tokens=tokens(parts)))  # fmt: skip
            RecordEntry.objects.bulk_create(entries, batch_size=batch)
            for entry, text in zip(entries, texts, strict=True):
                text.entry = entry
            RecordText.objects.bulk_create(texts, batch_size=batch)
        made += size
        if made % 20000 == 0 or made == cases_needed:
            print(f"  {made * 2}/{docs} documents ({time.monotonic() - started:.0f} s)", flush=True)
    records.optimise()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"BENCH build.retrieval_documents count={docs} seconds={time.monotonic() - started:.1f}")


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=int(os.environ.get("BENCH_DOCS", 200_000)))
    parser.add_argument("--data-dir", default=os.environ.get("BENCH_DATA_DIR", DATA_DIR))
    parser.add_argument("-n", type=int, default=int(os.environ.get("BENCH_N", 20)))
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    if os.environ.get("DATABASE_URL") and not os.environ.get("BENCH_DATABASE_URL"):
        os.environ["BENCH_DATABASE_URL"] = os.environ["DATABASE_URL"]
    bench_database(count=1, data_dir=args.data_dir, rebuild=args.rebuild)
    marker = Path(args.data_dir) / f"retrieval-{args.docs}"
    from medarb.search.models import RecordEntry

    if args.rebuild or not marker.exists():
        RecordEntry.objects.exclude(kind="published_award").delete()
        build(args.docs)
        marker.touch()
    from django.test import Client
    from django.urls import reverse

    from medarb.cases.models import Case
    from medarb.orgs.models import Membership, Role
    from medarb.search import retrieval

    print(f"load: {load_average()}; documents: {RecordEntry.objects.count()}")
    people = {
        "district": Membership.objects.filter(role=Role.ARBITRATOR, unit__kind="commission").first().user,
        "street": Membership.objects.filter(role=Role.MEDIATOR, unit__kind="street").first().user,
    }
    results = []
    for who, user in people.items():
        client = Client()
        client.force_login(user)
        url = reverse("search:records")
        for name, query in QUERIES:
            page = client.get(url, query)
            assert page.status_code == 200, page.status_code
            hits = retrieval.retrieve(user=user, query=retrieval.parse_query(query)).total
            print(f"{who}.{name}: {hits} hits")
            durations = measure(lambda query=query, client=client, url=url: client.get(url, query), n=args.n)
            results.append(report(f"retrieval.{who}.{name}", durations, target_ms=100))
        case = Case.objects.visible_to(user).filter(facts__contains="包薪制").order_by("-id").first()
        durations = measure(lambda case=case, user=user: retrieval.similar(user=user, case=case), n=args.n)
        results.append(report(f"retrieval.{who}.similar_cases", durations, target_ms=100))
    public = Client()
    durations = measure(lambda: public.get(reverse("publication:library"), {"q": "加班费 举证"}), n=args.n)
    results.append(report("retrieval.public_library", durations, target_ms=100))
    worst = max(r["p95"] for r in results)
    print(f"BENCH retrieval.worst p95={worst:.1f}ms target<100ms {'OK' if worst < 100 else 'OVER'}")
    sys.exit(0)


if __name__ == "__main__":
    main()
