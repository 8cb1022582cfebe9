"""The pain-point taxonomy: codes, names, survey dimensions and the cues that detect them.

The taxonomy is data (``corpora/taxonomy/default.toml``), so a QA team can add a code or a
phrase without touching code. Loading validates every field and names the line of the entry at
fault, because a silently ignored typo would quietly stop a pain point from being counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from voc._compat import tomllib
from voc._datafiles import compile_pattern, string_list
from voc.errors import ConfigError
from voc.resources import corpus_path

DEFAULT_TAXONOMY = ("taxonomy", "default.toml")

#: Placeholders usable in patterns: a number (digits or Chinese numerals, 半/几/好几), a time
#: unit, "many" (three or more, or an unspecified lot: 好几, 无数, N) and a degree word (太, 很, 贼 …).
PLACEHOLDERS = {
    "{num}": r"(?:[0-9０-９]+(?:\s*[~\-～到至]\s*[0-9]+)?|[一二两三四五六七八九十百千半几俩]+|好几|十几|几十|大半|一两|两三|三四|四五|十来)(?:个)?(?:多|来|半)?",
    "{dur}": r"(?:个)?(?:多)?(?:分钟|小时|钟头|天|日|晚|周|星期|礼拜|个?月|年|工作日)(?:多|半)?",
    "{many}": r"(?:[3-9]|[1-9][0-9]+|[三四五六七八九十]+|几|好几|十几|几十|无数|n|N多?|多)(?:个|通)?(?:多)?",
    "{very}": r"(?:也太|太过|实在太?|真的|真是|太|很|好|真|挺|蛮|超级?|特别|非常|十分|极其|极|巨|贼|老|忒|相当|比较|有点儿?|有些|稍微|略|过于|可)",
}
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_REQUIRED_TEXT = ("code", "name_zh", "name_en", "description", "dimension")
_LISTS = ("aspects", "complaints", "patterns", "praise", "yields_to", "bare_yields_to", "clause_yields_to")
_CUE_LISTS = (
    "negators",
    "complaints",
    "praise",
    "hypothetical",
    "rhetorical",
    "suggestion",
    "improve",
    "ignore",
    "mask",
    "generic_aspects",
    "scope_negators",
    "keep",
    "tolerance",
    "verdicts",
)
_CUE_REGEXES = ("no_problem", "elsewhere", "rhetorical_pattern", "mask_pattern", "ignore_pattern")


@dataclass(frozen=True)
class PainPointCode:
    """One taxonomy entry.

    Attributes:
        code: stable identifier written to ``pain_points`` (``response_delay``).
        aspects: words naming what the clause is about (配件, 客服 …).
        complaints: words that, with an aspect, make the clause a complaint about this code.
        patterns: compiled regexes that alone mean a complaint about this code (等了三周).
        praise: words that, with an aspect and no complaint, mark praise of it.
        yields_to: codes that, found in the same sentence, take this code's place (a wait for
            parts is ``parts_supply``, not also ``response_delay``).
        bare_yields_to: codes that take this code's place anywhere in the comment when the clause
            that fired names no aspect ("等了快十天了" in a comment about a delivery).
        clause_yields_to: codes that take this code's place in the same clause only (damage done
            while fitting, "安装的时候把排水管弄断了", is installation, not also product_quality).
        becomes: (code, words) pairs, in file order: a finding of this code in a sentence that
            names one of the words is recorded as that code instead ("安装师傅来得太晚" is a late
            installer, installation; "退款两周了还没到" a slow refund, returns_refund).
    """

    code: str
    name_zh: str
    name_en: str
    description: str
    dimension: str
    aspects: tuple[str, ...] = ()
    complaints: tuple[str, ...] = ()
    patterns: tuple[re.Pattern[str], ...] = ()
    praise: tuple[str, ...] = ()
    yields_to: tuple[str, ...] = ()
    bare_yields_to: tuple[str, ...] = ()
    clause_yields_to: tuple[str, ...] = ()
    becomes: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Cues:
    """Cues shared by every code (negation, praise, questions, suggestions)."""

    negators: tuple[str, ...] = ()
    negation_window: int = 4
    complaints: tuple[str, ...] = ()
    praise: tuple[str, ...] = ()
    hypothetical: tuple[str, ...] = ()
    rhetorical: tuple[str, ...] = ()
    no_problem: re.Pattern[str] | None = None
    suggestion: tuple[str, ...] = ()
    improve: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    mask: tuple[str, ...] = ()
    generic_aspects: tuple[str, ...] = ()
    negation_fillers: str = ""
    sentiment_threshold: float = -0.5
    default_code: str = ""
    owners: dict[str, str] = field(default_factory=dict)
    scope_negators: tuple[str, ...] = ()
    scope_window: int = 12
    keep: tuple[str, ...] = ()
    tolerance: tuple[str, ...] = ()
    elsewhere: re.Pattern[str] | None = None
    rhetorical_pattern: re.Pattern[str] | None = None
    mask_pattern: re.Pattern[str] | None = None
    ignore_pattern: re.Pattern[str] | None = None
    verdicts: tuple[str, ...] = ()
    verdict_window: int = 4


@dataclass(frozen=True)
class Taxonomy:
    """A loaded taxonomy: its codes in file order, the shared cues and where it came from."""

    codes: tuple[PainPointCode, ...]
    cues: Cues
    name: str = ""
    source: str = ""
    _by_code: dict[str, PainPointCode] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_code.update({c.code: c for c in self.codes})

    def __getitem__(self, code: str) -> PainPointCode:
        return self._by_code[code]

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    @property
    def code_names(self) -> list[str]:
        """The codes in file order."""
        return [c.code for c in self.codes]

    def dimension(self, code: str) -> str:
        """The survey dimension a code maps to."""
        return self._by_code[code].dimension


def expand_placeholders(pattern: str) -> str:
    """Replace ``{num}`` and ``{dur}`` by their regexes."""
    for key, value in PLACEHOLDERS.items():
        pattern = pattern.replace(key, value)
    return pattern


def _entry_lines(text: str) -> list[int]:
    """1-based line number of each ``[[painpoint]]`` header, in order."""
    return [
        n
        for n, line in enumerate(text.splitlines(), start=1)
        if line.strip().startswith("[[painpoint]]")
    ]


def _line_of(text: str, header: str) -> int:
    for n, line in enumerate(text.splitlines(), start=1):
        if line.strip() == header:
            return n
    return 0


def _parse_code(entry: Any, where: str) -> PainPointCode:
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: expected a table of fields, found {type(entry).__name__}")
    known = set(_REQUIRED_TEXT) | set(_LISTS) | {"becomes"}
    unknown = sorted(set(entry) - known)
    if unknown:
        raise ConfigError(
            f"{where}: unknown field(s) {', '.join(unknown)}; allowed: {', '.join(sorted(known))}"
        )
    for name in _REQUIRED_TEXT:
        value = entry.get(name)
        if not isinstance(value, str) or not value.strip():
            found = "nothing" if value is None else repr(value)
            raise ConfigError(f"{where}: field '{name}' must be a non-empty string, found {found}")
    code = entry["code"].strip()
    if not _CODE.match(code):
        raise ConfigError(
            f"{where}: code {code!r} must be lower-case letters, digits and '_' (e.g. response_delay)"
        )
    lists = {name: string_list(entry.get(name, []), f"{where} ({code})", name) for name in _LISTS}
    becomes = _parse_becomes(entry.get("becomes", {}), f"{where} ({code})")
    if not lists["aspects"] and not lists["patterns"]:
        raise ConfigError(
            f"{where} ({code}): give at least one of 'aspects' or 'patterns', or the code can never be found"
        )
    return PainPointCode(
        code=code,
        name_zh=entry["name_zh"].strip(),
        name_en=entry["name_en"].strip(),
        description=entry["description"].strip(),
        dimension=entry["dimension"].strip(),
        aspects=lists["aspects"],
        complaints=lists["complaints"],
        patterns=tuple(compile_pattern(expand_placeholders(p), f"{where} ({code})", "patterns", shown=p) for p in lists["patterns"]),
        praise=lists["praise"],
        yields_to=lists["yields_to"],
        bare_yields_to=lists["bare_yields_to"],
        clause_yields_to=lists["clause_yields_to"],
        becomes=becomes,
    )


def _parse_becomes(raw: Any, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The ``becomes`` table of a code: ``{ other_code = ["word", …] }``, in file order."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: field 'becomes' must be a table of code = [\"word\", …] lists")
    return tuple(
        (str(target), tuple(w.lower() for w in string_list(words, where, f"becomes.{target}")))
        for target, words in raw.items()
    )


def _cue_regex(raw: dict[str, Any], name: str, where: str, default: Cues | None) -> re.Pattern[str] | None:
    """A regular-expression cue from ``raw``, else the default's."""
    if name not in raw:
        return getattr(default, name) if default else None
    if not isinstance(raw[name], str):
        raise ConfigError(f"{where}: field '{name}' must be a string (a regular expression)")
    return compile_pattern(expand_placeholders(raw[name]), where, name, shown=raw[name])


