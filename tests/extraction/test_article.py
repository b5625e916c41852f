"""A whole article in our own words, in the manner of an agency report."""

import datetime as dt

ARTICLE = """date 2024-03-05

Kazakhstan's Minister of Foreign Affairs Aibek Nurlanov has met with Secretary-General of the Organization of Turkic States (OTS) Kubanych Omurov as part of his working visit to the Republic of Türkiye, Kazinform reports.

Minister Aibek Nurlanov praised the growing role of the OTS in the Turkic world. The minister noted that Kazakhstan attaches great importance to transport links across the Caspian Sea.

The sides discussed preparations for the next summit of the organization.

OTS Secretary-General Kubanych Omurov recalled his visit to Astana in January and thanked Nurlanov for the support.

Following the meeting, FM Nurlanov signed the Organization's guest book.
"""


def test_article_one_meeting_with_minister_and_secretary_general(run):
    meetings = run(ARTICLE, published=dt.date(2024, 3, 5), source="Kazinform")
    assert len(meetings) == 1
    m = meetings[0]
    assert [
        (p["name"], p["aliases"], p["title"], p["country"], p["organization"], p["role"])
        for p in m["participants"]
    ] == [
        ("Aibek Nurlanov", ["Nurlanov"], "Minister of Foreign Affairs", "KZ", None, "principal"),
        ("Kubanych Omurov", [], "Secretary-General", None, "OTS", "principal"),
    ]
    assert (m["date"], m["location"]["country"], m["countries"], m["organizations"]) == (
        "2024-03-05",
        "TR",
        ["KZ"],
        [{"name": "Organization of Turkic States", "acronym": "OTS"}],
    )
