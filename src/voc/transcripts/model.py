"""What a parsed interview is: turns with speaker, role, position and time, plus header metadata."""

from __future__ import annotations

from dataclasses import dataclass, field

INTERVIEWER = "interviewer"
CUSTOMER = "customer"


@dataclass(frozen=True)
class Turn:
    """One speaker's uninterrupted contribution.

    Attributes:
        position: 1-based turn number in the interview (how quotes are attributed).
        speaker: the label as written ("访谈员", "张经理", "A").
        role: ``interviewer`` or ``customer``.
        text: what was said, verbatim except for transcriber notes, lines joined by newlines.
        seconds: time offset of the turn, None when the transcript has no timestamps.
        notes: transcriber notes removed from the text ("笑", "停顿").
        line: 1-based line (or paragraph) where the turn starts, for error messages and review.
    """

    position: int
    speaker: str
    role: str
    text: str
    seconds: float | None = None
    notes: tuple[str, ...] = ()
    line: int = 0

    @property
    def timestamp(self) -> str:
        """``hh:mm:ss`` (or ``mm:ss`` under an hour), empty without a time."""
        if self.seconds is None:
            return ""
        total = int(round(self.seconds))
        hours, rest = divmod(total, 3600)
        minutes, secs = divmod(rest, 60)
        return f"{hours:02d}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


@dataclass(frozen=True)
class Transcript:
    """One interview.

    Attributes:
        name: the interview id (``访谈编号`` from the header, else the file name without extension).
        turns: the turns in order.
        meta: header fields (``客户编号``, ``日期`` …) as written.
        customer_id: the customer this interview is with, empty when unknown.
        source: the file it came from, empty for text given directly.
    """

    name: str
    turns: tuple[Turn, ...]
    meta: dict[str, str] = field(default_factory=dict)
    customer_id: str = ""
    source: str = ""

    @property
    def speakers(self) -> dict[str, str]:
        """Speaker label → role, in order of first appearance."""
        out: dict[str, str] = {}
        for turn in self.turns:
            out.setdefault(turn.speaker, turn.role)
        return out

    def customer_turns(self) -> list[Turn]:
        """The turns spoken by the customer side."""
        return [t for t in self.turns if t.role == CUSTOMER]
