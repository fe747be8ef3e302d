"""Typing one section of a book: its plain records become typed records in chunks, and one
walk over each chunk takes what the cross-record rules of ``validate`` need.

A *walk* is what those rules read of a section, taken while a chunk of freshly typed records
is still in the processor's cache: the ids it defines, every value each reference field
names, and the list fields where some record lists an entry twice. With these, a good book
passes each rule in one step (a set against the known ids), and a rule walks the records
again only when its step finds something to word. A million touchpoints are then walked
once, not once per rule (each walk over them cold costs as much as pydantic's typing).

Problems of a record on its own (pydantic's) are worded here too, so the typing of a
section and its messages stay together.
"""

from __future__ import annotations

import functools
import operator
import typing
from collections import deque
from collections.abc import Iterable
from itertools import chain, compress, islice, repeat
from typing import Annotated, Any

from pydantic import TypeAdapter, ValidationError

from .errors import Problem
from .io import Locator, PathKey
from .model import CONTROL_CHARACTERS, ID_KINDS, ID_PATTERN, REFERENCES, SECTIONS, Record

_LIST_ADAPTERS: dict[str, TypeAdapter[list[Record]]] = {
    name: TypeAdapter(list[model]) for name, model in SECTIONS.items()}  # type: ignore[valid-type]

#: Records typed in one call of pydantic: small enough that the walk finds them in the cache;
#: with ``release``, each chunk's plain records go as soon as its typed ones exist, so a big
#: section never has two whole copies alive.
CHUNK = 512

#: List fields whose entries must not repeat.
REPEATED = {"stakeholders": ("knows", "roles"), "touchpoints": ("owners", "stakeholders")}

_ONE_OR_MORE = (1).__lt__  # len > 1


class Walk:
    """What the cross-record rules read of one section (see module docstring)."""

    def __init__(self, section: str, kind_of: dict[str, str]):
        self.kind = ID_KINDS.get(section)
        references = [r for r in REFERENCES if r.section == section]
        self.many = {r.field for r in references if r.many}
        #: reference field -> every value its records name (None among them when one is
        #: empty)
        self.named: dict[str, set[Any]] = {r.field: set() for r in references}
        self.repeat_fields = REPEATED.get(section, ())
        #: list fields where some record lists an entry twice
        self.repeats: set[str] = set()
        #: every id of the book's walks so far -> its kind (the last one's, when an id is
        #: used twice: ``validate`` words those from the records), shared by the walks; and
        #: how many of this section's records have an id
        self.kind_of = kind_of
        self.counted = 0
        #: a kind no reference may name (touchpoints) keeps its ids apart, in file order, and
        #: whether they ascend: they join ``kind_of`` only when a rule needs them (``validate``
        #: proves them unique without a million-entry table when they ascend)
        self.apart = self.kind is not None and self.kind not in NAMED_KINDS
        self.ids: list[str] = []
        self.ascending = True
        #: whether an id kept apart is in ``kind_of``, and how many ids ``kind_of`` held
        #: when the walk ended (when it holds more, the ids of later walks were not seen)
        self.clash = False
        self.known = 0
        #: one ``model_fields_set`` per set of fields (see ``_share``)
        self.shared: dict[frozenset[str], set[str]] = {}
        self.fields = list(dict.fromkeys(
            ["__pydantic_fields_set__", *(["id"] if self.kind else []), *self.named,
             *self.repeat_fields]))
        self._get = operator.attrgetter(*self.fields)

    def take(self, records: list[Record]) -> None:
        """Walk one chunk of typed records."""
        if not records:
            return
        columns: list[Any] = list(zip(*map(self._get, records), strict=True))
        self._share(records, columns[0])
        for name, column in zip(self.fields[1:], columns[1:], strict=True):
            if name == "id" and self.apart:
                self._keep_apart(column)
            elif name == "id" and self.kind:
                self.counted += len(column) - column.count(None)
                self.kind_of.update(dict.fromkeys(column, self.kind))
                self.kind_of.pop(None, None)  # type: ignore[call-overload]
            if name in self.many:
                self.named[name].update(chain.from_iterable(filter(None, column)))
            elif name in self.named:
                self.named[name].update(column)
            if name in self.repeat_fields and name not in self.repeats and _repeats(column):
                self.repeats.add(name)

    def _keep_apart(self, column: list[Any]) -> None:
        ids = [i for i in column if i is not None] if None in column else list(column)
        if ids and self.ascending:  # each after the one before, in C
            self.ascending = (not self.ids or self.ids[-1] < ids[0]) and all(
                map(operator.lt, ids, islice(ids, 1, None)))
        self.counted += len(ids)
        self.ids.extend(ids)
        self.clash = self.clash or not self.kind_of.keys().isdisjoint(ids)  # hashed while hot
        self.known = len(self.kind_of)

    def _share(self, records: list[Record], sets: list[set[str]]) -> None:
        """Let records that set the same fields share one ``model_fields_set`` (pydantic
        makes a set per record: 700 bytes, more than a touchpoint's values), in loops that run
        in C. Records are frozen, and pydantic copies the set before changing it
        (``model_copy``)."""
        same = map(self.shared.setdefault, map(frozenset, sets), sets)
        deque(map(object.__setattr__, records, repeat("__pydantic_fields_set__"), same),
              maxlen=0)

    def unique(self) -> bool:
        """Whether the ids kept apart are each used once among themselves."""
        return self.ascending or len(set(self.ids)) == len(self.ids)


