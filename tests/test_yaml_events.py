"""The one-pass YAML reader gives what the careful reader gives, or leaves it to it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from accountmap.io import MAX_DEPTH, _Loader, read_document
from accountmap.yaml_events import FALLBACK, build

EXAMPLES = Path(__file__).parent.parent / "examples"

_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12),
    st.floats(allow_nan=False, allow_infinity=True, width=64),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
    st.sampled_from(["2026-01-01", "0x1F", "1_000", "yes", "on", "~", "null", "True", "1e5",
                     "012", "佐伯 健", "a: b", "- x", "#c", "180,000", ".inf", "-.inf"]))
_DATA = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.text(max_size=6), inner, max_size=4)), max_leaves=20)


def _same(a: Any, b: Any) -> bool:
    return repr(a) == repr(b)  # nan-safe, type-exact enough (1 vs 1.0 vs True differ)


@settings(max_examples=200, deadline=None)
@given(data=_DATA, flow=st.sampled_from([None, True, False]))
def test_one_pass_equals_the_careful_reader(data: Any, flow: bool | None) -> None:
    text = yaml.safe_dump({"data": data}, default_flow_style=flow, allow_unicode=True)
    fast = build(text, _Loader, MAX_DEPTH)
    if fast is FALLBACK:
        return
    assert _same(fast, yaml.load(text, Loader=_Loader))


@pytest.mark.parametrize("book", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_the_example_books_take_the_one_pass(book: Path) -> None:
    text = book.read_text(encoding="utf-8")
    fast = build(text, _Loader, MAX_DEPTH)
    assert fast is not FALLBACK
    assert _same(fast, yaml.load(text, Loader=_Loader))
    assert read_document(book).locator.line(("stakeholders", 0)) is not None  # lines on ask


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n", "a: !!int 3\n", "a: 1\na: 2\n", "<<: {a: 1}\n", "? [a]\n: 1\n",
    "--- 1\n--- 2\n", "a: [1, 2\n", "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)])
def test_what_needs_the_careful_reader_goes_to_it(text: str) -> None:
    assert build(text, _Loader, MAX_DEPTH) is FALLBACK
