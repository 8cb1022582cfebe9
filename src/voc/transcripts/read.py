"""Read transcripts from .txt/.md (any of the usual encodings) and .docx files, or a folder of them."""

from __future__ import annotations

import logging
import re
import zipfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

from voc.errors import InputError
from voc.io.readers import _decode
from voc.transcripts.model import Transcript
from voc.transcripts.parse import parse_transcript

logger = logging.getLogger(__name__)

TRANSCRIPT_SUFFIXES = (".txt", ".md", ".markdown", ".docx")


def transcript_lines(path: str | Path) -> list[str]:
    """The lines (paragraphs, table rows) of one transcript file.

    Text files are decoded like survey CSVs (UTF-8, UTF-8 with BOM, UTF-16, GBK/GB18030, Big5), so a
    transcript saved by Notepad on a Chinese Windows reads the same as one from a Mac.

    Raises:
        InputError: missing, unsupported, empty or corrupt file.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"transcript not found: {path}")
    suffix = path.suffix.lower()
    if suffix not in TRANSCRIPT_SUFFIXES:
        raise InputError(
            f"unsupported transcript type '{suffix or path.name}': expected {', '.join(TRANSCRIPT_SUFFIXES)}"
        )
    if path.stat().st_size == 0:
        raise InputError(f"transcript file is empty: {path}")
    if suffix == ".docx":
        lines = _docx_lines(path)
    else:
        try:
            lines = _decode(path.read_bytes(), path).splitlines()
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if not any(line.strip() for line in lines):
        raise InputError(f"transcript file is empty: {path}")
    return lines


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: A Word document's text part larger than this is refused rather than parsed into memory.
MAX_DOCX_XML_BYTES = 200_000_000


def _docx_lines(path: Path) -> list[str]:
    """Paragraphs and table rows of a .docx, read with the standard library (no python-docx needed)."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > MAX_DOCX_XML_BYTES:
                raise InputError(
                    f"{path.name} is too large to read as a transcript ({info.file_size:,} bytes of text XML)"
                )
            root = ElementTree.fromstring(archive.read(info))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        raise InputError(
            f"{path.name} is not a valid .docx document (corrupt, or another format renamed)"
        ) from exc
    body = root.find(f"{_W}body")
    lines: list[str] = []
    for block in body if body is not None else []:
        if block.tag == f"{_W}p":
            lines.extend(_paragraph_text(block).splitlines() or [""])
        elif block.tag == f"{_W}tbl":
            # Transcripts kept as tables: (time,) speaker, text per row.
            for row in block.iter(f"{_W}tr"):
                cells = [
                    " ".join(_paragraph_text(p) for p in cell.iter(f"{_W}p")).strip()
                    for cell in row.iter(f"{_W}tc")
                ]
                cells = [
                    c for i, c in enumerate(cells) if i == 0 or c != cells[i - 1]
                ]  # merged cells repeat
                lines.append("| " + " | ".join(cells) + " |")
    return lines


def _paragraph_text(paragraph: ElementTree.Element) -> str:
    parts = []
    for node in paragraph.iter():
        if node.tag == f"{_W}t" and node.text:
            parts.append(node.text)
        elif node.tag == f"{_W}tab":
            parts.append("\t")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
    return "".join(parts)


def read_transcript(path: str | Path, customer_speakers: Sequence[str] | None = None) -> Transcript:
    """Read and parse one transcript file (see :func:`voc.transcripts.parse_transcript`).

    The interview id is the header's ``访谈编号`` or the file name; the customer id is the header's
    ``客户编号``, else a code like ``C0123`` at the start of the file name.
    """
    path = Path(path)
    transcript = parse_transcript(
        transcript_lines(path),
        name=path.stem,
        customer_speakers=customer_speakers,
        source=str(path),
    )
    if not transcript.customer_id:
        match = re.match(r"([A-Za-z]{1,4}[-_]?\d{3,})(?:[^\d]|$)", path.stem)
        if match:
            transcript = replace(transcript, customer_id=match.group(1))
    return transcript


def find_transcripts(paths: str | Path | Sequence[str | Path]) -> list[Path]:
    """Expand files and folders into the transcript files they hold, sorted by name within a folder.

    Raises:
        InputError: a path does not exist, or a folder holds no transcripts.
    """
    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    found: list[Path] = []
    for item in items:
        path = Path(item)
        if not path.exists():
            raise InputError(f"transcript path not found: {path}")
        if path.is_dir():
            files = sorted(
                p
                for p in path.iterdir()
                if p.is_file()
                and p.suffix.lower() in TRANSCRIPT_SUFFIXES
                and not p.name.startswith((".", "~$"))
                and p.name.lower() != "readme.md"
            )
            if not files:
                raise InputError(f"no transcripts (.txt, .md, .docx) in folder {path}")
            found.extend(files)
        else:
            found.append(path)
    return found


def read_transcripts(
    paths: str | Path | Sequence[str | Path], customer_speakers: Sequence[str] | None = None
) -> list[Transcript]:
    """Read every transcript under ``paths``; interview ids are made unique."""
    transcripts = [read_transcript(p, customer_speakers) for p in find_transcripts(paths)]
    seen: dict[str, int] = {}
    out = []
    for t in transcripts:
        if t.name in seen:
            seen[t.name] += 1
            logger.warning(
                "interview id %s occurs twice; the second is %s-%d", t.name, t.name, seen[t.name]
            )
            t = replace(t, name=f"{t.name}-{seen[t.name]}")
        else:
            seen[t.name] = 1
        out.append(t)
    return out
