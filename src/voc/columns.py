"""Names of the per-comment columns: the stable contract of ``voc.score``, ``voc.analyze`` and files.

One source of truth: every stage, writer and test imports these names instead of spelling them.
"""

from __future__ import annotations

ID = "id"
SOURCE_COL = "source_col"
TEXT = "text"
SENTIMENT = "sentiment"
SENTIMENT_LABEL = "sentiment_label"
EMOTION = "emotion"
PAIN_POINTS = "pain_points"
SEVERITY = "severity"
ESCALATE = "escalate"
FLAG_REASONS = "flag_reasons"
TOPIC_ID = "topic_id"
TOPIC_LABEL = "topic_label"
ECI = "eci"

# Extra columns voc adds beyond the contract (allowed: the contract may be extended, not broken).
LANG = "lang"
SENTIMENT_CONFIDENCE = "sentiment_confidence"
SENTIMENT_CLAUSES = "sentiment_clauses"
SENTIMENT_EXPLANATION = "sentiment_explanation"

POSITIVE, NEUTRAL, NEGATIVE = "positive", "neutral", "negative"

#: Every contract column in contract order, as ``voc analyze`` writes them.
COMMENT_COLUMNS: tuple[str, ...] = (
    ID, SOURCE_COL, TEXT, SENTIMENT, SENTIMENT_LABEL, EMOTION, PAIN_POINTS, SEVERITY,
    ESCALATE, FLAG_REASONS, TOPIC_ID, TOPIC_LABEL, ECI,
)
#: The contract columns of ``voc score`` (no corpus-level topic columns).
SCORE_COLUMNS: tuple[str, ...] = tuple(c for c in COMMENT_COLUMNS if c not in (TOPIC_ID, TOPIC_LABEL))
#: Columns produced by per-comment scoring (a pure function of one text).
SCORED_COLUMNS: tuple[str, ...] = (SENTIMENT, SENTIMENT_LABEL, EMOTION, PAIN_POINTS, SEVERITY, ESCALATE, FLAG_REASONS, ECI)

#: Value of each scored column for a comment no stage filled: empty, never a made-up number.
EMPTY_VALUES: dict[str, object] = {
    SENTIMENT: float("nan"),
    SENTIMENT_LABEL: "",
    EMOTION: "",
    PAIN_POINTS: "",
    SEVERITY: 0,
    ESCALATE: False,
    FLAG_REASONS: "",
    ECI: float("nan"),
}

#: Chinese headers for the workbook (``--lang zh``, the default).
ZH_HEADERS: dict[str, str] = {
    ID: "编号",
    SOURCE_COL: "来源列",
    TEXT: "文本",
    SENTIMENT: "情感分",
    SENTIMENT_LABEL: "情感倾向",
    EMOTION: "主要情绪",
    PAIN_POINTS: "痛点",
    SEVERITY: "严重度",
    ESCALATE: "需升级",
    FLAG_REASONS: "标记原因",
    TOPIC_ID: "主题编号",
    TOPIC_LABEL: "主题",
    ECI: "情感连接度",
    LANG: "语言",
    SENTIMENT_CONFIDENCE: "情感置信度",
    SENTIMENT_CLAUSES: "分句情感",
    SENTIMENT_EXPLANATION: "情感依据",
}
