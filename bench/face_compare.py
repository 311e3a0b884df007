"""One face comparison at the window (target ≤ 1 s): a live photo at a phone camera's size
(12 megapixels, JPEG) and an ID card photo, each admitted, shrunk, searched for its one face
and encoded, then compared; and the web worker's memory with the model loaded (once per
process).

    .venv/bin/python bench/face_compare.py [-n 20]

Needs the test photos (`make test-photos`, part of `make bench`); no database.
"""

import io
import resource

from _harness import arguments, configure, load_average, measure, report


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    args = arguments(__doc__)
    configure(args.data_dir)
    from PIL import Image

    from medarb.identity import faces
    from medarb.identity.testing import encode, id_card_png, photo

    print(f"load: {load_average()}")
    before = rss_mb()
    original = Image.open(io.BytesIO(photo("obama.jpg"))).convert("RGB")
    live = encode(original.resize((3024, 4032)), quality=90)  # a 12 MP portrait phone photo
    card = encode(
        Image.open(io.BytesIO(id_card_png(face=photo("obama2.jpg")))).resize((2568, 1620)), quality=90
    )
    print(f"live photo {len(live) / 1e6:.1f} MB, card photo {len(card) / 1e6:.1f} MB")

    def compare():
        return faces.one_face(live).distance(faces.card_face(card))

    distance = compare()
    loaded = rss_mb()
    report("identity.face_compare", measure(compare, n=min(args.n, 20), warmup=1), target_ms=1000)
    print(f"distance {distance:.3f} (threshold {faces.threshold()})")
    print(
        f"peak RSS: {before:.0f} MB before the model, {loaded:.0f} MB after one comparison, {rss_mb():.0f} MB at the end"
    )
    print(f"BENCH identity.face_memory peak_rss_mb={rss_mb():.0f}")


if __name__ == "__main__":
    main()
