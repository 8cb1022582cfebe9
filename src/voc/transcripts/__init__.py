"""Interview transcripts as an input: parse turns and speakers, score the customer, summarise interviews."""

from voc.transcripts.analyze import analyze_transcripts
from voc.transcripts.model import CUSTOMER, INTERVIEWER, Transcript, Turn
from voc.transcripts.parse import known_role, parse_transcript
from voc.transcripts.read import (
    TRANSCRIPT_SUFFIXES,
    find_transcripts,
    read_transcript,
    read_transcripts,
)

__all__ = [
    "CUSTOMER",
    "INTERVIEWER",
    "TRANSCRIPT_SUFFIXES",
    "Transcript",
    "Turn",
    "analyze_transcripts",
    "find_transcripts",
    "known_role",
    "parse_transcript",
    "read_transcript",
    "read_transcripts",
]
