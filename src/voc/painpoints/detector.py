"""Clause-level pain-point detection: what each clause is about and whether it complains about it.

A code is assigned only for a complaint. Each clause is read on its own (contrast words already
split "态度很好，但是配件等了三周" in two): a specific complaint pattern ("等了三周", "修了三次
还是一样") names its code directly; otherwise an aspect word (配件, 客服) plus a complaint cue (缺货,
差, a negated praise word such as 不及时) does. Negated problems ("没有坏", "安装没问题"), praise
("配件第二天就到了"), imagined problems ("本以为会很慢") and plain questions are not complaints.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from voc.painpoints._prefilter import PatternScreen, WordIndex
from voc.painpoints.taxonomy import Cues, PainPointCode, Taxonomy, load_taxonomy
from voc.text import Clause, ProcessedText, preprocess

_BLANK = "\u3000"


@dataclass(frozen=True)
class Finding:
    """One piece of evidence: ``code`` is complained about in clause ``clause_index``.

    Attributes:
        code: the taxonomy code.
        clause: the clause text (PII-masked, as in the ``text`` column).
        clause_index: position of the clause in the comment.
        trigger: the words that fired (a pattern match, or "aspect+cue").
        rule: ``pattern``, ``aspect`` or ``suggestion``.
    """

    code: str
    clause: str
    clause_index: int
    trigger: str
    rule: str


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            chars[i] = _BLANK
    return "".join(chars)


def _find_all(text: str, word: str) -> list[int]:
    positions, start = [], text.find(word)
    while start >= 0:
        positions.append(start)
        start = text.find(word, start + 1)
    return positions


class ClauseReader:
    """Reads clauses against one taxonomy (compiled once, reused for every comment)."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.cues: Cues = taxonomy.cues
        negators = sorted(self.cues.negators, key=len, reverse=True)
        self._negator = re.compile("|".join(re.escape(n) for n in negators)) if negators else None
        self._fillers = set(self.cues.negation_fillers)
        self._negator_prefixes = tuple(self.cues.negators)
        # The code an aspect word means when only a generic cue ("差") is said about it: the first
        # code in file order that lists the word (客服 → staff_attitude before communication).
        self._aspect_owner: dict[str, str] = {}
        for code in taxonomy.codes:
            for aspect in code.aspects:
                self._aspect_owner.setdefault(aspect.lower(), code.code)
        for aspect, owner in self.cues.owners.items():
            if aspect in self._aspect_owner and owner in taxonomy:
                self._aspect_owner[aspect] = owner
        self._aspects = sorted(self._aspect_owner, key=len, reverse=True)
        self._aspect_index = WordIndex(self._aspects)
        self._word_indexes: dict[int, tuple[Sequence[str], WordIndex]] = {}
        self._code_aspects = {code.code: frozenset(a.lower() for a in code.aspects) for code in taxonomy.codes}
        # Every code's patterns, in order, behind one literal screen: most clauses hold none of
        # the strings a pattern needs, so few patterns are run at all (see _prefilter).
        self._patterns = [(code.code, p) for code in taxonomy.codes for p in code.patterns]
        self._screen = PatternScreen(p for _, p in self._patterns)

    # -- negation ---------------------------------------------------------------------------
    def negated(self, text: str, start: int) -> bool:
        """True when a negator stands just before ``start`` (only filler words in between), or a
        wide-scope negation ("没有遇到过") a little earlier in the clause."""
        scope_start = max(0, start - self.cues.scope_window)
        if any(n in text[scope_start:start] for n in self.cues.scope_negators):
            return True
        if self._negator is None:
            return False
        window_start = max(0, start - self.cues.negation_window - 2)
        for match in self._negator.finditer(text, window_start, start):
            gap = text[match.end() : start]
            if len(gap) <= self.cues.negation_window and all(ch in self._fillers for ch in gap):
                return True
        return False

    def _starts_negated(self, word: str) -> bool:
        return bool(self._negator_prefixes) and word.startswith(self._negator_prefixes)

    def _present(self, text: str, words: Sequence[str]) -> list[str]:
        """The words of a cue list that occur in ``text`` (most do not: look them up by index)."""
        entry = self._word_indexes.get(id(words))
        if entry is None or entry[0] is not words:
            entry = (words, WordIndex(words))
            self._word_indexes[id(words)] = entry
        return entry[1].present(text)

    def _cue_hits(self, text: str, words: Sequence[str]) -> list[tuple[int, str]]:
        """Positions of ``words`` in ``text`` that are not negated."""
        hits = []
        for word in self._present(text, words):
            for pos in _find_all(text, word.lower()):
                if self._starts_negated(word) or not self.negated(text, pos):
                    hits.append((pos, word))
        return hits

    def _negated_praise(self, text: str, words: Sequence[str]) -> list[tuple[int, str]]:
        """Praise words under negation ("不及时", "不是很专业"): complaint cues."""
        hits = []
        for word in self._present(text, words):
            if self._starts_negated(word):
                continue
            for pos in _find_all(text, word.lower()):
                if self.negated(text, pos):
                    hits.append((pos, "不" + word))
        return hits

    # -- aspects ----------------------------------------------------------------------------
    def aspects(self, text: str) -> list[tuple[int, str]]:
        """Aspect words in ``text`` as (position, word), longest match first at each place."""
        taken: set[int] = set()
        found = []
        for word in self._aspect_index.present(text):
            for pos in _find_all(text, word):
                span = set(range(pos, pos + len(word)))
                if span & taken:
                    continue
                taken |= span
                found.append((pos, word))
        return sorted(found)

    def codes_for(self, aspect: str) -> list[PainPointCode]:
        """Every code listing ``aspect``."""
        return [c for c in self.taxonomy.codes if aspect in self._code_aspects[c.code]]

    # -- one clause -------------------------------------------------------------------------
    def read(
        self,
        clause: Clause,
        index: int,
        carried: list[tuple[int, str]] | None = None,
        sentiment: float | None = None,
    ) -> tuple[list[Finding], list[tuple[int, str]]]:
        """Findings of one clause, and the aspects it mentions (carried to the next clause)."""
        cues = self.cues
        original = self.masked(clause.text)
        text = original
        if cues.no_problem is not None:
            text = _blank(text, (m.span() for m in cues.no_problem.finditer(text)))
        aspects = self.aspects(original)
        if any(h in text for h in cues.hypothetical):
            return [], aspects
        # Someone else's experience (听说…, 别家…) is not this customer's complaint.
        if cues.elsewhere is not None and cues.elsewhere.search(text):
            return [], aspects
        if _asks(clause) and not self._pressing(text):
            return [], aspects

        findings: list[Finding] = []
        seen: set[str] = set()

        def add(code: str, trigger: str, rule: str) -> None:
            if code not in seen:
                seen.add(code)
                findings.append(Finding(code, clause.text, index, trigger, rule))

        # 1. Specific complaint patterns name their code on their own (the first that matches
        # outside a negation, in file order).
        for candidate in self._screen.candidates(text):
            code_name, pattern = self._patterns[candidate]
            if code_name in seen:
                continue
            for match in pattern.finditer(text):
                if not match.group(0).strip(_BLANK):
                    continue
                if self._starts_negated(match.group(0)) or not self.negated(text, match.start()):
                    add(code_name, match.group(0), "pattern")
                    break

        # 2. Aspect + complaint cue. Cues are matched with look-alikes ("不好意思") blanked out.
        cue_text = text
        for phrase in [i for i in cues.ignore if i in cue_text]:
            cue_text = _blank(cue_text, ((p, p + len(phrase)) for p in _find_all(cue_text, phrase)))
        if cues.ignore_pattern is not None:
            cue_text = _blank(cue_text, (m.span() for m in cues.ignore_pattern.finditer(cue_text)))
        targets = aspects or (carried or [])
        if targets:
            for code in self.taxonomy.codes:
                if code.code in seen or not code.complaints:
                    continue
                own = self._code_aspects[code.code]
                mine = [a for a in targets if a[1] in own]
                if not mine:
                    continue
                hits = [
                    h
                    for h in self._cue_hits(cue_text, code.complaints)
                    if not _inside_aspect(h, mine)
                ]
                if hits:
                    add(code.code, f"{mine[0][1]}+{hits[0][1]}", "aspect")
            generic = self._cue_hits(cue_text, cues.complaints)
            if aspects:
                # A negated praise word ("不方便", "不是好甜") is only read against the clause's own
                # aspects: borrowed ones are too far away for so weak a cue.
                generic += self._negated_praise(cue_text, cues.praise)
            for pos, cue in generic:
                owner = self._nearest_owner(pos, targets)
                if owner and owner not in seen:
                    add(owner, f"{_aspect_word(pos, targets)}+{cue}", "aspect")
                # "卫生、隔音、服务态度都不好": a verdict after 都/全 covers every aspect before it.
                if "都" in cue_text[max(0, pos - 3) : pos] or "全" in cue_text[max(0, pos - 2) : pos]:
                    for a_pos, word in aspects:
                        listed = self._aspect_owner.get(word)
                        if a_pos < pos and listed and listed not in seen:
                            add(listed, f"{word}+{cue}", "aspect")
            # Verdict words ("无语", "醉了") judge the whole experience unless they follow an
            # aspect closely ("物流就彻底无语了"): only then do they name its code.
            for pos, cue in self._cue_hits(cue_text, cues.verdicts) if aspects else []:
                word = _aspect_just_before(pos, aspects, cues.verdict_window)
                owner = self._aspect_owner.get(word) if word else None
                if owner and owner not in seen:
                    add(owner, f"{word}+{cue}", "aspect")
        elif cues.default_code and cues.default_code in self.taxonomy and not findings:
            # Nothing named in the sentence: a bare verdict ("太差了") is about the thing bought.
            generic = self._cue_hits(cue_text, cues.complaints)
            if generic:
                add(cues.default_code, f"({cues.default_code})+{generic[0][1]}", "default")

        # 3. Suggestions name the problem they want fixed ("希望加快维修速度"); "希望继续保持"
        # asks for nothing to change.
        suggests = (
            any(s in text for s in cues.suggestion)
            and any(w in text for w in cues.improve)
            and not any(k in text for k in cues.keep)
        )
        if not findings and aspects and suggests:
            head = self._suggested_aspect(text, aspects)
            owner = self._context_owner(head, aspects)
            if owner:
                add(owner, f"{head}+建议", "suggestion")

        # 4. A clause the sentiment engine finds clearly negative, about an aspect and without
        # praise, complains about that aspect even when no cue word fired.
        threshold = cues.sentiment_threshold
        if not findings and aspects and sentiment is not None and sentiment <= threshold:
            praised = self._cue_hits(cue_text, cues.praise)
            if not praised:
                specific = [a for a in aspects if a[1] not in cues.generic_aspects]
                head = (specific or aspects)[-1][1]
                owner = self._aspect_owner.get(head)
                if owner:
                    add(owner, f"{head}+负面情感", "sentiment")
        return findings, aspects

    def masked(self, text: str) -> str:
        """``text`` in lower case with the ``mask`` phrases and ``mask_pattern`` matches blanked."""
        cues = self.cues
        text = text.lower()
        for phrase in [m for m in cues.mask if m in text]:
            text = _blank(text, ((p, p + len(phrase)) for p in _find_all(text, phrase)))
        if cues.mask_pattern is not None:
            text = _blank(text, (_mask_span(m) for m in cues.mask_pattern.finditer(text)))
        return text

    def may_complain(self, clause: Clause) -> bool:
        """False for a clause that cannot be a complaint whatever its words: an imagined problem
        ("要是能借一台备用机就好了"), someone else's experience, a plain question. The learned reader
        (:mod:`voc.painpoints.model`) takes its evidence only from clauses that may complain."""
        text = clause.text.lower()
        if any(h in text for h in self.cues.hypothetical):
            return False
        if self.cues.elsewhere is not None and self.cues.elsewhere.search(text):
            return False
        return not (_asks(clause) and not self._pressing(text))

    def _pressing(self, text: str) -> bool:
        """A question that presses a complaint ("凭什么收费", "为什么送货不通知") rather than asks."""
        if any(r in text for r in self.cues.rhetorical):
            return True
        pattern = self.cues.rhetorical_pattern
        return pattern is not None and pattern.search(text) is not None

    def _suggested_aspect(self, text: str, aspects: Sequence[tuple[int, str]]) -> str:
        """The aspect a suggestion asks to improve: the first specific one after the improve
        word ("及时告知维修进度" → 告知), else the last specific one in the clause."""
        generic = self.cues.generic_aspects
        specific = [a for a in aspects if a[1] not in generic] or list(aspects)
        starts = [text.find(w) for w in self.cues.improve if w in text]
        if starts:
            first = min(starts)
            after = [a for a in specific if a[0] >= first]
            if after:
                return after[0][1]
        return specific[-1][1]

    def _context_owner(self, head: str, aspects: Sequence[tuple[int, str]]) -> str | None:
        """The code ``head`` means here: of the codes listing it, the one that also lists most
        of the clause's other aspects ("安装师傅能准时上门": 上门 of installation), else its owner."""
        owner = self._aspect_owner.get(head)
        others = {word for _, word in aspects if word != head}
        best, best_score = owner, 0
        for code in self.codes_for(head):
            score = len(others & self._code_aspects[code.code])
            if score > best_score:
                best, best_score = code.code, score
        return best

    def tolerated(self, text: str) -> bool:
        """True when the clause says a problem is acceptable ("可以理解"), not negated."""
        return bool(self._cue_hits(text, self.cues.tolerance))

    def _nearest_owner(self, pos: int, aspects: Sequence[tuple[int, str]]) -> str | None:
        word = _aspect_word(pos, aspects)
        return self._aspect_owner.get(word) if word else None


