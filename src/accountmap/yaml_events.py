"""A YAML book built in one pass over libyaml's events: the fast path of reading YAML.

``build(text)`` gives the document's data, with the depth guard, when the text uses only
what books use: block or flow mappings and sequences of scalars, plain or quoted, with
unique scalar keys. Plain scalars read as the house loader reads them (``io._Loader``:
decimal integers and floats, true/false, null; dates and everything else stay text). It
gives ``FALLBACK`` for anything else (a tag, an anchor or alias, a merge key, a duplicate or
non-scalar key, nesting deeper than the limit, a second document, a syntax error): the
caller then reads the text the careful way (node by node, with line numbers), which says
what is wrong where. Line numbers are not worked out here; the caller works them out when a
problem needs one.
"""

from __future__ import annotations

from typing import Any, Final

import yaml

#: What ``build`` gives when the careful reader must decide.
FALLBACK: Final = object()

_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_BOOL, _NULL = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"
_SPECIAL_FLOATS = {".inf": float("inf"), "+.inf": float("inf"), "-.inf": float("-inf"),
                   ".nan": float("nan")}


def _plain(loader: Any, value: str) -> Any:
    tag = loader.resolve(yaml.ScalarNode, value, (True, False))
    if tag == _INT:
        return int(value)
    if tag == _FLOAT:
        special = _SPECIAL_FLOATS.get(value.lower())
        return special if special is not None else float(value)
    if tag == _BOOL:
        return value.lower() == "true"
    if tag == _NULL:
        return None
    return value


def build(text: str, loader_class: Any, max_depth: int) -> Any:
    """The data of ``text`` (see module docstring), or ``FALLBACK``."""
    loader = loader_class(text)
    try:
        return _build(loader, max_depth)
    except yaml.YAMLError:
        return FALLBACK
    finally:
        loader.dispose()


def _build(loader: Any, max_depth: int) -> Any:  # noqa: C901 (one loop over the events)
    stack: list[Any] = []  # open collections
    keys: list[Any] = []  # per open mapping: the key waiting for its value (or FALLBACK)
    root: Any = None
    documents = 0
    scalar, mapping_start, sequence_start = (yaml.ScalarEvent, yaml.MappingStartEvent,
                                             yaml.SequenceStartEvent)
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    while loader.check_event():
        event = loader.get_event()
        kind = type(event)
        if kind is scalar:
            if event.anchor is not None:
                return FALLBACK
            implicit = event.implicit
            if implicit[0]:
                value = _plain(loader, event.value)
            elif implicit[1]:
                value = event.value
            else:
                return FALLBACK  # an explicit tag
        elif kind is mapping_start or kind is sequence_start:
            if event.anchor is not None or (event.tag is not None and not event.implicit):
                return FALLBACK
            if len(stack) >= max_depth:
                return FALLBACK
            value = {} if kind is mapping_start else []
        elif kind in ends:  # the collection was placed when it started
            done = stack.pop()
            if isinstance(done, dict) and keys.pop() is not FALLBACK:
                return FALLBACK  # a key without its value: not expected
            if not stack:
                root = done
            continue
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                return FALLBACK
            continue
        elif kind is yaml.AliasEvent:
            return FALLBACK
        else:  # stream and document ends
            continue
        # place ``value`` in the open collection (or as the root)
        if not stack:
            if kind is mapping_start or kind is sequence_start:
                stack.append(value)
                if kind is mapping_start:
                    keys.append(FALLBACK)
                continue
            root = value
            continue
        parent = stack[-1]
        if isinstance(parent, list):
            parent.append(value)
        else:
            key = keys[-1]
            if key is FALLBACK:  # ``value`` is a key
                if kind is not scalar or value == "<<" or value in parent:
                    return FALLBACK  # a collection as key, a merge key, a duplicate
                try:
                    hash(value)
                except TypeError:
                    return FALLBACK
                keys[-1] = value
                continue
            parent[key] = value
            keys[-1] = FALLBACK
        if kind is mapping_start:
            stack.append(value)
            keys.append(FALLBACK)
        elif kind is sequence_start:
            stack.append(value)
    return root
