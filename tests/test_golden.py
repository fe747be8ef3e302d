"""Every command's output on the example is byte-identical to the recorded one (tests/golden.py
says how the recording is made and when it may change)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden import CASES, GOLDEN, ROOT, recorded_form, recorded_name, run_case


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_is_the_recorded_one(name: str, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    got = recorded_form(name, run_case(name, tmp_path))
    want = (GOLDEN / recorded_name(name)).read_bytes()
    assert got == want, f"{name}: output differs from tests/golden/{recorded_name(name)}"
