"""The vocabulary of name terms that participant search looks typos up in.

`meetings_name_terms(words)` gives the terms of a spelling's folded words: each word, and each
word of up to three letters joined to the next, so that "al malik" is also found as "almalik"
(particles are short: al, el, bin, ibn, abu, van, von, de, da, dos). Spellings are indexed on it,
and `meetings_nameterm` holds every term once, with a trigram index. A search finds the terms
close to each word it was given, then the spellings that hold them: both small index lookups,
where a trigram search over two million spellings read the long posting lists of common trigrams.

A statement-level trigger adds the terms of new and changed spellings. Terms are never removed:
one that no spelling holds any more only matches nothing.

The whole-key trigram index goes: nothing searches keys by similarity any more.
"""

import django.contrib.postgres.indexes
from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models

# IMMUTABLE, and only pg_catalog functions: an index is built on it, and a restore runs it with an
# empty search_path.
NAME_TERMS_FUNCTION = """
CREATE FUNCTION meetings_name_terms(words text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(pg_catalog.array_agg(DISTINCT term), '{}')
    FROM (
        SELECT parts[i] AS term
        FROM (SELECT pg_catalog.string_to_array(words, ' ') AS parts) AS split,
             pg_catalog.generate_series(1, pg_catalog.cardinality(parts)) AS i
        UNION ALL
        SELECT parts[i] || parts[i + 1]
        FROM (SELECT pg_catalog.string_to_array(words, ' ') AS parts) AS split,
             pg_catalog.generate_series(1, pg_catalog.cardinality(parts) - 1) AS i
        WHERE pg_catalog.length(parts[i]) <= 3
    ) AS terms
    WHERE term <> ''
$$;
"""

ADD_TERMS = """
INSERT INTO meetings_nameterm (term)
    SELECT DISTINCT term FROM {rows}, unnest(meetings_name_terms(words)) AS term
    ORDER BY term  -- one order in every statement (ingest's writers also queue on its matching lock)
    ON CONFLICT (term) DO NOTHING;
"""

TRIGGERS = (
    """
CREATE FUNCTION meetings_name_terms_of_new_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
"""
    + ADD_TERMS.format(rows="new_rows")
    + """
    RETURN NULL;
END $$;

CREATE TRIGGER name_terms_on_insert AFTER INSERT ON meetings_personalias
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION meetings_name_terms_of_new_rows();
CREATE TRIGGER name_terms_on_update AFTER UPDATE ON meetings_personalias
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION meetings_name_terms_of_new_rows();
"""
)

DROP_TRIGGERS = """
DROP TRIGGER IF EXISTS name_terms_on_insert ON meetings_personalias;
DROP TRIGGER IF EXISTS name_terms_on_update ON meetings_personalias;
DROP FUNCTION IF EXISTS meetings_name_terms_of_new_rows();
"""


class Migration(migrations.Migration):
    # The spellings' term index is built concurrently, outside a transaction, like every index added
    # to a big table (tests/foundation/test_migrations.py).
    atomic = False

    dependencies = [
        ("meetings", "0015_export_lines"),
    ]

    operations = [
        migrations.RunSQL(NAME_TERMS_FUNCTION, "DROP FUNCTION IF EXISTS meetings_name_terms(text);"),
        migrations.CreateModel(
            name="NameTerm",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("term", models.TextField()),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("term",), name="name_term_unique")],
            },
        ),
        # The trigger before the fill: a spelling written while the fill runs is not missed.
        migrations.RunSQL(TRIGGERS, DROP_TRIGGERS),
        RemoveIndexConcurrently(
            model_name="personalias",
            name="person_alias_key_trgm",
        ),
        AddIndexConcurrently(
            model_name="personalias",
            index=django.contrib.postgres.indexes.GinIndex(
                models.Func(models.F("words"), function="meetings_name_terms"), name="person_alias_terms"
            ),
        ),
        # Filled before its trigram index is built: one build is much faster than a million inserts.
        migrations.RunSQL(ADD_TERMS.format(rows="meetings_personalias"), migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="nameterm",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["term"], name="name_term_trgm", opclasses=["gin_trgm_ops"]
            ),
        ),
    ]
