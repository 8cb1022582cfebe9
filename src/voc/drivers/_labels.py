"""Readable names for pain-point codes (from the taxonomy when it loads, else the code itself)."""

from __future__ import annotations

import logging
from functools import lru_cache

logger = logging.getLogger(__name__)


@lru_cache(maxsize=2)
def code_names(lang: str = "zh") -> dict[str, str]:
    """``{code: name}`` from the default taxonomy; empty when it cannot be loaded."""
    try:
        from voc.painpoints import load_taxonomy

        taxonomy = load_taxonomy()
    except Exception as exc:  # noqa: BLE001 - labels are cosmetic; the codes stay correct without them
        logger.info("pain-point names unavailable (%s); showing codes", exc)
        return {}
    return {c.code: (c.name_zh if lang == "zh" else c.name_en) for c in taxonomy.codes}


def code_label(code: str, lang: str = "zh") -> str:
    """A code's display name (``parts_supply`` → its Chinese name), falling back to the code."""
    return code_names(lang).get(code, code)
