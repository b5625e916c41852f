"""Tokens carry the offsets every evidence span is built from: they must slice the text exactly."""

from pathlib import Path

from meetings.extraction.tokens import Token, tokenize

DEMO = Path(__file__).resolve().parents[2] / "meetings" / "data" / "demo"


def test_every_token_slices_its_written_form_from_the_text_and_only_spaces_lie_between():
    texts = [path.read_text(encoding="utf-8") for path in sorted(DEMO.glob("*.txt"))]
    texts.append(
        "İstanbul\u00a0talks:\tH.E. Al-Sisi’s  U.S. visit (IAEA) — co-chaired; ıt ſ é\u0301 ٣ 中 _x_"
    )
    for text in texts:
        tokens = tokenize(text, 10)
        position = 10
        for token in tokens:
            written = text[token.start - 10 : token.end - 10]
            assert written.startswith(token.text)
            assert token.possessive == (written != token.text)
            assert text[position - 10 : token.start - 10].isspace() or position == token.start
            position = token.end
        assert not text[position - 10 :].strip()


def test_words_punctuation_and_possessives():
    tokens = tokenize("Egypt's FM, H.E. Al-Sisi’ met U.S. envoys.")
    assert [(t.text, t.is_word, t.possessive) for t in tokens] == [
        ("Egypt", True, True),
        ("FM", True, False),
        (",", False, False),
        ("H.E.", True, False),
        ("Al-Sisi", True, True),
        ("met", True, False),
        ("U.S.", True, False),
        ("envoys", True, False),
        (".", False, False),
    ]
    assert tokens[1].upper and tokens[0].cap and not tokens[5].cap
    assert tokens[4].key == "alsisi"


def test_plain_words_and_punctuation_stand_in_the_item_list_as_their_tokens():
    from meetings.extraction import load_default
    from meetings.extraction.mentions import SentenceReader

    text = "They met Kenji Mori in Tokyo, and discussed trade."
    sentence = SentenceReader(load_default()).read(text, 0, len(text))
    plain = [item for item in sentence.items if isinstance(item, Token)]
    assert [(t.kind, t.text) for t in plain][:3] == [("word", "They"), ("word", "met"), ("word", "in")]
    assert ("punct", ",") in [(t.kind, t.text) for t in plain]
    # What the mention and meeting code reads of any item, a token answers as an empty item would.
    for token in plain:
        assert (token.value, token.demonym, token.heads, token.country, token.org, token.attached) == (
            None, False, (), None, None, False,
        )  # fmt: skip
    assert [i.kind for i in sentence.items if not isinstance(i, Token)] == ["name", "city"]
