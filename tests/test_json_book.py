"""A JSON book is parsed without a Python call per object; a repeated key is still refused.

The count that clears a text (``keys_all_counted``) must never clear one that repeats a key,
wherever the key is: the property test writes random objects whose keys may repeat and
compares ``parse`` with a parse that checks every object.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accountmap import json_book
from accountmap.errors import DataError


def duplicate_keys(text: str) -> list[str]:
    """Every key repeated inside an object of the text, checked object by object."""
    found: list[str] = []

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _ in pairs]
        found.extend(key for i, key in enumerate(keys) if key in keys[:i])
        return dict(pairs)

    json.loads(text, object_pairs_hook=hook)
    return found


def refused_keys(text: str) -> list[str]:
    with pytest.raises(DataError) as caught:
        json_book.parse(text, "book.json")
    return [problem.message for problem in caught.value.problems]


def test_a_generated_book_is_cleared_by_the_count_alone() -> None:
    from accountmap.generate import generate_book
    from accountmap.io import dumps

    text = dumps(generate_book(3, seed=7), "json")
    data = json.loads(text)
    assert json_book.keys_all_counted(text, data)  # the fast path large books take
    assert json_book.parse(text, "book.json") == data


@pytest.mark.parametrize("text, key", [
    ('{"version": 1, "products": [{"id": "p", "name": "a", "name": "b"}]}', "name"),
    ('{"version": 1, "version": 2}', "version"),
    ('{"settings": {"stage_probabilities": {"won": 1, "won": 0.5}}}', "won"),
    ('{"products": [{"id": "p", "extra": {"a": 1, "a": 2}}]}', "a"),
    ('{"products": [[{"a": 1, "a": 2}]]}', "a"),
    ('{"notes": [{"text": "10:00 at https://example.com", "text": "again"}]}', "text"),
    ('[{"a": 1, "a": 2}]', "a"),
])
def test_a_repeated_key_is_refused_wherever_it_is(text: str, key: str) -> None:
    messages = refused_keys(text)
    assert messages == [f"duplicate key {key!r} in a JSON object (a later value would "
                        "silently replace an earlier one)"]


def test_colons_inside_strings_are_not_mistaken_for_keys() -> None:
    text = json.dumps({"version": 1, "touchpoints": [
        {"id": "t1", "topic": "10:00 会議：https://example.com/a:b"},
        {"id": "t2", "topic": "x"}]}, ensure_ascii=False)
    data = json.loads(text)
    assert text.count(":") > 7  # more colons than keys, yet cleared without a second parse
    assert json_book.keys_all_counted(text, data)
    assert json_book.parse(text, "book.json") == data


@pytest.mark.parametrize("topic", ['say \\":', "Note : x", "a\\\\"])
def test_a_colon_that_may_end_a_key_is_read_object_by_object(topic: str) -> None:
    text = '{"version": 1, "touchpoints": [{"id": "t1", "topic": "' + topic + '"}], "a": 1 }'
    data = json.loads(text)
    if ":" in topic:
        assert not json_book.keys_all_counted(text, data)
    assert json_book.parse(text, "book.json") == data
    spaced = '{"a" : 1, "b"\n:[{"c"\t: "10:00", "d"\r:2}], "a" :3}'
    assert refused_keys(spaced) == ["duplicate key 'a' in a JSON object (a later value "
                                    "would silently replace an earlier one)"]


def test_an_escaped_colon_counts_as_no_colon() -> None:
    text = '{"a": "\\u003a", "b": [{"c": 1}, {"d": 2, "e": 3}]}'
    assert json_book.keys_all_counted(text, json.loads(text))
    assert json_book.parse(text, "book.json") == {"a": ":", "b": [{"c": 1}, {"d": 2, "e": 3}]}


def test_a_section_holding_other_than_records_is_read_object_by_object() -> None:
    text = '{"products": [{"id": "p"}, "p2", 3], "x": [{"a": 1}, {"a": 2, "a": 3}]}'
    assert refused_keys(text) == ["duplicate key 'a' in a JSON object (a later value would "
                                  "silently replace an earlier one)"]


keys = st.sampled_from(["id", "name", "a", "b:c", "会社", "x :", 'q\\":'])
scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 5),
                    st.sampled_from(["x", "y:z", "10:00", "名前", "\\u003a", "\"", " : ",
                                    '\\":', "\t:"]))


def objects(children: Any) -> Any:
    """An object written as a list of pairs, so that a key may repeat."""
    return st.lists(st.tuples(keys, children), max_size=4).map(lambda pairs: ("obj", pairs))


values = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=4), objects(children)), max_leaves=20)


def write(value: Any, colon: str = ": ") -> str:
    if isinstance(value, tuple):
        return "{" + ", ".join(f"{json.dumps(key, ensure_ascii=False)}{colon}"
                               f"{write(item, colon)}" for key, item in value[1]) + "}"
    if isinstance(value, list):
        return "[" + ",".join(write(item, colon) for item in value) + "]"
    if isinstance(value, str) and value.startswith("\\"):
        return f'"{value}"'
    return json.dumps(value, ensure_ascii=False)


@settings(max_examples=400, deadline=None)
@given(st.one_of(objects(values), st.lists(values, max_size=4)),
       st.sampled_from([":", ": ", " :", "\n:", "\t :\r\n"]))
def test_parse_refuses_exactly_the_texts_that_repeat_a_key(value: Any, colon: str) -> None:
    text = write(value, colon)
    repeated = duplicate_keys(text)
    if repeated:
        assert refused_keys(text) == [
            f"duplicate key {key!r} in a JSON object (a later value would silently replace "
            "an earlier one)" for key in dict.fromkeys(repeated)]
    else:
        assert json_book.parse(text, "book.json") == json.loads(text)
