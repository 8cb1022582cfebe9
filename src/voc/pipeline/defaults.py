"""The default per-comment stages, in order. Each stage module adds its own line here."""

from __future__ import annotations

from typing import Any

from voc.emotion import EmotionStage
from voc.flags import FlagStage
from voc.index import EciStage
from voc.painpoints import PainPointStage
from voc.pipeline._base import CommentStage
from voc.sentiment import DEFAULT_BACKEND, SentimentStage


def default_stages(
    sentiment_backend: Any = DEFAULT_BACKEND,
    taxonomy: Any = None,
    sentiment_model: Any = None,
    emotion_lexicon: str = "voc",
    painpoint_model: Any = "default",
    **options: Any,
) -> list[CommentStage]:
    """Build the default stages. Unknown options are an error (a typo must not be ignored)."""
    if options:
        raise TypeError(f"unknown scoring options: {', '.join(sorted(options))}")
    # FlagStage reads every earlier column (sentiment, emotion, pain points): keep it last.
    return [
        SentimentStage(sentiment_backend, model_dir=sentiment_model),
        EmotionStage(emotion_lexicon),  # emotion_lexicon="dutir" adds DUTIR's 7 categories (research-only licence)
        PainPointStage(taxonomy, model=painpoint_model),  # "default": the shipped model with the default taxonomy
        EciStage(),
        FlagStage(),
    ]
