"""Emotions useful for after-sales: anger, anxiety, disappointment, gratitude, trust (+ DUTIR, optional)."""

from voc.emotion._lexicon import DUTIR_CODES, EMOTION_CODES, load_emotion_lexicon
from voc.emotion.stage import EmotionStage, emotion_column

__all__ = ["DUTIR_CODES", "EMOTION_CODES", "EmotionStage", "emotion_column", "load_emotion_lexicon"]
