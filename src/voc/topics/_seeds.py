"""Seed terms for guided topics and code matching, read from the pain-point taxonomy.

The taxonomy (``corpora/taxonomy/default.toml`` or the user's ``--taxonomy`` file) is the one source
of the codes and their aspect words; topics only borrow them. When the taxonomy module or file is
unavailable, topics still run, unguided and without matched codes.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from voc.errors import VocError

logger = logging.getLogger(__name__)

_CJK = re.compile(r"[\u4e00-\u9fff]")
SeedTerms = Mapping[str, Sequence[str]]


def _usable(term: str) -> bool:
    # Single characters ("修", "退") match inside unrelated words; regex patterns are not terms.
    return len(term) >= 2 and bool(_CJK.search(term)) and not any(ch in term for ch in "()[]{}|\\.*+?^$")


def taxonomy_seed_terms(taxonomy: str | Path | Any | None = None) -> dict[str, list[str]]:
    """``{code: [aspect words]}`` from the taxonomy; ``{}`` when none can be read.

    Arguments:
        taxonomy: a taxonomy path or object (default: voc's taxonomy). A user-given file that
            is malformed raises its :class:`~voc.errors.ConfigError`; the default fails quietly.
    """
    try:
        from voc.painpoints.taxonomy import load_taxonomy
    except ImportError:
        logger.info("no pain-point taxonomy module: topics run unguided")
        return {}
    try:
        loaded = load_taxonomy(taxonomy)
    except VocError:
        if taxonomy is not None:
            raise
        logger.warning("default taxonomy could not be read: topics run unguided", exc_info=True)
        return {}
    raw: dict[str, list[str]] = {}
    for entry in getattr(loaded, "codes", ()):
        # Aspects name what a complaint is about; a code's complaint words ("等了", "太长") describe
        # how, and are shared in spirit by several codes (waiting for parts, a courier, a repair).
        terms = [t for t in getattr(entry, "aspects", ()) if _usable(t)] or [t for t in getattr(entry, "complaints", ()) if _usable(t)]
        if terms:
            raw[entry.code] = list(dict.fromkeys(terms))
    return distinctive(raw)


def distinctive(seeds: SeedTerms) -> dict[str, list[str]]:
    """Drop terms listed under several codes ("维修", "工程师"): they cannot tell codes apart."""
    counts: dict[str, int] = {}
    for terms in seeds.values():
        for term in set(terms):
            counts[term] = counts.get(term, 0) + 1
    out: dict[str, list[str]] = {}
    for code, terms in seeds.items():
        own = [t for t in terms if counts[t] == 1]
        out[code] = own or list(terms)
    return out


def match_code(units: Sequence[str], seeds: SeedTerms, min_share: float = 0.25) -> str:
    """The code whose seed terms occur in the largest share of ``units`` (at least ``min_share``)."""
    if not units or not seeds:
        return ""
    best, best_share = "", 0.0
    for code, terms in seeds.items():
        hits = sum(1 for u in units if any(t in u for t in terms))
        share = hits / len(units)
        if share > best_share:
            best, best_share = code, share
    return best if best_share >= min_share else ""


def taxonomy_detector(taxonomy: str | Path | Any | None = None) -> Any | None:
    """The pain-point detector of the taxonomy the seeds come from; None when it cannot be built."""
    try:
        from voc.painpoints.detector import PainPointDetector
    except ImportError:
        return None
    try:
        return PainPointDetector(str(taxonomy) if isinstance(taxonomy, Path) else taxonomy)
    except VocError:
        if taxonomy is not None:
            raise
        return None


def detected_code(
    units: Sequence[str], detector: Any, seeds: SeedTerms, min_share: float = 0.25, min_support: float = 0.1
) -> str:
    """A topic's code, from what the pain-point rules find in its clauses.

    The code the rules find in at least ``min_share`` of the clauses; failing that, the seed-term
    match, but only when the rules find that code in at least ``min_support`` of the clauses. Why
    not seed terms alone: an aspect word such as 问题 or 安装 appears in clauses about anything
    ("头发洗完还有问题", "系统安装费劲"); the rules tie the topic to what its clauses complain about.
    """
    if not units:
        return ""
    counts: dict[str, int] = {}
    for unit in units:
        for code in detector.codes(unit):
            counts[code] = counts.get(code, 0) + 1
    if counts:
        best = max(counts, key=lambda c: counts[c])  # first listed wins a tie (dicts keep order)
        if counts[best] / len(units) >= min_share:
            return best
    seeded = match_code(units, seeds)
    return seeded if seeded and counts.get(seeded, 0) / len(units) >= min_support else ""