def _window(raw: dict[str, Any], name: str, where: str, fallback: int, maximum: int) -> int:
    """A whole-number window (characters) from ``raw``, else ``fallback``, checked to be 0..maximum."""
    value = raw.get(name, fallback)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= maximum:
        raise ConfigError(
            f"{where}: field '{name}' must be a whole number 0..{maximum}, found {value!r}"
        )
    return value


def _parse_cues(raw: Any, where: str, default: Cues | None) -> Cues:
    if raw is None:
        if default is None:
            raise ConfigError(f"{where}: the 'cues' table is missing")
        return default
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: 'cues' must be a table, found {type(raw).__name__}")
    allowed = set(_CUE_LISTS) | {
        "negation_window",
        *_CUE_REGEXES,
        "negation_fillers",
        "sentiment_threshold",
        "default_code",
        "owners",
        "scope_window",
        "verdict_window",
    }
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise ConfigError(
            f"{where}: unknown field(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}"
        )
    values: dict[str, Any] = {}
    for name in _CUE_LISTS:
        if name in raw:
            values[name] = string_list(raw[name], where, name)
        elif default is not None:
            values[name] = getattr(default, name)
    window = _window(raw, "negation_window", where, default.negation_window if default else 4, 20)
    regexes = {name: _cue_regex(raw, name, where, default) for name in _CUE_REGEXES}
    fillers = raw.get("negation_fillers", default.negation_fillers if default else "")
    if not isinstance(fillers, str):
        raise ConfigError(
            f"{where}: field 'negation_fillers' must be a string of characters, found {type(fillers).__name__}"
        )
    threshold = raw.get("sentiment_threshold", default.sentiment_threshold if default else -0.5)
    if (
        not isinstance(threshold, (int, float))
        or isinstance(threshold, bool)
        or not -1 <= threshold <= 0
    ):
        raise ConfigError(
            f"{where}: field 'sentiment_threshold' must be a number in -1..0, found {threshold!r}"
        )
    default_code = raw.get("default_code", default.default_code if default else "")
    if not isinstance(default_code, str):
        raise ConfigError(
            f"{where}: field 'default_code' must be a code name or empty, found {default_code!r}"
        )
    owners = raw.get("owners", default.owners if default else {})
    if not isinstance(owners, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in owners.items()
    ):
        raise ConfigError(f"{where}: field 'owners' must be a table of aspect = \"code\" strings")
    scope_window = _window(raw, "scope_window", where, default.scope_window if default else 12, 40)
    verdict_window = _window(
        raw, "verdict_window", where, default.verdict_window if default else 4, 20
    )
    return Cues(
        owners={k.lower(): v for k, v in owners.items()},
        scope_window=scope_window,
        verdict_window=verdict_window,
        default_code=default_code.strip(),
        negation_window=window,
        no_problem=regexes["no_problem"],
        elsewhere=regexes["elsewhere"],
        rhetorical_pattern=regexes["rhetorical_pattern"],
        mask_pattern=regexes["mask_pattern"],
        ignore_pattern=regexes["ignore_pattern"],
        negation_fillers=fillers,
        sentiment_threshold=float(threshold),
        **values,
    )


