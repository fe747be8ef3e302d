"""A small evaluator of the Cypher that the rule fragments use (src/accountmap/rules.py), so
their truth tables are checked against their Python twins without a server.

It reads expressions (OR, AND, NOT, comparisons, IS [NOT] NULL, +, property access, literals,
$parameters, CASE WHEN ... THEN ... ELSE ... END, coalesce(), size(), EXISTS { [MATCH]
pattern [WHERE expr] }, pattern comprehensions [pattern [WHERE expr] | expr]) and MATCH
patterns (nodes with labels, relationships with types, direction and *min..max), with
Cypher's null logic: a comparison with null is null, AND/OR/NOT are three-valued, WHERE and
CASE WHEN keep only true. Anything else is a SyntaxError, so a fragment that grows beyond it
is noticed, not misread.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

_TOKEN = re.compile(r"""\s*(?:
    (?P<param>\$\w+) | (?P<string>'[^']*') | (?P<float>\d+\.\d+) | (?P<number>\d+(?!\.\d)) |
    (?P<op><=|>=|<>|->|<-(?=\[)|\.\.|[()\[\]{}:,.|*=<>+-]) | (?P<word>\w+))""", re.X)


def tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise SyntaxError(f"cannot read {text[pos:pos + 20]!r}")
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


@dataclass
class Node:
    labels: set[str]
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class Graph:
    nodes: dict[str, Node] = field(default_factory=dict)
    rels: list[tuple[str, str, str, dict[str, Any]]] = field(default_factory=list)

    def node(self, key: str, *labels: str, **props: Any) -> str:
        self.nodes[key] = Node(set(labels), props)
        return key

    def rel(self, start: str, rtype: str, end: str, **props: Any) -> None:
        self.rels.append((start, rtype, end, props))


@dataclass
class NodePat:
    var: str | None
    labels: list[str]


@dataclass
class RelPat:
    types: list[str]
    outgoing: bool  # (a)-[]->(b) when True, (a)<-[]-(b) when False
    low: int = 1
    high: int | None = 1


class Evaluator:
    def __init__(self, graph: Graph, params: dict[str, Any]) -> None:
        self.graph, self.params = graph, params

    # -- parsing and evaluating in one pass over tokens ------------------------------------
    def evaluate(self, text: str, env: dict[str, Any]) -> Any:
        self.toks, self.i = tokens(text), 0
        value = self._expr(env)
        if self.i != len(self.toks):
            raise SyntaxError(f"unread: {self.toks[self.i:]}")
        return value

    def matches(self, pattern: str, env: dict[str, Any]) -> list[dict[str, Any]]:
        """Every binding of a MATCH pattern's variables (given ones fixed by ``env``)."""
        self.toks, self.i = tokens(pattern), 0
        pat = self._pattern()
        if self.i != len(self.toks):
            raise SyntaxError(f"unread: {self.toks[self.i:]}")
        return list(self._match(pat, env))

    def _peek(self, k: int = 0) -> str:
        j = self.i + k
        return self.toks[j][1] if j < len(self.toks) else ""

    def _word(self, *words: str) -> bool:
        if self._peek().upper() in words and self.toks[self.i][0] == "word":
            self.i += 1
            return True
        return False

    def _take(self, value: str) -> None:
        if self._peek() != value:
            raise SyntaxError(f"expected {value!r} at {self.toks[self.i:self.i + 4]}")
        self.i += 1

    def _expr(self, env: dict[str, Any]) -> Any:
        left = self._and(env)
        while self._word("OR"):
            right = self._and(env)
            left = True if True in (left, right) else None if None in (left, right) else False
        return left

    def _and(self, env: dict[str, Any]) -> Any:
        left = self._not(env)
        while self._word("AND"):
            right = self._not(env)
            left = False if False in (left, right) else None if None in (left, right) else True
        return left

    def _not(self, env: dict[str, Any]) -> Any:
        if self._word("NOT"):
            value = self._not(env)
            return None if value is None else not value
        return self._comparison(env)

    def _comparison(self, env: dict[str, Any]) -> Any:
        left = self._additive(env)
        if self._word("IS"):
            negate = self._word("NOT")
            if not self._word("NULL"):
                raise SyntaxError("IS without NULL")
            return (left is not None) if negate else (left is None)
        op = self._peek()
        if op in ("=", "<>", "<", "<=", ">", ">="):
            self.i += 1
            right = self._additive(env)
            if left is None or right is None:
                return None
            return {"=": left == right, "<>": left != right, "<": left < right,
                    "<=": left <= right, ">": left > right, ">=": left >= right}[op]
        return left

    def _additive(self, env: dict[str, Any]) -> Any:
        left = self._multiplicative(env)
        while self._peek() == "+":
            self.i += 1
            right = self._multiplicative(env)
            left = None if left is None or right is None else left + right
        return left

    def _multiplicative(self, env: dict[str, Any]) -> Any:
        left = self._postfix(env)
        while self._peek() == "*":
            self.i += 1
            right = self._postfix(env)
            left = None if left is None or right is None else left * right
        return left

    def _postfix(self, env: dict[str, Any]) -> Any:
        value = self._primary(env)
        while self._peek() in (".", "["):
            if self._peek() == "[":  # a map's value by key: $fx[x.currency]
                self.i += 1
                key = self._expr(env)
                self._take("]")
                value = None if value is None or key is None else value.get(key)
                continue
            self.i += 1
            name = self.toks[self.i][1]
            self.i += 1
            if value is not None:
                props = value.props if isinstance(value, Node) else value
                value = props.get(name)
        return value

    def _primary(self, env: dict[str, Any]) -> Any:
        kind, tok = self.toks[self.i]
        if kind == "param":
            self.i += 1
            return self.params[tok[1:]]
        if kind == "string":
            self.i += 1
            return tok[1:-1]
        if kind == "number":
            self.i += 1
            return int(tok)
        if kind == "float":
            self.i += 1
            return float(tok)
        if tok == "(":
            self.i += 1
            value = self._expr(env)
            self._take(")")
            return value
        if tok == "[":
            return self._comprehension(env)
        upper = tok.upper()
        if upper in ("TRUE", "FALSE", "NULL"):
            self.i += 1
            return {"TRUE": True, "FALSE": False, "NULL": None}[upper]
        if upper == "CASE":
            return self._case(env)
        if upper == "EXISTS" and self._peek(1) == "{":
            self.i += 2
            self._word("MATCH")
            pat = self._pattern()
            found = self._filtered(pat, env)
            self._take("}")
            return bool(found)
        if kind == "word" and self._peek(1) == "(":
            return self._function(env)
        if kind == "word":
            self.i += 1
            if tok not in env:
                raise SyntaxError(f"unbound variable {tok}")
            return env[tok]
        raise SyntaxError(f"unexpected {tok!r}")

    def _function(self, env: dict[str, Any]) -> Any:
        name = self.toks[self.i][1].lower()
        self.i += 2
        args = [self._expr(env)]
        while self._peek() == ",":
            self.i += 1
            args.append(self._expr(env))
        self._take(")")
        if name == "coalesce":
            return next((a for a in args if a is not None), None)
        if name == "size":
            return None if args[0] is None else len(args[0])
        if name == "round":
            return None if args[0] is None else round(args[0], args[1] if len(args) > 1 else 0)
        raise SyntaxError(f"unknown function {name}")

    def _case(self, env: dict[str, Any]) -> Any:
        self.i += 1
        result, decided = None, False
        while self._word("WHEN"):
            cond = self._expr(env)
            if not self._word("THEN"):
                raise SyntaxError("WHEN without THEN")
            value = self._expr(env)
            if not decided and cond is True:
                result, decided = value, True
        if self._word("ELSE"):
            value = self._expr(env)
            if not decided:
                result = value
        if not self._word("END"):
            raise SyntaxError("CASE without END")
        return result

    def _comprehension(self, env: dict[str, Any]) -> Any:
        self._take("[")
        pat = self._pattern()
        bindings = self._filtered(pat, env)
        self._take("|")
        start = self.i
        out = []
        for b in bindings:
            self.i = start
            out.append(self._expr(b))
        if not bindings:  # read the projection once to move past it
            self._expr({**env, **{v: None for v in self._vars(pat)}})
        self._take("]")
        return out

    def _filtered(self, pat: list[Any], env: dict[str, Any]) -> list[dict[str, Any]]:
        """The pattern's bindings, with an optional WHERE applied (read once per binding)."""
        bindings = list(self._match(pat, env))
        if not self._word("WHERE"):
            return bindings
        start, kept, end = self.i, [], None
        for b in bindings or [{**env, **{v: None for v in self._vars(pat)}}]:
            self.i = start
            ok = self._expr(b)
            end = self.i
            if bindings and ok is True:
                kept.append(b)
        self.i = end if end is not None else self.i
        return kept

    @staticmethod
    def _vars(pat: list[Any]) -> list[str]:
        return [p.var for p in pat if isinstance(p, NodePat) and p.var]

    # -- patterns ---------------------------------------------------------------------------
    def _pattern(self) -> list[Any]:
        parts: list[Any] = [self._node()]
        while self._peek() in ("-", "<-"):
            parts += [self._rel(), self._node()]
        return parts

    def _node(self) -> NodePat:
        self._take("(")
        var = None
        if self.toks[self.i][0] == "word":
            var = self.toks[self.i][1]
            self.i += 1
        labels = []
        while self._peek() == ":":
            self.i += 1
            labels.append(self.toks[self.i][1])
            self.i += 1
        self._take(")")
        return NodePat(var, labels)

    def _rel(self) -> RelPat:
        incoming = self._peek() == "<-"
        self.i += 1
        self._take("[")
        types: list[str] = []
        if self._peek() == ":":
            self.i += 1
            types.append(self.toks[self.i][1])
            self.i += 1
            while self._peek() == "|":
                self.i += 1
                types.append(self.toks[self.i][1])
                self.i += 1
        low, high = 1, 1
        if self._peek() == "*":
            self.i += 1
            low, high = 1, None
            if self.toks[self.i][0] == "number":
                low = int(self.toks[self.i][1])
                self.i += 1
            self._take("..")
            if self.toks[self.i][0] == "number":
                high = int(self.toks[self.i][1])
                self.i += 1
        self._take("]")
        self._take("-" if incoming else "->")
        return RelPat(types, not incoming, low, high)

    def _fits(self, key: str, pat: NodePat, env: dict[str, Any]) -> bool:
        node = self.graph.nodes[key]
        if pat.var and pat.var in env and env[pat.var] is not node:
            return False
        return set(pat.labels) <= node.labels

    def _steps(self, key: str, rel: RelPat) -> Iterator[str]:
        """Nodes reachable from ``key`` over ``rel`` (variable length: every distinct end)."""
        frontier, seen_ends = [(key, 0, frozenset[int]())], set()
        while frontier:
            here, depth, used = frontier.pop()
            if depth >= rel.low and here not in seen_ends:
                seen_ends.add(here)
                yield here
            if rel.high is not None and depth >= rel.high:
                continue
            for n, (a, t, b, _) in enumerate(self.graph.rels):
                if n in used or (rel.types and t not in rel.types):
                    continue
                if rel.outgoing and a == here:
                    frontier.append((b, depth + 1, used | {n}))
                elif not rel.outgoing and b == here:
                    frontier.append((a, depth + 1, used | {n}))

    def _match(self, pat: list[Any], env: dict[str, Any]) -> Iterator[dict[str, Any]]:
        first: NodePat = pat[0]
        for key in self.graph.nodes:
            if self._fits(key, first, env):
                yield from self._extend(pat, 1, key, self._bind(env, first, key))

    def _bind(self, env: dict[str, Any], pat: NodePat, key: str) -> dict[str, Any]:
        return {**env, pat.var: self.graph.nodes[key]} if pat.var else env

    def _extend(self, pat: list[Any], at: int, key: str,
                env: dict[str, Any]) -> Iterator[dict[str, Any]]:
        if at >= len(pat):
            yield env
            return
        rel, node = pat[at], pat[at + 1]
        for nxt in self._steps(key, rel):
            if self._fits(nxt, node, env):
                yield from self._extend(pat, at + 2, nxt, self._bind(env, node, nxt))
