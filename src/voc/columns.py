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
#: The score contradicts the text (high score + angry text, low score + praise); ``voc analyze`` only.
MISMATCH = "mismatch"
MISMATCH_KIND = "mismatch_kind"
# Pain-point evidence and QA flag details (voc.painpoints, voc.flags).
PAIN_POINT_EVIDENCE = "pain_point_evidence"
PAIN_POINT_DIMENSIONS = "pain_point_dimensions"
FLAG_CODES = "flag_codes"
# ECI components (−1…1) and the number of cues behind them (voc.index).
ECI_VALENCE = "eci_valence"
ECI_EMOTION = "eci_emotion"
ECI_PARTNERSHIP = "eci_partnership"
ECI_LOYALTY = "eci_loyalty"
ECI_EFFORT = "eci_effort"
ECI_RESOLUTION = "eci_resolution"
ECI_CUES = "eci_cues"
# Emotion intensities 0…1 (voc.emotion); the dominant code goes to EMOTION.
EMOTION_ANGER = "emotion_anger"
EMOTION_ANXIETY = "emotion_anxiety"
EMOTION_DISAPPOINTMENT = "emotion_disappointment"
EMOTION_GRATITUDE = "emotion_gratitude"
EMOTION_TRUST = "emotion_trust"

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
    MISMATCH: "评分文本矛盾",
    MISMATCH_KIND: "矛盾类型",
    PAIN_POINT_EVIDENCE: "痛点依据",
    PAIN_POINT_DIMENSIONS: "痛点维度",
    FLAG_CODES: "标记代码",
    ECI_VALENCE: "情感连接-效价",
    ECI_EMOTION: "情感连接-情绪",
    ECI_PARTNERSHIP: "情感连接-伙伴",
    ECI_LOYALTY: "情感连接-忠诚",
    ECI_EFFORT: "情感连接-省力",
    ECI_RESOLUTION: "情感连接-解决",
    ECI_CUES: "情感连接线索数",
    EMOTION_ANGER: "愤怒",
    EMOTION_ANXIETY: "焦虑",
    EMOTION_DISAPPOINTMENT: "失望",
    EMOTION_GRATITUDE: "感谢",
    EMOTION_TRUST: "信任",
}
