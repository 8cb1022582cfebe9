"""Text processing: normalisation, PII masking, sentences and clauses, tokenisation, language, spaCy."""

from voc.text.lang import detect_language
from voc.text.normalize import normalize
from voc.text.pii import mask_pii
from voc.text.processed import ProcessedText, preprocess, preprocess_many
from voc.text.segment import CONTRAST_WORDS, Clause, split_clauses, split_sentences
from voc.text.tokenize import DomainTokenizer, get_tokenizer, tokenize

__all__ = [
    "CONTRAST_WORDS",
    "Clause",
    "DomainTokenizer",
    "ProcessedText",
    "detect_language",
    "get_tokenizer",
    "mask_pii",
    "normalize",
    "preprocess",
    "preprocess_many",
    "split_clauses",
    "split_sentences",
    "tokenize",
]
