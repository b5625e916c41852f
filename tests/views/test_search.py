"""Participant search by any spelling, and its autocomplete endpoint."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings import queries
from meetings.models import NameTerm, Person
from meetings.queries import search_people
from tests.factories import make_meeting, make_person

# The matches (for a one-word query, the most active carriers of the word first, then, when too few
# carry it, the similarity search), the ids of their latest roles (one index row each), those roles.
SEARCH_QUERIES = 4
AUTOCOMPLETE_QUERIES = 2


@pytest.fixture
def people(db):
    """Near-namesakes that compete for each query."""
    return {
        "almalik": make_person(name="Salim AlMalik"),
        "malik": make_person(name="Abdul Malik Khan"),
        "cavusoglu": make_person(name="Mevlüt Çavuşoğlu"),
        "bayramov": make_person(name="Jeyhun Bayramov"),
        "bayramova": make_person(name="Aynur Bayramova"),
        "lavrov": make_person(name="Sergey Lavrov"),
    }


def first_names(query: str) -> list[str]:
    return [match.name for match in search_people(query)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("Salim AlMalik", "Salim AlMalik"),
        ("Al-Malik", "Salim AlMalik"),
        ("al malik", "Salim AlMalik"),
        ("AlMalik", "Salim AlMalik"),
        ("Cavusoglu", "Mevlüt Çavuşoğlu"),
        ("mevlut cavusoglu", "Mevlüt Çavuşoğlu"),
        ("Bayramof", "Jeyhun Bayramov"),
        ("Jeyhun Bayramof", "Jeyhun Bayramov"),
        ("Лавров", "Sergey Lavrov"),
        ("Lavrov", "Sergey Lavrov"),
    ],
)
def test_search_people_finds_any_spelling(people, query, expected_first):
    assert first_names(query)[0] == expected_first


@pytest.mark.django_db
def test_search_people_surname_alone_ranks_by_closeness_then_meeting_count(people):
    Person.objects.filter(pk=people["bayramova"].pk).update(meeting_count=50)

    assert first_names("Bayramov")[:2] == ["Jeyhun Bayramov", "Aynur Bayramova"]


@pytest.mark.django_db
def test_search_people_ties_broken_by_meeting_count(db):
    quiet = make_person(name="Ali Hasanov")
    busy = make_person(name="Ali Hasanov", aliases=("A. Hasanov",))
    Person.objects.filter(pk=busy.pk).update(meeting_count=12)

    assert [match.id for match in search_people("Ali Hasanov")] == [busy.pk, quiet.pk]


@pytest.mark.django_db
def test_search_people_exact_key_ranks_first(people):
    matches = search_people("Salim Al Malik")

    assert (matches[0].name, matches[0].exact) == ("Salim AlMalik", True)


@pytest.mark.django_db
def test_search_people_excludes_merged(people):
    Person.objects.filter(pk=people["bayramova"].pk).update(merged_into=people["bayramov"])

    assert "Aynur Bayramova" not in first_names("Bayramova")


@pytest.mark.django_db
def test_search_people_reads_the_term_indexes(people):
    """Close terms come from the vocabulary's trigram index and their spellings from the term
    index. With only index conditions allowed (no sequential or whole-index scans: these tables are
    tiny here, and the planner would rightly read them whole), both must serve the statement."""
    with CaptureQueriesContext(connection) as captured:
        search_people("al malik")

    [query] = captured.captured_queries
    *settings, statement = query["sql"].split(";")
    assert len(settings) == 2 and all(setting.strip().startswith("SET LOCAL") for setting in settings)
    with connection.cursor() as cursor:
        for setting in settings:
            cursor.execute(setting)
        for scan in ("seqscan", "indexscan", "indexonlyscan"):
            cursor.execute(f"SET LOCAL enable_{scan} = off")
        cursor.execute(f"EXPLAIN {statement}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "name_term_trgm" in plan and "person_alias_terms" in plan, plan
    assert "Seq Scan on meetings_personalias" not in plan and "Seq Scan on meetings_nameterm" not in plan, (
        plan
    )


@pytest.mark.django_db(transaction=True)
def test_the_threshold_set_for_a_search_stays_with_its_statement():
    """Outside a transaction (requests are not atomic) the setting ends with the search's statement."""
    make_person(name="Jeyhun Bayramov")
    assert first_names("Bayramof") == ["Jeyhun Bayramov"]

    with connection.cursor() as cursor:
        cursor.execute("SELECT show_limit()")
        assert cursor.fetchone()[0] == pytest.approx(0.3)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("words", "terms"),
    [
        ("salim al malik", ["al", "almalik", "malik", "salim"]),
        ("abdul malik khan", ["abdul", "khan", "malik"]),
        ("yuki bin annioglu van de berg", ["annioglu", "berg", "bin", "binannioglu", "de", "deberg",
                                          "van", "vande", "yuki"]),
        ("lavrov", ["lavrov"]),
    ],
)  # fmt: skip
def test_name_terms_are_the_words_and_short_words_joined_to_the_next(db, words, terms):
    with connection.cursor() as cursor:
        cursor.execute("SELECT meetings_name_terms(%s)", [words])
        assert sorted(cursor.fetchone()[0]) == terms


