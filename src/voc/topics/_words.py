"""Words for topics: the jieba tokenizer the vectorizers use, and which words may name a topic.

Topic words come from voc's domain tokenizer (jieba + after-sales dictionary + stopwords). A label
must read as Chinese to a manager, so label words are restricted to dictionary words with at least
two characters and a Chinese character: no punctuation, digits, single characters or HMM guesses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from voc.text import get_tokenizer

_CJK = re.compile(r"[\u4e00-\u9fff]")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_DIGITS = re.compile(r"^[\d.,%]+$")


@lru_cache(maxsize=200_000)
def topic_words(text: str) -> tuple[str, ...]:
    """Content words of ``text`` worth counting for topics (no stopwords, no bare numbers)."""
    return tuple(w for w in get_tokenizer().content_words(text) if not _DIGITS.match(w))


def topic_tokenizer(text: str) -> list[str]:
    """The ``tokenizer`` callable for BERTopic's ``CountVectorizer``."""
    return list(topic_words(text))


def embedding_features(text: str) -> list[str]:
    """Features of the offline embedder: content words plus Chinese character bigrams.

    Words carry meaning; bigrams keep short or unusual clauses ("太慢了", "漏水") from having no
    features at all when jieba splits them into single characters.
    """
    features = list(topic_words(text))
    for run in _CJK_RUN.findall(text):
        features.extend("#" + run[i : i + 2] for i in range(len(run) - 1))
    return features


#: Part-of-speech tags (jieba's dictionary) of words that never name a topic: conjunctions, adverbs,
#: numerals, pronouns, particles, prepositions, classifiers, locatives, time words, interjections.
_FUNCTION_TAGS = ("c", "d", "m", "r", "u", "p", "q", "f", "t", "e", "y", "o", "z")
#: Frequent verbs/nouns of any complaint that say nothing about which one ("出现", "有点").
_GENERIC = frozenset(
    [
    "没什么", "有点", "还有", "开始", "不能", "不会", "不到", "出现", "发现", "来说", "不要", "觉得",
    "感觉", "知道", "东西", "一点", "时候", "以后", "之后", "问题", "情况", "可以", "需要", "没有",
    "就是", "还是", "不是", "真的", "这个", "那个", "一个", "根本", "实在", "超级", "结果", "完全",
    "太太", "不了", "希望", "下次", "真心", "不太", "一下", "地方", "时间",
    ]
)


@lru_cache(maxsize=1)
def _word_tags() -> dict[str, str]:
    tokenizer = get_tokenizer().initialize()
    inner = getattr(tokenizer, "_jieba", None)
    if inner is None:
        return {}
    import jieba.posseg

    # A POSTokenizer over voc's private jieba.Tokenizer reads the tags of its dictionary file.
    return dict(jieba.posseg.POSTokenizer(inner).word_tag_tab)


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str] | None:
    tokenizer = get_tokenizer().initialize()
    # DomainTokenizer keeps its jieba.Tokenizer private; its FREQ table is the word list it segments with.
    freq = getattr(getattr(tokenizer, "_jieba", None), "FREQ", None)
    if not freq:
        return None
    return frozenset(w for w, f in freq.items() if f)


#: Verdicts that name no aspect, beside the emotion lexicon's words.
_VERDICTS = frozenset(["差评", "好评", "五星", "一星", "无语", "失望", "满意", "不满", "不满意", "郁闷", "推荐"])


@lru_cache(maxsize=1)
def feeling_words() -> frozenset[str]:
    """Words that say how the customer feels, not about what (voc's emotion lexicon + verdicts)."""
    from voc.resources import corpus_path

    words = set(_VERDICTS)
    path = corpus_path("emotion", "lexicon.txt")
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            entry = line.split("#", 1)[0].strip()
            if entry.startswith("["):
                break  # later sections ([negated]) map words to other emotions; not needed here
            if entry:
                words.add(entry.split()[0])
    return frozenset(words)


def feeling_only(text: str) -> bool:
    """True for clauses such as "太让人生气了" or "真的很无语": a feeling, no aspect."""
    words = topic_words(text)
    feelings = feeling_words()
    return bool(words) and all(w in feelings for w in words)


def is_label_word(word: str) -> bool:
    """True when ``word`` can appear in a topic label: a real Chinese word of two or more characters."""
    if len(word) < 2 or not _CJK.search(word) or not all(ch.isalnum() for ch in word):
        return False
    if word in get_tokenizer().stopwords or word in _GENERIC:
        return False
    tag = _word_tags().get(word, "")
    if tag and tag.startswith(_FUNCTION_TAGS):
        return False
    words = _dictionary()
    return words is None or word in words


def label_words(ranked: Iterable[str], n: int = 3) -> list[str]:
    """The first ``n`` label-worthy words of a ranked list, skipping words inside a chosen one."""
    chosen: list[str] = []
    for word in ranked:
        if not is_label_word(word):
            continue
        if any(word in c or c in word for c in chosen):
            continue
        chosen.append(word)
        if len(chosen) == n:
            break
    return chosen


def make_label(words: Sequence[str], code: str = "", praise: bool = False) -> str:
    """``配件、缺货、发货 [parts_supply]``; praise topics are marked ``[好评]``."""
    text = "、".join(words) if words else "其他"
    if code:
        text += f" [{code}]"
    elif praise:
        text += " [好评]"
    return text
