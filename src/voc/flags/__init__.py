"""QA flags: severity, escalation and readable reasons (threats, safety, fraud, anger, repeat failures)."""

from voc.flags.cues import FlagConfig, FlagSettings, load_flags, parse_flags
from voc.flags.detector import FlagDetector, FlagResult
from voc.flags.scores import score_text_flags
from voc.flags.stage import FlagStage

__all__ = [
    "FlagConfig",
    "FlagDetector",
    "FlagResult",
    "FlagSettings",
    "FlagStage",
    "load_flags",
    "parse_flags",
    "score_text_flags",
]
