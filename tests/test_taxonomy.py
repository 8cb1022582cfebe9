"""The taxonomy file: the default loads with every DESIGN code, malformed files fail clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from voc.errors import ConfigError, InputError
from voc.painpoints import PainPointDetector, load_taxonomy, parse_taxonomy

DESIGN_CODES = [
    "response_delay",
    "misdiagnosis",
    "parts_supply",
    "staff_attitude",
    "communication",
    "charges",
    "installation",
    "logistics",
    "returns_refund",
    "product_quality",
]

MINIMAL = """
version = 1
[[painpoint]]
code = "noise"
name_zh = "噪音"
name_en = "Noise"
description = "The device is loud."
dimension = "产品"
aspects = ["风扇"]
complaints = ["吵"]
patterns = ['噪音(太|很)?大']
"""


def test_default_taxonomy_has_every_design_code_with_names_and_dimensions() -> None:
    tax = load_taxonomy()
    assert tax.code_names == DESIGN_CODES
    for code in tax.codes:
        assert code.name_zh and code.name_en and code.description and code.dimension
        assert code.aspects and code.patterns
    assert tax.dimension("parts_supply") == "配件供应"
    assert tax.dimension("communication") == "沟通透明"


def test_load_is_cached_and_accepts_a_loaded_taxonomy() -> None:
    tax = load_taxonomy()
    assert load_taxonomy() is tax
    assert load_taxonomy(tax) is tax


def test_custom_taxonomy_inherits_default_cues(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    tax = load_taxonomy(path)
    assert tax.code_names == ["noise"]
    assert "没有" in tax.cues.negators
    det = PainPointDetector(tax)
    assert det.codes("风扇太吵了") == ["noise"]
    assert det.codes("噪音很大") == ["noise"]
    assert det.codes("风扇一点也不吵") == []
    assert det.codes("配件等了三周") == []  # only the custom codes exist


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("version = 1\n[[painpoint]\ncode = 'x'", "not valid TOML"),
        ("version = 2\n" + MINIMAL.replace("version = 1", ""), "version 2 is not supported"),
        ("version = 1\nname = 'empty'", "no 'painpoint' entries"),
        (MINIMAL.replace('code = "noise"', 'code = "Noise Code"'), "lower-case"),
        (MINIMAL.replace('name_zh = "噪音"\n', ""), "field 'name_zh' must be a non-empty string"),
        (
            MINIMAL.replace('aspects = ["风扇"]', "aspects = 3"),
            "field 'aspects' must be a list of strings, found int",
        ),
        (
            MINIMAL.replace("patterns = ['噪音(太|很)?大']", "patterns = ['噪音(太']"),
            "invalid regular expression",
        ),
        (
            MINIMAL.replace('dimension = "产品"', 'dimension = "产品"\ncolour = "red"'),
            "unknown field(s) colour",
        ),
        (MINIMAL + MINIMAL.replace("version = 1", ""), "defined twice"),
        (MINIMAL.replace("]\n", "]\nyields_to = ['nothing']\n", 1), "unknown code(s) nothing"),
        (MINIMAL + "[cues]\nnegation_window = 'far'\n", "negation_window"),
        (
            MINIMAL.replace('aspects = ["风扇"]\n', "").replace(
                "patterns = ['噪音(太|很)?大']\n", ""
            ),
            "at least one of 'aspects' or 'patterns'",
        ),
    ],
)
def test_malformed_taxonomy_errors_name_the_problem(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_taxonomy(text, source="bad.toml")


def test_errors_give_the_line_of_the_entry() -> None:
    text = MINIMAL + MINIMAL.replace("version = 1", "").replace(
        'code = "noise"', 'code = "loud"'
    ).replace('aspects = ["风扇"]', "aspects = [1]")
    with pytest.raises(ConfigError) as info:
        parse_taxonomy(text, source="bad.toml")
    second_header = [
        n for n, line in enumerate(text.splitlines(), 1) if line.strip() == "[[painpoint]]"
    ][1]
    assert str(info.value).startswith(f"bad.toml:{second_header}: painpoint #2 (loud)")


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_taxonomy(tmp_path / "nope.toml")
    bad = tmp_path / "latin1.toml"
    bad.write_bytes("name = 'caf\xe9'".encode("latin-1"))
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_taxonomy(bad)


def test_default_code_option_reads_bare_verdicts(tmp_path: Path) -> None:
    assert PainPointDetector().codes("太差了") == []
    path = tmp_path / "tax.toml"
    path.write_text(MINIMAL + '\n[cues]\ndefault_code = "noise"\n', encoding="utf-8")
    assert PainPointDetector(str(path)).codes("太差了") == ["noise"]


def test_cli_taxonomy_option(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from voc_cli.main import app

    runner = CliRunner()
    good = tmp_path / "good.toml"
    good.write_text(MINIMAL, encoding="utf-8")
    result = runner.invoke(
        app, ["score", "-", "--taxonomy", str(good), "--format", "jsonl"], input="风扇太吵了\n"
    )
    assert result.exit_code == 0, result.output
    assert '"pain_points": "noise"' in result.output
    bad = tmp_path / "bad.toml"
    bad.write_text(MINIMAL.replace('name_zh = "噪音"\n', ""), encoding="utf-8")
    result = runner.invoke(app, ["score", "-", "--taxonomy", str(bad)], input="风扇太吵了\n")
    assert result.exit_code == 2
    assert "field 'name_zh'" in result.output