@pytest.mark.django_db
def test_new_and_changed_spellings_add_their_terms(people):
    person = people["lavrov"]
    alias = person.aliases.create(name="Sergei ibn Lawrow")
    assert set(NameTerm.objects.filter(term__in=["sergei", "ibn", "ibnlawrow", "lawrow"]).values_list(
        "term", flat=True)) == {"sergei", "ibn", "ibnlawrow", "lawrow"}  # fmt: skip

    alias.name = "Sergej Lavroff"
    alias.save()
    assert NameTerm.objects.filter(term__in=["sergej", "lavroff"]).count() == 2
    assert first_names("Lavroff")[0] == "Sergey Lavrov"


@pytest.mark.django_db
def test_a_particle_written_apart_or_together_finds_the_same_person(db):
    apart = make_person(name="Yusuf van Makagui")
    together = make_person(name="Laila Vanmakagui")

    assert {match.id for match in search_people("Vanmakagui")[:2]} == {apart.pk, together.pk}
    assert {match.id for match in search_people("van Makagui")[:2]} == {apart.pk, together.pk}


@pytest.mark.django_db
def test_every_long_word_of_the_query_must_match(db):
    wanted = make_person(name="Zainab da Makaguic")
    make_person(name="Zainab Irbavaoglu")
    make_person(name="Olga Makaguic")

    assert [match.id for match in search_people("Zainab Makaguix")] == [wanted.pk]


@pytest.mark.django_db
def test_search_people_nothing_for_blank_or_unrelated(people):
    assert search_people("") == []
    assert search_people("-") == []
    assert first_names("Zzyzx Qwerty") == []


@pytest.mark.django_db
def test_search_page_lists_people_best_first(client, people):
    response = client.get("/search/", {"q": "al malik"})

    html = response.content.decode()
    assert response.status_code == 200
    assert [row["match"].name for row in response.context_data["results"]][0] == "Salim AlMalik"
    assert '<a class="search-result__name" href="/people/salim-almalik/">Salim AlMalik</a>' in html


@pytest.mark.django_db
def test_search_page_without_query_shows_the_box(client, db):
    response = client.get("/search/")

    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()
    assert response.context_data["results"] == []


