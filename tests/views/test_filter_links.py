"""The links that add or remove one filter value (facets): batched and one by one agree."""

import pytest

from meetings.filters import toggle_queries, toggle_query

PARAMS = [
    {},
    {"country": ["az"]},
    {"country": ["az", "ma"], "topic": ["energy"]},
    {"q": ["al malik & co"], "kind": ["phone_call"], "year": ["2023"]},
    {"topic": ["energy"], "country": ["az"], "sort": ["date"], "date_after": ["2020-01-01"]},
]


@pytest.mark.parametrize("params", PARAMS)
@pytest.mark.parametrize("name", ["country", "topic", "kind", "year", "organization"])
def test_batched_toggle_links_are_the_single_ones(params, name):
    values = ["az", "ma", "energy", "phone_call", "2023", "ünïcode/&?", "x y"]

    assert toggle_queries(params, name, values) == [toggle_query(params, name, value) for value in values]


def test_a_toggle_link_keeps_the_order_of_the_other_parameters():
    params = {"topic": ["energy"], "country": ["az"], "kind": ["visit"]}

    assert toggle_queries(params, "country", ["az", "ma"]) == [
        ("?topic=energy&kind=visit", True),
        ("?topic=energy&country=az&country=ma&kind=visit", False),
    ]
    assert toggle_queries({}, "year", ["2023"]) == [("?year=2023", False)]
    assert toggle_queries({"year": ["2023"]}, "year", ["2023"]) == [("", True)]