# "不怎么好" and "怎么也修不好" are statements, though 怎么 often asks a question.
_ASKS = re.compile(r"[?？]|[吗呢么嘛][!~。.]*$|难道|为什么|为啥|凭什么|(?<![不没])怎么(?![也都样])")


def _asks(clause: Clause) -> bool:
    """True when the clause really asks something (a narrower test than ``Clause.is_question``)."""
    return clause.is_question and bool(_ASKS.search(clause.text))


def _aspect_word(pos: int, aspects: Sequence[tuple[int, str]]) -> str:
    """The aspect a cue at ``pos`` is said about: the nearest one before it, else the first after."""
    before = [a for a in aspects if a[0] <= pos]
    if before:
        return before[-1][1]
    return aspects[0][1] if aspects else ""


def _mask_span(match: re.Match[str]) -> tuple[int, int]:
    """What a ``mask_pattern`` match blanks: its group named ``mask`` if it has one, else all of it."""
    if "mask" in match.re.groupindex and match.group("mask") is not None:
        return match.span("mask")
    return match.span()


def _aspect_just_before(pos: int, aspects: Sequence[tuple[int, str]], window: int) -> str:
    """The aspect ending at most ``window`` characters before ``pos``, or ""."""
    near = [a for a in aspects if a[0] + len(a[1]) <= pos <= a[0] + len(a[1]) + window]
    return near[-1][1] if near else ""