@pytest.mark.django_db
def test_autocomplete_returns_json(client, people):
    response = client.get("/search/autocomplete/", {"q": "bayramof"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["query"] == "bayramof"
    assert data["results"][0] == {
        "name": "Jeyhun Bayramov",
        "slug": "jeyhun-bayramov",
        "url": "/people/jeyhun-bayramov/",
        "meetings": 0,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("item_count", [1, 3])
def test_search_query_budgets(client, django_assert_num_queries, item_count):
    for index in range(item_count):
        person = make_person(name=f"Budget Bayramov{'a' * index}")
        make_meeting(participants=[(person, "AZ", None)])

    with django_assert_num_queries(SEARCH_QUERIES):
        page = client.get("/search/", {"q": "Bayramov"})
    with django_assert_num_queries(AUTOCOMPLETE_QUERIES):
        suggestions = client.get("/search/autocomplete/", {"q": "Bayramov"})

    assert len(page.context_data["results"]) == item_count
    assert len(suggestions.json()["results"]) == item_count


@pytest.mark.django_db
def test_autocomplete_short_prefix_suggests_word_beginnings_most_active_first(client):
    from meetings.models import Person

    quiet = make_person(name="Jeyhun Bayramov")
    busy = make_person(name="Ayla Bayar")
    make_person(name="Sabaya Nour")  # "bay" inside a word, not at its start
    Person.objects.filter(pk=busy.pk).update(meeting_count=9)

    names = [row["name"] for row in client.get("/search/autocomplete/", {"q": "Bay"}).json()["results"]]

    assert names == ["Ayla Bayar", quiet.name]


@pytest.mark.django_db
def test_autocomplete_ranking_finds_the_people_a_word_start_like_finds(monkeypatch):
    """The ranking's one regular expression, "(^| )prefix", finds exactly the people that
    "words LIKE 'prefix%' OR words LIKE '% prefix%'" finds, in the same order."""
    from django.db.models import Q

    from meetings.models import PersonAlias

    for index, name in enumerate(
        [
            "Abdul Malik Khan",
            "Salim Al Malik",
            "Malika Noor",
            "Kamal Ikram",
            "Jan van Maldeghem",
            "Li Ma",
            "Ma Zhaoxu",
            "Amal Malikov",
            "Ana Mal.ik",
            "O'Malley Grace",
        ]  # fmt: skip
    ):
        person = make_person(name=name)
        Person.objects.filter(pk=person.pk).update(meeting_count=index % 4)
    merged = make_person(name="Malik Merged")
    Person.objects.filter(pk=merged.pk).update(merged_into=Person.objects.first())
    monkeypatch.setattr(queries, "PREFIX_SCAN", 0)  # always the full ranking

    for prefix in ["ma", "mal", "mali", "al ma", "li ma", "ma z", "o", "omal", "mal.i", "x"]:
        words = " ".join(queries.name_words(prefix))
        assert len(words.replace(" ", "")) < queries.PREFIX_SEARCH_BELOW  # a prefix, not a search
        expected = (
            PersonAlias.objects.filter(Q(words__startswith=words) | Q(words__contains=" " + words))
            .filter(person__merged_into__isnull=True)
            .values_list("person_id", flat=True)
            .distinct()
        )
        ranked = queries.suggest_people(prefix, limit=100)
        assert sorted(match.id for match in ranked) == sorted(expected), prefix
        assert [m.meeting_count for m in ranked] == sorted((m.meeting_count for m in ranked), reverse=True)
    assert [m.name for m in queries.suggest_people("mal", limit=100)].count("Malik Merged") == 0


@pytest.fixture
def hassans(db):
    """More carriers of a first name than one page of results, with ties, an exact one-word alias,
    a merged duplicate and near-spellings that must rank below them."""
    people = []
    for index in range(24):
        person = make_person(name=f"Hassan Surname{chr(ord('a') + index)}")
        Person.objects.filter(pk=person.pk).update(meeting_count=index % 6)
        people.append(person)
    mononym = make_person(name="Hassan")
    # The same key written as two words: exact too, but less close as words, so it ranks after
    # the one-word spelling however active it is.
    spaced = make_person(name="Has San")
    Person.objects.filter(pk=spaced.pk).update(meeting_count=40)
    merged = make_person(name="Hassan Duplicate")
    Person.objects.filter(pk=merged.pk).update(meeting_count=99, merged_into=people[0])
    typo = make_person(name="Hasan Busy")
    Person.objects.filter(pk=typo.pk).update(meeting_count=50)
    alias_only = make_person(name="Abu Karim", aliases=("Hassan Abu Karim",))
    Person.objects.filter(pk=alias_only.pk).update(meeting_count=7)
    return {"mononym": mononym, "spaced": spaced, "merged": merged, "typo": typo, "alias_only": alias_only}


@pytest.mark.django_db
@pytest.mark.parametrize("limit", [20, 5, 1])
def test_a_common_word_ranks_exactly_as_the_similarity_search_does(hassans, limit):
    with CaptureQueriesContext(connection) as captured:
        fast = search_people("Hassan", limit=limit)

    assert len(captured.captured_queries) == 1  # settled by the most active carriers
    assert fast == queries._similar_people("hassan", "hassan", limit=limit)
    assert fast[0].id == hassans["mononym"].pk and fast[0].exact
    if limit > 2:
        assert fast[1].id == hassans["spaced"].pk and fast[1].exact
        assert fast[2].id == hassans["alias_only"].pk  # meeting count 7, through an alias
    assert hassans["merged"].pk not in [match.id for match in fast]
    assert hassans["typo"].pk not in [match.id for match in fast]


@pytest.mark.django_db
def test_too_few_carriers_leave_the_ranking_to_the_similarity_search(hassans, monkeypatch):
    monkeypatch.setattr(queries, "COMMON_WORD_SCAN", 10)  # the ten most active people: too few carry it

    with CaptureQueriesContext(connection) as captured:
        found = search_people("Hassan")

    assert len(captured.captured_queries) == 2
    assert found == queries._similar_people("hassan", "hassan", limit=20)
    assert [match.id for match in search_people("Hasan")][0] == hassans["typo"].pk


@pytest.mark.django_db
def test_a_common_word_search_page_keeps_its_budget(client, hassans, django_assert_max_num_queries):
    with django_assert_max_num_queries(SEARCH_QUERIES - 1):
        response = client.get("/search/", {"q": "hassan"})

    assert [row["match"].name for row in response.context_data["results"]][:3] == [
        "Hassan",
        "Has San",
        "Abu Karim",
    ]


@pytest.mark.django_db
def test_the_walk_is_skipped_when_none_of_the_very_most_active_carry_the_word(hassans, monkeypatch):
    monkeypatch.setattr(queries, "COMMON_WORD_PROBE", 1)  # the most active is "Hasan Busy"

    with CaptureQueriesContext(connection) as captured:
        found = search_people("Hassan")

    assert len(captured.captured_queries) == 2
    assert found == queries._similar_people("hassan", "hassan", limit=20)


def test_autocomplete_from_the_most_active_people_is_the_full_ranking(db, monkeypatch):
    """Suggestions found by walking the most active people (queries.PREFIX_SCAN) are the ones the
    ranking of every matching spelling gives, for common and rare prefixes alike."""
    import io

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from meetings import queries
    from meetings.models import Person

    call_command("generate_archive", "--meetings", "2000", "--seed", "23", stdout=io.StringIO())
    names = Person.objects.order_by("-meeting_count", "pk").values_list("name", flat=True)[:40]
    prefixes = sorted({word[:length] for name in names for word in name.split() for length in (2, 3, 4)})
    busiest_first_name = names[0].split()[0][:4]

    def suggested(prefix: str) -> tuple[list[tuple[int, str, int]], int]:
        with CaptureQueriesContext(connection) as captured:
            found = queries.suggest_people(prefix, limit=8)
        return [(match.id, match.name, match.meeting_count) for match in found], len(captured)

    walked = {prefix: suggested(prefix) for prefix in prefixes}
    monkeypatch.setattr(queries, "PREFIX_SCAN", 0)  # never found by the walk: the full ranking
    ranked = {prefix: suggested(prefix)[0] for prefix in prefixes}

    assert {prefix: found for prefix, (found, _) in walked.items()} == ranked
    assert walked[busiest_first_name][1] == 1  # found by the walk: one statement
    assert any(queries_run == 2 for _, queries_run in walked.values())  # and some were not


@pytest.mark.django_db
def test_a_long_query_requires_only_its_longest_words(people):
    with CaptureQueriesContext(connection) as captured:
        found = first_names("Jeyhun Bayramov " + " ".join(["Aliyevich"] * 3) + " Extraname Anotherword")

    assert (
        captured.captured_queries[-1]["sql"].count("FROM meetings_nameterm")
        == queries.MOST_REQUIRED_WORDS + 1
    )
    assert found == []  # nobody holds all four longest words, and no term resembles them all joined
