"""Named queries: headers parsed, parameters typed and bound (no server needed)."""

from __future__ import annotations

import datetime as dt

import pytest

from accountmap.cli.main import message_of
from accountmap.errors import NotFoundError, UsageError
from accountmap.store.queries import bind, query_info, query_names, query_text

TODAY = dt.date(2026, 6, 30)


def test_every_query_has_a_header_with_purpose_parameters_and_columns():
    for name in query_names():
        info = query_info(name)
        assert info.purpose and info.columns, name
        assert "dataset" in info.params, name
        assert query_text(name).startswith(f"// {name}:"), name


def test_parameters_are_converted_to_their_declared_types():
    info = query_info("contacts")
    values = bind(info, {"window_days": "30", "as_of": "2026-01-15"}, dataset="d", as_of=TODAY)
    assert values == {"dataset": "d", "as_of": dt.date(2026, 1, 15), "window_days": 30,
                      "max_owners": 3, "collision_days": 7, "max_company_owners": 5}


def test_dataset_and_as_of_default_to_the_dataset():
    values = bind(query_info("coverage"), {}, dataset="book", as_of=TODAY)
    assert values == {"dataset": "book", "as_of": TODAY, "fx": {}, "group": None,
                      "kind": None}


@pytest.mark.parametrize(("name", "given", "message"), [
    ("coverage", {"colour": "red"}, "has no parameter colour"),
    ("coverage", {"as_of": "yesterday"}, "parameter as_of must be a date"),
    ("threads", {"min_contacts": "two"}, "parameter min_contacts must be an integer"),
    ("stakeholders", {}, "needs --param account=... (string)"),
])
def test_bad_parameters_are_usage_errors(name, given, message):
    with pytest.raises(UsageError) as info:
        bind(query_info(name), given, dataset="d", as_of=TODAY)
    assert message in message_of(info.value)  # as the CLI words it


def test_query_names_are_checked():
    with pytest.raises(NotFoundError):
        query_text("../etc/passwd")
    with pytest.raises(NotFoundError, match="available: accounts"):
        query_text("nope")
