"""A built wheel carries the library, the CLI and the data files, and works outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_installs_and_runs(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(REPO)],
        check=True,
    )
    wheel = next(wheels.glob("voc-*.whl"))
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)], check=True)
    assert (target / "voc" / "_data" / "corpora" / "dictionary" / "userdict.txt").exists()
    survey = tmp_path / "s.csv"
    survey.write_text("意见\n保修期内返修了两次,太慢了\n工程师很专业\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = "import sys, voc, voc_cli.main as m; assert voc.__file__.startswith(sys.argv.pop(1)); m.run()"
    proc = subprocess.run(
        [sys.executable, "-c", code, str(target), "analyze", str(survey), "--out", str(tmp_path / "o.csv")],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "o.csv").exists()