def _inside_aspect(hit: tuple[int, str], aspects: Sequence[tuple[int, str]]) -> bool:
    pos, word = hit
    return any(a_pos <= pos and pos + len(word) <= a_pos + len(a_word) for a_pos, a_word in aspects)


class PainPointDetector:
    """Find the taxonomy codes a comment complains about, with the clauses that show it.

    Arguments:
        taxonomy: a :class:`Taxonomy`, a path to a taxonomy file, or None for voc's default.

    Examples:
        >>> det = PainPointDetector()
        >>> det.codes("等了半个月还没消息")
        ['response_delay', 'communication']
        >>> det.codes("工程师很专业，配件第二天就到了")
        []
    """

    def __init__(self, taxonomy: Taxonomy | str | None = None) -> None:
        self.taxonomy = load_taxonomy(taxonomy)
        self._reader = ClauseReader(self.taxonomy)

    def detect(
        self, doc: ProcessedText | str, clause_sentiment: Sequence[float] | None = None
    ) -> list[Finding]:
        """Every finding in the comment, in clause order (one per code and clause).

        Arguments:
            doc: the comment.
            clause_sentiment: polarity of each clause from a sentiment backend, if one ran; a
                clearly negative clause about an aspect then counts even without a cue word.
        """
        if isinstance(doc, str):
            doc = preprocess(doc)
        scores = list(clause_sentiment) if clause_sentiment is not None else []
        if len(scores) != len(doc.clauses):
            scores = []
        findings: list[Finding] = []
        carried: list[tuple[int, str]] = []
        sentence = -1
        sentence_of: list[int] = []
        bare: set[int] = set()
        for index, clause in enumerate(doc.clauses):
            if clause.sentence != sentence or clause.contrast:
                carried, sentence = [], clause.sentence
            score = scores[index] if scores else None
            # Borrowed aspects stand before the whole clause: their positions were in the previous
            # clause and must not hide or attract this clause's cue words.
            borrowed = [(-1 - i, word) for i, (_, word) in enumerate(reversed(carried))][::-1]
            found, aspects = self._reader.read(clause, index, borrowed, score)
            findings.extend(found)
            sentence_of.append(clause.sentence)
            if not aspects:
                bare.add(index)
            # Only a clause's own aspects carry on ("快递，太慢了"), and only within a sentence.
            carried = aspects or carried
        if not findings and len(doc.clauses) == 1:
            findings = self._bare_aspect(doc.clauses[0])
        findings = self._apply_becomes(doc.clauses, findings, sentence_of)
        findings = self._drop_tolerated(doc.clauses, findings)
        return self._apply_yields(findings, sentence_of, bare)

    def complaint_clauses(self, doc: ProcessedText) -> list[bool]:
        """For each clause of ``doc``, whether it may be a complaint at all (see ``ClauseReader.may_complain``)."""
        return [self._reader.may_complain(clause) for clause in doc.clauses]

    def _apply_becomes(
        self, clauses: Sequence[Clause], findings: list[Finding], sentence_of: list[int]
    ) -> list[Finding]:
        """Record a finding as the code its ``becomes`` table names when its sentence mentions one
        of that code's words: a late installer is installation, a slow refund returns_refund, not
        response_delay. The clause itself is read first, then the others of the sentence nearest
        first (earlier before later), so the wait is about the nearest thing named; a recorded
        code's own ``becomes`` is applied in turn (a wait for stock after paying is the order's)."""
        if not any(self.taxonomy[f.code].becomes for f in findings):
            return findings
        masked = [self._reader.masked(c.text) for c in clauses]
        result: list[Finding] = []
        taken: set[tuple[int, str]] = set()
        for f in findings:
            index = f.clause_index
            nearby = sorted(
                (i for i in range(len(clauses)) if sentence_of[i] == sentence_of[index]),
                key=lambda i: (abs(i - index), i),
            )
            code, visited = f.code, {f.code}
            while True:
                target = self._becomes_target(code, [masked[i] for i in nearby])
                if target is None or target in visited:
                    break
                code = target
                visited.add(code)
            if (index, code) in taken:
                continue
            taken.add((index, code))
            result.append(f if code == f.code else replace(f, code=code))
        return result

    def _becomes_target(self, code: str, texts: Sequence[str]) -> str | None:
        """The first code of ``code``'s ``becomes`` table whose words the nearest text names."""
        table = self.taxonomy[code].becomes
        for text in texts if table else ():
            for target, words in table:
                if any(w in text for w in words):
                    return target
        return None

    def _drop_tolerated(self, clauses: Sequence[Clause], findings: list[Finding]) -> list[Finding]:
        """Drop the complaints a later clause of the same sentence says it understands
        ("晚了半小时，不过提前打了电话，可以理解")."""
        if not findings or not self.taxonomy.cues.tolerance:
            return findings
        with_findings = {f.clause_index for f in findings}
        dropped: set[int] = set()
        for index, clause in enumerate(clauses):
            if index not in with_findings and self._reader.tolerated(clause.text.lower()):
                dropped |= {i for i in range(index) if clauses[i].sentence == clause.sentence}
        return [f for f in findings if f.clause_index not in dropped] if dropped else findings

    def _bare_aspect(self, clause: Clause) -> list[Finding]:
        """A one- or two-word answer ("配件", "沟通") to "what were you unhappy with?" names the problem."""
        core = "".join(ch for ch in clause.text.lower() if ch.isalnum())
        if not core or len(core) > 4 or any(p in core for p in self.taxonomy.cues.praise):
            return []
        aspects = self._reader.aspects(core)
        if len(aspects) != 1 or self._reader.negated(core, aspects[0][0]):
            return []
        owner = self._reader._aspect_owner.get(aspects[0][1])
        return [Finding(owner, clause.text, 0, aspects[0][1], "bare")] if owner else []

    def _apply_yields(
        self, findings: list[Finding], sentence_of: list[int], bare: set[int] | None = None
    ) -> list[Finding]:
        """Drop a code where a code it yields to was found in the same sentence (or clause).

        A finding from a clause that names no aspect at all ("等了快十天了") is about whatever the
        comment is about, so it also yields to the codes of its ``bare_yields_to`` found anywhere
        in the comment (a wait in a comment about a delivery is the delivery's delay).
        """
        found = {(sentence_of[f.clause_index], f.code) for f in findings}
        in_clause = {(f.clause_index, f.code) for f in findings}
        anywhere = {f.code for f in findings}
        kept = []
        for f in findings:
            entry = self.taxonomy[f.code]
            if any((sentence_of[f.clause_index], other) in found for other in entry.yields_to):
                continue
            if any((f.clause_index, other) in in_clause for other in entry.clause_yields_to):
                continue
            if bare and f.clause_index in bare and any(o in anywhere for o in entry.bare_yields_to):
                continue
            kept.append(f)
        return kept

    def codes(
        self, doc: ProcessedText | str, clause_sentiment: Sequence[float] | None = None
    ) -> list[str]:
        """The codes found, in taxonomy order."""
        found = {f.code for f in self.detect(doc, clause_sentiment)}
        return [c for c in self.taxonomy.code_names if c in found]