def parse_taxonomy(
    text: str, source: str = "<string>", default_cues: Cues | None = None
) -> Taxonomy:
    """Parse taxonomy TOML text; errors name ``source``, the line and the field.

    Arguments:
        text: the TOML document.
        source: a file name for messages.
        default_cues: cues used when the document has no ``[cues]`` table.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{source}: not valid TOML ({exc}); see corpora/taxonomy/README.md for the format"
        ) from exc
    allowed = {"version", "name", "cues", "painpoint"}
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ConfigError(
            f"{source}: unknown top-level key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}"
        )
    version = data.get("version", 1)
    if version != 1:
        raise ConfigError(
            f"{source}: taxonomy version {version!r} is not supported; this voc reads version 1"
        )
    entries = data.get("painpoint")
    if not isinstance(entries, list) or not entries:
        raise ConfigError(
            f"{source}: no 'painpoint' entries found; each code is one double-bracketed painpoint table"
        )
    lines = _entry_lines(text)
    codes: list[PainPointCode] = []
    seen: dict[str, str] = {}
    for index, entry in enumerate(entries):
        line = lines[index] if index < len(lines) else 0
        where = (
            f"{source}:{line}: painpoint #{index + 1}"
            if line
            else f"{source}: painpoint #{index + 1}"
        )
        parsed = _parse_code(entry, where)
        if parsed.code in seen:
            raise ConfigError(
                f"{where}: code '{parsed.code}' is defined twice (first at {seen[parsed.code]})"
            )
        seen[parsed.code] = where
        codes.append(parsed)
    for index, parsed in enumerate(codes):
        for field_name in ("yields_to", "bare_yields_to", "clause_yields_to"):
            unknown_codes = [c for c in getattr(parsed, field_name) if c not in seen]
            if unknown_codes:
                line = lines[index] if index < len(lines) else 0
                raise ConfigError(
                    f"{source}:{line}: painpoint '{parsed.code}': field '{field_name}' names unknown code(s) {', '.join(unknown_codes)}"
                )
        unknown_targets = [c for c, _ in parsed.becomes if c not in seen]
        if unknown_targets:
            line = lines[index] if index < len(lines) else 0
            raise ConfigError(
                f"{source}:{line}: painpoint '{parsed.code}': field 'becomes' names unknown code(s) {', '.join(unknown_targets)}"
            )
    cues_line = _line_of(text, "[cues]")
    cues_where = f"{source}:{cues_line}: cues" if cues_line else f"{source}: cues"
    cues = _parse_cues(data.get("cues"), cues_where, default_cues)
    bad_owners = sorted({v for v in cues.owners.values() if v not in seen})
    if bad_owners and "cues" in data and "owners" in data["cues"]:
        raise ConfigError(
            f"{cues_where}: field 'owners' names unknown code(s) {', '.join(bad_owners)}"
        )
    name = data.get("name", "")
    return Taxonomy(codes=tuple(codes), cues=cues, name=str(name), source=source)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"{path}: taxonomy file not found") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8"
        ) from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read taxonomy ({exc.strerror})") from exc


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime: float) -> Taxonomy:
    default_path = corpus_path(*DEFAULT_TAXONOMY)
    default_cues = None
    if Path(path) != default_path:
        default_cues = _load_cached(str(default_path), default_path.stat().st_mtime).cues
    return parse_taxonomy(_read(Path(path)), source=path, default_cues=default_cues)


def load_taxonomy(path: str | Path | Taxonomy | None = None) -> Taxonomy:
    """Load and validate a taxonomy file (default: voc's after-sales taxonomy).

    A custom file without a ``[cues]`` table inherits the default cues. Files are cached per
    path and modification time, so stages can call this freely.

    Raises:
        ConfigError: the file is missing, not TOML, or a field is malformed (line and field named).

    Examples:
        >>> tax = load_taxonomy()
        >>> tax.code_names[:3]
        ['response_delay', 'misdiagnosis', 'parts_supply']
        >>> tax.dimension("parts_supply")
        '配件供应'
    """
    if isinstance(path, Taxonomy):
        return path
    resolved = Path(path) if path is not None else corpus_path(*DEFAULT_TAXONOMY)
    if not resolved.is_file():
        raise ConfigError(
            f"{resolved}: taxonomy file not found (give a .toml file; format in corpora/taxonomy/README.md)"
        )
    return _load_cached(str(resolved), resolved.stat().st_mtime)
