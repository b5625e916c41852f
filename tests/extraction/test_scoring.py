from meetings.extraction.scoring import format_report, match_meetings, names_match, score


def person(name, country=None, org=None, title=None, aliases=(), role="principal"):
    return {
        "name": name,
        "aliases": list(aliases),
        "country": country,
        "organization": org,
        "title": title,
        "role": role,
    }


def meeting(people, countries=(), orgs=(), date="2023-11-13", location="AZ", kind="in_person"):
    return {
        "kind": kind,
        "date": date,
        "location": {"place": None, "country": location} if location else None,
        "participants": people,
        "countries": list(countries),
        "organizations": list(orgs),
    }


def test_scoring_names_match_rules():
    assert names_match("al Malik", "Al-Malik")
    assert names_match("Salim AlMalik", "Salim bin Mohammed AlMalik")
    assert names_match("Bayramov", "Jeyhun Bayramov", ["Bayramov"])
    assert not names_match("Bayramov", "Jeyhun Bayramov")
    assert not names_match("Salim Mohammed", "Salim bin Mohammed AlMalik")


def test_scoring_matching_is_one_to_one_by_shared_principals():
    gold = [meeting([person("Ann Lee"), person("Bo Kim")]), meeting([person("Ann Lee"), person("Cy Park")])]
    predicted = [meeting([person("Ann Lee"), person("Cy Park")])]
    assert match_meetings(gold, predicted) == [(1, 0)]


def test_scoring_perfect_prediction():
    gold = {
        "meetings": [
            meeting(
                [
                    person("Ann Lee", "KR", title="Foreign Minister"),
                    person("Bo Ford", None, "ICESCO", "Director-General"),
                ],
                ["KR"],
                [
                    {
                        "name": "Islamic World Educational, Scientific and Cultural Organization",
                        "acronym": "ICESCO",
                    }
                ],
            )
        ]
    }
    predicted = {
        "meetings": [
            meeting(
                [
                    person("Ann Lee", "KR", title="Minister"),
                    person("Bo Ford", None, "ICESCO", "Director-General"),
                ],
                ["KR"],
                ["ICESCO"],
            )
        ]
    }
    metrics = score([(gold, predicted)])
    assert {
        k: metrics[k]
        for k in (
            "meetings_f1",
            "principals_f1",
            "affiliation_accuracy",
            "title_accuracy",
            "countries_f1",
            "organizations_f1",
            "date_accuracy",
            "location_accuracy",
            "kind_accuracy",
        )
    } == dict.fromkeys(
        (
            "meetings_f1",
            "principals_f1",
            "affiliation_accuracy",
            "title_accuracy",
            "countries_f1",
            "organizations_f1",
            "date_accuracy",
            "location_accuracy",
            "kind_accuracy",
        ),
        1.0,
    )


def test_scoring_negative_article_counts_false_positives():
    predicted = {"meetings": [meeting([person("Ann Lee"), person("Bo Kim")])]}
    metrics = score([({"meetings": []}, predicted)])
    assert (metrics["meetings_precision"], metrics["meetings_recall"], metrics["predicted_meetings"]) == (
        0.0,
        1.0,
        1.0,
    )


def test_scoring_wrong_affiliation_and_date():
    gold = {"meetings": [meeting([person("Ann Lee", "KR"), person("Bo Kim", "JP")], ["KR", "JP"])]}
    predicted = {
        "meetings": [
            meeting([person("Ann Lee", "KR"), person("Bo Kim", "CN")], ["KR", "CN"], date="2023-11-12")
        ]
    }
    metrics = score([(gold, predicted)])
    assert (metrics["affiliation_accuracy"], metrics["countries_f1"], metrics["date_accuracy"]) == (
        0.5,
        0.5,
        0.0,
    )


def test_scoring_report_has_every_metric():
    report = format_report(score([]))
    assert all(
        word in report
        for word in ("meetings", "principals", "affiliation", "title", "date", "location", "kind")
    )
