"""The literal pre-screen of flag cues only skips work: with or without it, every comment gets the
same reasons, codes, escalation and severity."""

from __future__ import annotations

import csv

from voc.flags import FlagDetector
from voc.resources import corpus_path


def _written_comments() -> list[str]:
    texts: list[str] = []
    for name in ("written.csv", "written_reviews.csv", "written_escalation.csv"):
        with corpus_path("painpoints", name).open(encoding="utf-8", newline="") as handle:
            texts += [row["text"] for row in csv.DictReader(handle)]
    # case-insensitive cues must still be found in upper-case text
    texts += ["客服就是个SB", "IMEI和盒子上的对不上", "COMPLAIN TO the consumer association", "打了12315"]
    return texts


def test_screen_changes_nothing_it_finds() -> None:
    screened = FlagDetector()
    unscreened = FlagDetector()
    unscreened._screen = None
    texts = _written_comments()
    assert len(texts) > 2500
    for text in texts:
        a, b = screened.flag(text), unscreened.flag(text)
        assert (a.reasons, a.codes, a.escalate, a.severity) == (b.reasons, b.codes, b.escalate, b.severity), text


def test_screen_skips_rules_whose_strings_are_absent() -> None:
    detector = FlagDetector()
    assert detector._screen is not None
    everywhere = set(detector._screen.candidates(""))
    assert len(everywhere) < len(detector.config.rules) / 2  # most cue groups need some string
    assert set(detector._screen.candidates("我要打12315")) > everywhere