#: The kinds some reference may name (the others' ids are kept apart by the walks).
NAMED_KINDS = frozenset(kind for r in REFERENCES for kind in r.kinds)


def _repeats(lists: list[Any]) -> bool:
    """Whether some list of the column lists an entry twice (in one step for all)."""
    if None in lists:
        lists = [v or () for v in lists]
    several = list(compress(lists, map(_ONE_OR_MORE, map(len, lists))))
    return sum(map(len, several)) != sum(map(len, map(set, several)))


def type_section(name: str, items: list[Any], loc: Locator, problems: list[Problem],
                 walk: Walk, release: bool) -> tuple[list[Record], list[int]]:
    """The typed records of one section and the index in the file of each, walked by
    ``walk``. A record that fails its own checks adds its problems and is kept as a partial
    one when it can be (so the cross-record rules still see its id and references)."""
    model, adapter = SECTIONS[name], _LIST_ADAPTERS[name]
    records: list[Record] = []
    positions: list[int] = []
    for start in range(0, len(items), CHUNK):
        chunk = items[start:start + CHUNK]
        try:
            typed = adapter.validate_python(chunk)
            positions.extend(range(start, start + len(chunk)))
        except ValidationError:  # record by record, to name each problem's record
            typed = []
            for index, item in enumerate(chunk, start):
                try:
                    typed.append(model.model_validate(item))
                except ValidationError as exc:
                    problems.extend(pydantic_problems(exc, (name, index), loc))
                    partial = _partial(model, item, exc)
                    if partial is None:
                        continue
                    typed.append(partial)
                positions.append(index)
        walk.take(typed)
        records.extend(typed)
        if release:
            items[start:start + len(chunk)] = [None] * len(chunk)
        del chunk
    return records, positions


@functools.cache
def _field_adapter(model: type[Record], name: str) -> TypeAdapter[Any]:
    """Validates one field of a record alone, by its declared type and constraints."""
    info = model.model_fields[name]
    annotation: Any = info.annotation
    if info.metadata:
        annotation = Annotated[(annotation, *info.metadata)]
    return TypeAdapter(annotation)


def _partial(model: type[Record], item: Any, exc: ValidationError) -> Record | None:
    """A record that failed its own checks, kept with only its valid fields (the rest None or
    default) so cross-record checks still see its id and references: every problem in one run.
    The dataset is never returned when this was needed, since a problem was already found."""
    if not isinstance(item, dict):
        return None
    bad = {err["loc"][0] for err in exc.errors() if err["loc"]}
    values = {}
    for k, v in item.items():
        if k in model.model_fields and k not in bad:
            try:  # kept only as its declared type says (a status as its enum, a list a list)
                values[k] = _field_adapter(model, k).validate_python(v)
            except ValidationError:
                continue
    for name, info in model.model_fields.items():
        if name not in values and info.is_required():
            values[name] = [] if typing.get_origin(info.annotation) is list else None
    return model.model_construct(**values)


def unknown_field(name: str, allowed: Iterable[str]) -> str:
    import difflib  # (imported when a field is unknown)

    close = difflib.get_close_matches(name, list(allowed), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown field '{name}'{hint}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def pydantic_problems(exc: ValidationError, prefix: PathKey, loc: Locator) -> list[Problem]:
    """pydantic's errors as problems, worded for the people who write books."""
    from .model import Dataset

    problems = []
    for err in exc.errors(include_url=False):
        path: PathKey = (*prefix, *err["loc"])
        kind = err["type"]
        if kind == "extra_forbidden":
            model = SECTIONS.get(str(prefix[0])) if prefix else Dataset
            allowed = list(model.model_fields) if model else []
            message = unknown_field(str(err["loc"][-1]), allowed)
        elif kind == "missing":
            message = "required field is missing"
        elif kind in ("model_type", "model_attributes_type", "dict_type"):
            message = f"must be a mapping of fields, not {_short(err['input'])}"
        elif kind == "string_type" and isinstance(err["input"], int | float):
            message = (f"must be text, not a number: quote it ('{err['input']}') so leading "
                       "zeros and digits stay as written")
        elif kind == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") \
                == ID_PATTERN:
            message = f"{CONTROL_CHARACTERS} (got {_short(err['input'])})"
        elif kind == "value_error" and "error" in err.get("ctx", {}):
            message = f"{err['ctx']['error']} (got {_short(err['input'])})"
        else:
            message = f"{err['msg'][0].lower()}{err['msg'][1:]} (got {_short(err['input'])})"
        problems.append(loc.problem(path, message))
    return problems
