"""The portal's assistant on everyday questions: the share whose right answer is in the top 3.

    .venv/bin/python bench/assistant.py [--data-dir DIR]

Builds a small database of its own (the law library and the FAQ, no cases), asks every
question of `medarb/portal/tests/data/everyday_questions.json` (written the way workers write
them) and prints `BENCH assistant_top3 …`; the misses are listed so a regression shows what
it lost. The test `medarb/portal/tests/test_everyday_questions.py` asserts at least 90 %.
"""

import os
import time

from _harness import arguments, configure


def main() -> None:
    args = arguments(__doc__, default_count=0)
    data_dir = os.path.join(args.data_dir, "assistant")
    os.makedirs(data_dir, exist_ok=True)
    configure(data_dir)
    from django.core.management import call_command

    from medarb.portal.assistant_eval import HELD_OUT, evaluate
    from medarb.search.models import LawArticle

    call_command("migrate", interactive=False, verbosity=0)
    if not LawArticle.objects.exists():
        call_command("load_laws", verbosity=0)
    call_command("load_faq", verbosity=0)  # cheap, and picks up edits of data/faq.md
    started = time.perf_counter()
    result = evaluate()
    per_question = (time.perf_counter() - started) / max(result.total, 1) * 1000
    for miss in result.misses:
        print(f"  miss: {miss.question} → {miss.shown} (want one of {miss.accept})")
    print(
        f"BENCH assistant_top3 found={result.found}/{result.total} share={result.share:.1%} "
        f"answered_outright={result.answered} per_question={per_question:.0f}ms"
    )
    held_out = evaluate(HELD_OUT)
    for miss in held_out.misses:
        print(f"  held-out miss: {miss.question} → {miss.shown} (want one of {miss.accept})")
    print(
        f"BENCH assistant_top3_held_out found={held_out.found}/{held_out.total} "
        f"share={held_out.share:.1%} answered_outright={held_out.answered}"
    )


if __name__ == "__main__":
    main()
