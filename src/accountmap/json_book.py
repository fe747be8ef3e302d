"""A JSON book parsed at C speed, with a key repeated inside an object found and refused.

A repeated key is an error in a book (the later value would silently replace the earlier
one), but Python's parser keeps the last value without a word, and a check per object (the
``object_pairs_hook``) costs a Python call for each of the million records of a large book.
``parse`` therefore parses without the hook and proves no key was dropped by counting
(``keys_all_counted``); only a text the count cannot clear is parsed again with the hook.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .errors import DataError, Problem


def parse(text: str, source: str) -> Any:
    """The data of a JSON text. Raises DataError for a text that is not JSON, or whose
    objects repeat a key (one problem per key)."""
    data = _loads(text, source, None)
    if not keys_all_counted(text, data):  # a key may repeat: read again, checking each object
        duplicates: list[str] = []
        data = _loads(text, source, duplicates)
        if duplicates:
            raise DataError([Problem(source, "", f"duplicate key {key!r} in a JSON object (a "
                                     "later value would silently replace an earlier one)")
                             for key in dict.fromkeys(duplicates)])
    return data


def keys_all_counted(text: str, data: Any) -> bool:
    """Whether no JSON object in ``text`` repeats a key, proven by counting, without a
    Python call per object.

    ``kept``, the keys in the objects counted here (the top level, the mappings in it, the
    records of each list), is at most the number of keys written. Each key written is
    followed by a colon, right after its closing quote or after whitespace; each colon has
    one character before it. So the keys written are at most the colons in the text, and at
    most the colons after a quote or whitespace (``KEY_ENDS``): when ``kept`` equals either
    count, no key was dropped. Colons inside strings (times, URLs in a topic) are only in the
    first count, unless a space or an escaped quote stands before one. What neither count
    clears (an object inside a record, a repeated key) the caller reads again, object by
    object."""
    kept = 0
    stack = [data]
    while stack:  # the top level and any small mapping in it (settings)
        value = stack.pop()
        if type(value) is dict:
            kept += len(value)
            for item in value.values():
                if type(item) is dict:
                    stack.append(item)
                elif type(item) is list:
                    try:  # a section: a list of records (dict.__len__ refuses anything else)
                        kept += sum(map(dict.__len__, item))
                    except TypeError:
                        return False
    if kept == text.count(":"):
        return True
    after = 0  # the colons a key's can be: after a quote, or after whitespace
    for before in KEY_ENDS:
        after += text.count(before + ":")
        if after > kept:
            return False
    return after == kept


#: What may stand just before a key's colon: its closing quote, or JSON's whitespace.
KEY_ENDS = ('"', " ", "\n", "\r", "\t")


def _loads(text: str, source: str, duplicates: list[str] | None) -> Any:
    """The JSON text parsed, with any repeated key added to ``duplicates`` when given."""
    hook = None if duplicates is None else _unique_keys(duplicates)
    try:
        return json.loads(text, object_pairs_hook=hook)
    except json.JSONDecodeError as exc:
        raise DataError([Problem(source, "", f"not valid JSON: {exc.msg} (column {exc.colno})",
                                 exc.lineno)]) from None
    except RecursionError:
        raise DataError([Problem(source, "", "not valid JSON: nested too deeply")]) from None
    except ValueError:  # Python refuses integers of more than 4300 digits
        raise DataError([Problem(source, "", "not valid JSON: a number has more digits than "
                                 "any amount or count can")]) from None


def _unique_keys(duplicates: list[str]) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    duplicates.append(key)
                seen.add(key)
        return obj
    return unique_keys
