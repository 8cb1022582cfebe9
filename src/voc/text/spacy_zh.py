"""A spaCy ``Language`` for Chinese that segments with voc's domain jieba tokenizer.

Built from ``spacy.blank("zh")`` so users get ordinary spaCy ``Doc`` objects, but the tokenizer is
replaced by voc's :class:`~voc.text.tokenize.DomainTokenizer` (spaCy's own jieba segmenter would
use jieba's global dictionary, without the after-sales words). The optional ``voc_scorer`` pipe
attaches voc's per-comment results as extension attributes (``doc._.sentiment``,
``doc._.pain_points`` …) instead of subclassing anything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from voc.text.normalize import normalize
from voc.text.tokenize import DomainTokenizer, get_tokenizer

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

DOC_EXTENSIONS = ("sentiment", "sentiment_label", "emotion", "pain_points", "severity", "escalate", "flag_reasons")


class JiebaDomainSegmenter:
    """spaCy tokenizer callable: text → ``Doc`` with jieba words and their trailing spaces."""

    def __init__(self, vocab: Vocab, tokenizer: DomainTokenizer | None = None) -> None:
        self.vocab = vocab
        self.tokenizer = tokenizer or get_tokenizer()

    def __call__(self, text: str) -> Doc:
        from spacy.tokens import Doc

        words: list[str] = []
        spaces: list[bool] = []
        cursor = 0
        for word in self.tokenizer.cut(text):
            found = text.find(word, cursor)
            if found < 0:  # jieba never drops characters, but stay safe
                continue
            cursor = found + len(word)
            trailing = cursor < len(text) and text[cursor].isspace()
            words.append(word)
            spaces.append(trailing)
            while cursor < len(text) and text[cursor].isspace():
                cursor += 1
        return Doc(self.vocab, words=words, spaces=spaces)


def _register_extensions() -> None:
    from spacy.tokens import Doc

    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def _make_scorer_component() -> None:
    from spacy.language import Language

    if "voc_scorer" in Language.factories:
        return

    @Language.factory("voc_scorer")
    def create_voc_scorer(nlp: Language, name: str) -> Any:
        return _VocScorerPipe()


class _VocScorerPipe:
    """Pipe that fills ``doc._.*`` with :func:`voc.score` results for the document's text."""

    def __call__(self, doc: Doc) -> Doc:
        import voc

        row = voc.score([doc.text]).iloc[0]
        for name in DOC_EXTENSIONS:
            value = row[name]
            if name == "pain_points":
                value = [code for code in str(value).split(";") if code]
            doc._.set(name, value)
        return doc


def load_spacy(tokenizer: DomainTokenizer | None = None, score: bool = False) -> Language:
    """Build a Chinese spaCy pipeline that tokenises with voc's domain dictionary.

    Arguments:
        tokenizer: a :class:`DomainTokenizer` to use (default: voc's shared one).
        score: add the ``voc_scorer`` pipe so ``doc._.sentiment`` etc. are set.

    Returns:
        a ``spacy.language.Language``; call it on normalised text (see :func:`voc.text.normalize`).

    Examples:
        >>> nlp = load_spacy()
        >>> [t.text for t in nlp("保修期内返修了两次")]
        ['保修期内', '返修', '了', '两次']
    """
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spacy is a core dependency
        from voc.errors import missing_dependency

        raise missing_dependency("spacy", "spaCy Docs") from exc
    nlp = spacy.blank("zh")  # default "char" segmenter: needs nothing beyond spaCy
    nlp.tokenizer = JiebaDomainSegmenter(nlp.vocab, tokenizer)
    _register_extensions()
    if score:
        _make_scorer_component()
        nlp.add_pipe("voc_scorer")
    return nlp


def to_doc(text: str, nlp: Language | None = None) -> Doc:
    """Normalise ``text`` and return its spaCy ``Doc`` (builds a pipeline when none is given)."""
    return (nlp or load_spacy())(normalize(text))
