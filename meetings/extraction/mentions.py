"""Mentions in one sentence: countries, organizations, places, titles and people.

A sentence becomes a list of items (gazetteer phrases, honorifics, title phrases, name runs, other
words and punctuation). People are read from the items around each name:

- title before the name: "Azerbaijan's Minister of Foreign Affairs Jeyhun Bayramov",
  "Minister of Foreign Affairs of the Republic of Uzbekistan Bakhtiyor Saidov", "UN Secretary-General
  Antonio Guterres", "Russian Foreign Minister Sergei Lavrov";
- title after the name: "Jeyhun Bayramov, Azerbaijan's foreign minister";
- counterparts: "his Russian counterpart Sergei Lavrov" (the title is copied later from the subject);
- a plural title before a list of names: "The presidents of Finland and Estonia, Alexander Stubb and
  Alar Karis," (each name takes the country in the same place of the list);
- a delegation's leader: "a delegation of the World Bank headed by its Regional Director X";
- back-references: a surname ("FM Bayramov", "Lavrov"), a title ("the minister", "the
  Director-General") or a pronoun, resolved by `PersonRegistry` to an earlier full mention.

Honorifics (H.E., Mr., Dr., Sheikh, Prince, His Excellency, ...) are dropped from names.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from . import patterns as P
from .gazetteer import (
    KIND_CITY,
    KIND_COUNTRY,
    KIND_ORG,
    KIND_PERSON,
    KIND_REGION,
    Gazetteer,
    OrganizationEntry,
    Phrase,
)
from .normalise import name_key as _uncached_name_key
from .normalise import name_words as _uncached_name_words
from .tokens import ITEM_PUNCT, ITEM_WORD, Token, token_key, tokenize

# Names recur within and across articles; their keys are computed once.
name_key = functools.lru_cache(maxsize=65_536)(_uncached_name_key)


@functools.lru_cache(maxsize=65_536)
def _name_words(text: str) -> tuple[str, ...]:
    return tuple(_uncached_name_words(text))


def name_words(text: str) -> list[str]:
    return list(_name_words(text))


ITEM_HONORIFIC = "honorific"
ITEM_TITLE = "title"
ITEM_NAME = "name"

_PREFIXED_SURNAME = re.compile(
    r"^(?:al|el|ad|as|ash|at|az|ar|an|ul|ud|bin|ibn|abu|de|di|da|van|von)[-'’]\w", re.I
)
_HONORIFIC_FIRST = frozenset(h[0] for h in P.HONORIFICS)
_MINISTRY_WORDS = frozenset({"ministry", "department"})
# Heads that are also given names.
_NAME_LIKE_HEADS = frozenset({"amir", "emir", "sultan"})
# Ranks written between an office and the name ("Foreign Minister Senator Ishaq Dar", "Chief of
# Army Staff Field Marshal Asim Munir"): read as honorifics, so that the office stays the title.
# Not "General": "Secretary General", "Governor General" and "Consul General" are one title.
_RANK_HEADS = frozenset({"senator", "admiral", "field marshal"})
_RANK_FIRST = frozenset(rank.split()[0] for rank in _RANK_HEADS)
_HOST_STATE_WORDS = frozenset({"kingdom", "sultanate", "emirate", "emirates", "republic", "state", "country"})
_PORTFOLIO_JOINERS = frozenset({"of", "for", "the", "and", "&", ","})


def _plain_country(item: Item) -> bool:
    return item.kind == KIND_COUNTRY and not item.demonym


# Styles of clerics, before a given name: "Mawlawi Amir Khan Muttaqi".
_CLERICAL_STYLES = frozenset({"mawlawi", "maulvi", "maulana", "mullah"})

# Letters after a name that are not part of it.
_POST_NOMINALS = frozenset({"qc", "kc", "mp", "obe", "cbe", "kbe", "mbe", "gcmg", "kcmg", "cmg", "mep"})

# Honorifics that are also inner parts of names: "Hassan Sheikh Mohamud".
_NAME_INNER_HONORIFICS = frozenset({"sheikh", "shaikh", "haji", "hajji"})


# Military ranks written as the whole title; after "counterpart" they are ranks, not offices.
_BARE_RANKS = frozenset(
    token_key(rank)
    for rank in (
        "general", "lieutenant general", "lieutenant-general", "major general", "major-general",
        "brigadier general", "admiral", "vice admiral", "rear admiral", "colonel", "marshal",
        "field marshal", "air marshal", "air chief marshal",
    )
)  # fmt: skip
# Heads of local offices, named after their city: "Governor of Saint Petersburg", "Mayor of Moscow".
_LOCAL_HEADS = frozenset({"governor", "mayor", "vicegovernor", "lordmayor"})
# Words between "the" and a title that refers back: "the top Iranian diplomat", "the visiting minister".
_BACKREF_ADJECTIVES = frozenset({"top", "visiting", "senior", "chief"})
# Words that, in lower case after a name, make it the name of a body: "the Hezbollah movement".
_BODY_AFTER_NAME = frozenset({"movement", "party"})


def _institution_follows(tokens: list[Token], end: int) -> bool:
    if end >= len(tokens) or not tokens[end].is_word:
        return False
    token = tokens[end]
    return token.key in P.INSTITUTION_WORDS if token.cap else token.key in _BODY_AFTER_NAME


@functools.lru_cache(maxsize=4096)
def _lower_case_keys(stored: str) -> frozenset[str]:
    """Keys of the words a gazetteer form writes in lower case: the particles of "Rio de Janeiro",
    "Dar es Salaam" or "Ursula von der Leyen", which the text writes in lower case too."""
    return frozenset(t.key for t in tokenize(stored) if t.is_word and not t.cap)


_LOWER_TITLE_WORDS = {"of", "and", "for", "the", "on", "to", "in", "at"}


@dataclass(slots=True)
class Item:
    kind: str  # a gazetteer kind (country, city, org, person, region) or one of ITEM_*
    start: int  # character offsets
    end: int
    text: str
    key: str = ""
    value: object = None
    possessive: bool = False
    demonym: bool = False
    heads: tuple[str, ...] = ()  # title heads
    country: str | None = None  # a title's "of <country>"
    org: OrganizationEntry | None = None  # a title's "of <organization>"
    attached: bool = False  # a title already given to a name


@dataclass(slots=True)
class Mention:
    kind: str  # "name", "title", "pronoun"
    start: int
    end: int
    name: str | None = None
    title: str | None = None
    heads: tuple[str, ...] = ()
    country: str | None = None
    org: OrganizationEntry | None = None
    counterpart: bool = False
    evidence: bool = (
        False  # something says this is a person: a title, an honorific, "counterpart", "Ukraine's"
    )
    known: object = None  # a PersonEntry from the gazetteer
    person: Person | None = None  # filled by PersonRegistry.resolve


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    items: list[Item]
    mentions: list[Mention]
    keys: frozenset[str] = frozenset()  # token keys of its words, for cheap trigger checks


@dataclass(eq=False)
class Person:
    """One person of the article, gathered from all mentions that refer to them."""

    name: str
    words: list[str]
    start: int
    end: int
    title: str | None = None
    heads: set[str] = field(default_factory=set)
    country: str | None = None
    org: OrganizationEntry | None = None
    aliases: list[str] = field(default_factory=list)
    last_seen: int = 0
    counterpart: bool = False  # introduced as "his Russian counterpart": the title is the subject's
    evidence: bool = False  # some mention shows a person (title, honorific, counterpart, affiliation)

    def add_alias(self, form: str) -> None:
        if name_key(form) != name_key(self.name) and all(name_key(a) != name_key(form) for a in self.aliases):
            self.aliases.append(form)

    def learn(self, mention: Mention) -> None:
        # The first title wins; a later, longer one written beside the name replaces a short one,
        # unless it is a former office ("Schoof, a former head of the intelligence service").
        if mention.title and (
            self.title is None
            or (
                mention.kind == "name"
                and len(mention.title) > len(self.title)
                and not mention.counterpart
                and not _FORMER.match(mention.title)
                and mention.heads != ("member",)  # "Wang, also a member of the Political Bureau, said"
            )
        ):
            self.title = mention.title
        self.heads.update(mention.heads)
        self.evidence = self.evidence or mention.evidence
        if mention.counterpart and not self.title:
            self.counterpart = True
        if mention.country and not self.country and not self.org:
            self.country = mention.country
        if mention.org and not self.org:
            self.org = mention.org
            if self.country and mention.country is None:
                self.country = None
        self.last_seen = max(self.last_seen, mention.start)


class PersonRegistry:
    """Resolves mentions of one article to Person objects, in reading order."""

    def __init__(self) -> None:
        self.people: list[Person] = []

    def resolve(self, mention: Mention) -> Person | None:
        if mention.kind == "name" and mention.name:
            person = self._by_name(mention.name)
            if (
                person is not None
                and set(mention.heads) & _MONARCHS
                and not person.heads & _MONARCHS
                and name_key(mention.name) != name_key(person.name)
            ):
                person = None  # "King, Sultan Ibrahim" is not Prime Minister Anwar Ibrahim
            if person is None:
                words = name_words(mention.name)
                person = Person(mention.name, words, mention.start, mention.end)
                self.people.append(person)
            person.learn(mention)
            mention.person = person
            return person
        if mention.kind == "title":
            person = self._by_title(mention)
            if person is not None:
                if not person.title:
                    person.learn(mention)
                person.last_seen = max(person.last_seen, mention.start)
                mention.person = person
            return person
        return None

    def _by_name(self, name: str) -> Person | None:
        words = name_words(name)
        if not words:
            return None
        key = name_key(name)
        best = None
        for person in reversed(self.people):
            if name_key(person.name) == key or any(name_key(a) == key for a in person.aliases):
                return person
            if len(words) == 1:
                if _patronymic_of(words, person.words):
                    continue
                if words[0] == person.words[-1] or (words[0] in person.words and best is None):
                    if words[0] == person.words[-1]:
                        person.add_alias(name)
                        return person
                    best = person
            elif (
                words[-1] == person.words[-1]
                and (set(words) <= set(person.words) or set(person.words) <= set(words))
                and not _patronymic_of(words, person.words)
                and not _patronymic_of(person.words, words)
            ):
                if len(words) > len(person.words):
                    person.add_alias(person.name)
                    person.name, person.words = name, words
                else:
                    person.add_alias(name)
                return person
            elif (
                len(words) >= 3
                and person.words[: len(words)] == words
                and any(word in _PATRONYMIC for word in words[1:-1])
            ):
                # "Mohamed bin Zayed" after "Mohamed bin Zayed Al Nahyan": the family name left out.
                person.add_alias(name)
                return person
        if best is not None:
            best.add_alias(name)
        return best

    def _by_title(self, mention: Mention) -> Person | None:
        wanted = set(mention.heads)
        for head in mention.heads:
            wanted |= _HEAD_ALIASES.get(head, frozenset())
        generic = bool(wanted & _GENERIC_HEADS) and bool(mention.country or mention.org)
        # The earliest-introduced match: "the minister" is the protagonist more often than not. With
        # a country or organization named ("the Saudi Foreign Minister"), first among those of it.
        affiliated = mention.country or mention.org
        candidates = [
            *(p for p in self.people if affiliated and (p.country, p.org) == (mention.country, mention.org)),
            *self.people,
        ]
        for person in candidates:
            heads = person.heads
            if person.title and "prime minister" in person.title.lower():
                heads = heads | {"prime minister"}
            if generic:
                if not person.evidence or not (
                    (mention.org and person.org == mention.org)
                    or (mention.country and person.country == mention.country)
                ):
                    continue
            elif not wanted & heads:
                continue
            if mention.country and person.country and mention.country != person.country:
                continue
            if mention.org and person.org and mention.org != person.org:
                continue
            return person
        return None


_MONARCHS = frozenset({"king", "queen", "sultan", "emir", "amir", "crown prince"})
_HEAD_OF = {"state": "head of state", "government": "head of government"}
# Heads a back-reference may use for a person whose own title has other heads.
_HEAD_ALIASES = {
    "pontiff": frozenset({"pope", "pontiff"}),
    "head of state": frozenset({"president", "king", "emir", "amir", "sultan", "head of state", "queen"}),
    "head of government": frozenset({"premier", "chancellor", "head of government", "prime minister"}),
}
# Back-references that name no office, only a role, and so match by affiliation: "the IAEA chief",
# "the Chinese diplomat", "the Russian top diplomat", "the UN chief".
_GENERIC_HEADS = frozenset({"chief", "head", "diplomat", "leader", "official"})

# Words that follow the head of a title and belong to it.
_AFTER_HEAD = frozenset({"extraordinary", "plenipotentiary"})

_FORMER = re.compile(r"(?:former|ex-|erstwhile|late)\b", re.IGNORECASE)

_PATRONYMIC = frozenset({"bin", "ibn", "bint", "binti", "ben", "ould", "ibni"})


def _patronymic_of(short: list[str], long: list[str]) -> bool:
    """True when the shorter name stands in the longer one as the father's name: "Salman bin
    Abdulaziz" inside "Mohammed bin Salman bin Abdulaziz" is another person, the father."""
    if len(short) >= len(long) or not short:
        return False
    for index in range(1, len(long)):
        if long[index] == short[0] and long[index - 1] in _PATRONYMIC:
            return long[index : index + len(short)] == short or len(short) == 1
    return False


class SentenceReader:
    """Turns sentences into items and mentions, using one gazetteer and the article's acronyms."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.offices = gazetteer.offices
        self.acronyms: dict[str, Phrase] = {}  # defined in this article: "(ACR)"
        self._sentence_phrases: dict[int, tuple[int, Phrase]] = {}  # of the sentence being read
        self._multi_first = gazetteer.offices.multiword_firsts
        self._title_first = gazetteer.offices.title_firsts

    # --- items ---------------------------------------------------------------------------------
    def read(self, text: str, start: int, end: int) -> Sentence:
        sentence_text = text[start:end]
        tokens = tokenize(sentence_text, start)
        items = self._items(tokens, text)
        mentions = self._mentions(items)
        keys = frozenset([t.key for t in tokens])
        return Sentence(start, end, sentence_text, items, mentions, keys)

    def _phrase_at(self, tokens: list[Token], i: int) -> tuple[int, Phrase] | None:
        """Longest gazetteer phrase starting at token i: (index after it, phrase)."""
        first = tokens[i]
        if not first.is_word:
            return None
        if first.upper and first.text.replace(".", "") in self.acronyms:
            return i + 1, self.acronyms[first.text.replace(".", "")]
        longest = self.gazetteer.longest.get(first.key)
        if not longest:
            return None
        # Word positions ahead, skipping commas so that lists match with or without them.
        positions = []
        j = i
        while j < len(tokens) and len(positions) < longest:
            token = tokens[j]
            if token.is_word or token.text in "&()":
                positions.append(j)
                if token.possessive and token.key != "people":
                    break
            elif token.text != ",":
                break
            j += 1
        for length in range(len(positions), 0, -1):
            keys = tuple(tokens[p].key for p in positions[:length])
            phrase = self.gazetteer.phrases.get(keys)
            if phrase is None:
                continue
            matched = [tokens[p] for p in positions[:length]]
            if phrase.exact_case:
                if "".join(t.text for t in matched).replace(".", "") != phrase.text.replace(".", "").replace(
                    " ", ""
                ):
                    continue
            elif (
                not matched[0].cap
                or len(matched) > 1
                and not all(
                    t.cap
                    or t.key in _LOWER_TITLE_WORDS
                    or not t.is_word
                    or t.key in _lower_case_keys(phrase.text)
                    for t in matched
                )
            ):
                continue
            return positions[length - 1] + 1, phrase
        return None

    def _portfolio_at(self, tokens: list[Token], k: int, blocked: set[int]) -> bool:
        """Whether a portfolio of a title's list starts at token k: "Trade", "the National Community
        (Abroad)", "National Security": a domain word, maybe after "the" and one modifier."""
        domains, modifiers = self.offices.domains, self.offices.modifiers
        n = len(tokens)
        if k < n and tokens[k].key == "the":
            k += 1
        if k >= n or k in blocked:
            return False
        if tokens[k].key in domains:
            return True  # "Trade" and "Culture" are modifiers too ("Trade Minister")
        k += 1
        return tokens[k - 1].key in modifiers and k < n and k not in blocked and tokens[k].key in domains

    def _given_name_head(self, tokens: list[Token], i: int) -> bool:
        """ "Foreign Minister Amir Khan Muttaqi", "Dr. Sultan bin Ahmed Al Jaber": a head that is also
        a given name, right after a title and before the rest of the name, or before "bin"."""
        if tokens[i].key not in _NAME_LIKE_HEADS or i + 1 >= len(tokens):
            return False
        following = tokens[i + 1]
        return (
            i > 0
            and (tokens[i - 1].key in self.offices.heads or tokens[i - 1].key in _CLERICAL_STYLES)
            and following.cap
        ) or following.key in _PATRONYMIC

    def _surname_of_place(self, tokens: list[Token], i: int, found: tuple[int, Phrase]) -> bool:
        """A one-word country or city right after a given name is a surname: "Prime Minister Luis
        Montenegro", not Montenegro. A place follows a name only after a preposition or a comma."""
        end, phrase = found
        if (
            i == 0
            or end != i + 1
            or phrase.kind not in (KIND_COUNTRY, KIND_CITY)
            or phrase.demonym
            or phrase.exact_case
        ):
            return False
        given = tokens[i - 1]
        return (
            given.is_word
            and given.cap
            and not given.upper
            and not given.possessive
            and given.key not in P.NOT_NAME
            and not self._is_office_word(given.key)
            and given.key not in _HONORIFIC_FIRST
        )

    def _given_name_of_place(self, tokens: list[Token], i: int, found: tuple[int, Phrase]) -> bool:
        """A one-word country or city right after a title and before a surname is a given name:
        "Foreign Minister Israel Katz", "his counterpart Jordan Smith", "Foreign Minister Santiago
        Cafiero"."""
        end, phrase = found
        if (
            i == 0
            or end != i + 1
            or end >= len(tokens)
            or phrase.kind not in (KIND_COUNTRY, KIND_CITY)
            or phrase.demonym
        ):
            return False
        before, after = tokens[i - 1], tokens[end]
        return (
            (before.key in self.offices.heads or before.key in P.COUNTERPART_WORDS)
            and not tokens[i].possessive
            and after.is_word
            and after.cap
            and not after.upper
            and after.key not in P.NOT_NAME
            and not self._is_office_word(after.key)
            and after.key not in self.gazetteer.longest
        )

    def _rank_before_name(self, tokens: list[Token], k: int) -> bool:
        """ "Minister of Defence Admiral X": a rank before a name is not a portfolio word."""
        if tokens[k].key not in _RANK_FIRST:
            return False
        end = self._rank_at(tokens, k)
        return end is not None and tokens[end].key not in self.offices.domains

    def _rank_at(self, tokens: list[Token], i: int) -> int | None:
        """End of a rank ("Senator", "Field Marshal") at token i that a capitalised word follows."""
        n = len(tokens)
        for length in (2, 1):
            end = i + length
            if (
                end < n
                and " ".join(t.key for t in tokens[i:end]) in _RANK_HEADS
                and tokens[end].cap
                and all(t.cap for t in tokens[i:end])
            ):
                return end
        return None

    def _honorific_at(self, tokens: list[Token], i: int) -> int | None:
        if not tokens[i].cap or tokens[i].key not in _HONORIFIC_FIRST:
            return None
        for length in range(min(P.MAX_HONORIFIC_LEN, len(tokens) - i), 0, -1):
            keys = tuple(t.key for t in tokens[i : i + length])
            if keys in P.HONORIFICS:
                if keys in (("he",), ("hh",), ("hm",)) and not tokens[i].upper:
                    return None
                end = i + length
                if end < len(tokens) and tokens[end].text == ".":
                    end += 1
                # "Prince"/"Sheikh" are honorifics only before a name.
                if end < len(tokens) and tokens[end].cap:
                    return end
                return None
        return None

    def _title_at(self, tokens: list[Token], i: int, blocked: set[int]) -> tuple[int, list[str]] | None:
        """A title phrase starting at token i: (index after it, heads)."""
        offices = self.offices
        if tokens[i].key not in self._title_first:
            return None
        n = len(tokens)
        j = i
        heads: list[str] = []
        last_good = -1
        while j < n and j not in blocked:
            token = tokens[j]
            key = token.key
            if not token.is_word and token.text not in (",", "&"):
                break
            if token.upper and key in offices.abbreviations and not heads:
                heads.append(token_head(offices.abbreviations[key]))
                last_good = j
                j += 1
                continue
            if key in self._multi_first and j + 1 < n:
                pair = (key, tokens[j + 1].key)
                if pair in offices.multiword_heads:
                    if heads and " ".join(pair) in _RANK_HEADS and j + 2 < n and tokens[j + 2].cap:
                        break
                    heads.append(" ".join(pair))
                    last_good = j + 1
                    j += 2
                    if tokens[j - 1].possessive:
                        break
                    continue
            if key == "head" and j + 2 < n and tokens[j + 1].key == "of" and tokens[j + 2].key in _HEAD_OF:
                # "Head of State", "Head of Government": one head of three words.
                heads.append(_HEAD_OF[tokens[j + 2].key])
                last_good = j + 2
                j += 3
                if tokens[j - 1].possessive:
                    break
                continue
            if key in offices.heads:
                if heads and key in _NAME_LIKE_HEADS | _RANK_HEADS and j + 1 < n and tokens[j + 1].cap:
                    break  # "Foreign Minister Amir Khan Muttaqi": after a title, a given name or a rank
                heads.append(key)
                last_good = j
                j += 1
                if token.possessive:
                    break
                continue
            if (
                key in _AFTER_HEAD
                and heads
                and (last_good == j - 1 or last_good == j - 2 and tokens[j - 1].key == "and")
            ):
                last_good = j  # "Ambassador Extraordinary and Plenipotentiary (of China)"
                j += 1
                continue
            if key in offices.modifiers or (key in offices.domains and not heads):
                j += 1
                if token.possessive:
                    break
                continue
            if key in ("and", "&", ",") and not heads and j > i and j + 1 < n and j + 1 not in blocked:
                # "Industry and Trade Minister", "International Relations and Cooperation Minister",
                # "Foreign, Commonwealth and Development Secretary": portfolios joined before the
                # head, written in the same case.
                following = tokens[j + 1]
                if following.cap == tokens[i].cap and (
                    following.key in offices.modifiers or following.key in offices.domains
                ):
                    j += 1
                    continue
            if key in ("of", "for", "on") and heads and last_good == j - 1:
                k = j + 1
                if k < n and tokens[k].key == "the":
                    k += 1
                state = self._sentence_phrases.get(k)
                if (
                    state is not None
                    and state[1].kind == KIND_COUNTRY
                    and state[1].demonym
                    and state[0] < n
                    and tokens[state[0]].key in _STATE_BODIES
                ):
                    # "President of the Spanish Government", "Chairman of the Libyan Presidential Council"
                    last_good = j = state[0]
                    j += 1
                    continue
                if k < n and k not in blocked and tokens[k].key in offices.domains:
                    while (
                        k < n
                        and k not in blocked
                        and not self._rank_before_name(tokens, k)
                        and (
                            tokens[k].key in offices.domains
                            or (
                                tokens[k].key in ("and", ",", "&")
                                and self._portfolio_at(tokens, k + 1, blocked)
                            )
                            or (
                                tokens[k - 1].key in ("and", ",", "&", "the")
                                and self._portfolio_at(tokens, k, blocked)
                            )
                        )
                    ):
                        if tokens[k].key in offices.domains:
                            last_good = k
                        k += 1
                    j = k
                    continue
                break
            if key in ("and", ",", "&") and heads and last_good == j - 1 and j + 1 < n:
                nxt = tokens[j + 1]
                if nxt.key in offices.heads or nxt.key in offices.modifiers:
                    j += 1
                    continue
            break
        if not heads or last_good < i:
            return None
        return last_good + 1, heads

    def _items(self, tokens: list[Token], text: str) -> list[Item]:
        n = len(tokens)
        # Gazetteer phrases first, so titles and names stop where a country or organization starts.
        phrase_at: dict[int, tuple[int, Phrase]] = {}
        self._sentence_phrases = phrase_at
        last_phrase_end = -1
        longest = self.gazetteer.longest
        acronyms = self.acronyms
        i = 0
        while i < n:
            token = tokens[i]
            # Every phrase starts with a capital ("United Nations", "NATO", "CoE").
            if not token.cap or not (token.key in longest or (token.upper and acronyms)):
                i += 1
                continue
            found = self._phrase_at(tokens, i)
            if found and i != last_phrase_end and self._surname_of_place(tokens, i, found):
                found = None
            if found and self._given_name_of_place(tokens, i, found):
                found = None
            if found:
                phrase_at[i] = found
                last_phrase_end = i = found[0]
            else:
                i += 1
        blocked = set()
        for i, (j, _) in phrase_at.items():
            blocked.update(range(i, j))

        items: list[Item] = []
        has_parenthesis = "(" in text[tokens[0].start : tokens[-1].end] if tokens else False
        honorific_first = _HONORIFIC_FIRST
        title_first = self._title_first
        i = 0
        while i < n:
            token = tokens[i]
            if not token.cap and token.key not in title_first:
                # Lower-case words and punctuation: neither phrase, honorific, title nor name.
                items.append(token)
                i += 1
                continue
            if i in phrase_at:
                j, phrase = phrase_at[i]
                last = tokens[j - 1]
                start = token.start
                if (
                    phrase.text.startswith("The ")
                    and items
                    and items[-1] is tokens[i - 1]
                    and tokens[i - 1].text == "The"
                ):
                    start = items.pop().start  # "The Hague", "The Gambia": the article is part of the name
                item = Item(
                    kind=phrase.kind,
                    start=start,
                    end=last.end,
                    text=text[start : last.end if not last.possessive else last.start + len(last.text)],
                    value=phrase.value,
                    possessive=last.possessive,
                    demonym=phrase.demonym,
                )
                # "Full Name (ACR)": the acronym is defined for the rest of the article.
                if j + 2 < n and tokens[j].text == "(" and tokens[j + 2].text == ")" and tokens[j + 1].upper:
                    acronym = tokens[j + 1].text.replace(".", "")
                    self.acronyms.setdefault(acronym, phrase)
                    item.end = tokens[j + 2].end
                    j += 3
                items.append(item)
                i = j
                continue
            if not token.is_word:
                items.append(token)
                i += 1
                continue
            honorific_end = self._honorific_at(tokens, i) if token.key in honorific_first else None
            if honorific_end is None and token.key in _RANK_FIRST and items and items[-1].kind == ITEM_TITLE:
                honorific_end = self._rank_at(tokens, i)
            if honorific_end is not None:
                items.append(
                    Item(
                        ITEM_HONORIFIC,
                        token.start,
                        tokens[honorific_end - 1].end,
                        text[token.start : tokens[honorific_end - 1].end],
                    )
                )
                i = honorific_end
                continue
            title = (
                self._title_at(tokens, i, blocked)
                if token.key in title_first and not self._given_name_head(tokens, i)
                else None
            )
            if title is not None:
                j, heads = title
                last = tokens[j - 1]
                item = Item(
                    ITEM_TITLE,
                    token.start,
                    last.end,
                    self._title_text(text[token.start : last.start + len(last.text)]),
                    heads=tuple(heads),
                    possessive=last.possessive,
                )
                for inside in range(i + 1, j):
                    if inside in phrase_at and phrase_at[inside][1].kind == KIND_COUNTRY:
                        item.country = phrase_at[inside][1].value  # "President of the Spanish Government"
                j = self._title_affiliation(tokens, j, phrase_at, item, text, blocked)
                if (
                    j + 3 < n
                    and tokens[j].text == "("
                    and tokens[j + 1].upper
                    and tokens[j + 2].text == ")"
                    and tokens[j + 3].cap
                    and j + 1 not in phrase_at
                ):
                    # "External Affairs Minister (EAM) S Jaishankar": the title's short form, in passing.
                    item.end = tokens[j + 2].end
                    j += 3
                items.append(item)
                i = j
                continue
            institution_end = (
                self._institution_at(tokens, i, blocked) if has_parenthesis and token.cap else None
            )
            if institution_end is not None:
                # "Caspian Water Council (CWC)": an organization the text defines for later use.
                acronym = tokens[institution_end + 1].text
                name_text = text[token.start : tokens[institution_end - 1].end]
                entry = OrganizationEntry(name=name_text, acronym=acronym)
                self.acronyms.setdefault(acronym, Phrase(KIND_ORG, entry, acronym, exact_case=True))
                items.append(
                    Item(KIND_ORG, token.start, tokens[institution_end + 2].end, name_text, value=entry)
                )
                i = institution_end + 3
                continue
            name_end = self._name_at(tokens, i, blocked) if token.cap else None
            if name_end is not None:
                last = tokens[name_end - 1]
                raw_end = last.start + len(last.text) if last.possessive else last.end
                name_text = text[token.start : raw_end]
                # An undefined "Full Name (ACR)" of an institution becomes an organization.
                j = name_end
                if (
                    j + 2 < n
                    and tokens[j].text == "("
                    and tokens[j + 2].text == ")"
                    and tokens[j + 1].upper
                    and any(t.key in P.INSTITUTION_WORDS for t in tokens[i:name_end])
                ):
                    entry = OrganizationEntry(name=name_text, acronym=tokens[j + 1].text)
                    phrase = Phrase(KIND_ORG, entry, entry.acronym or "", exact_case=True)
                    self.acronyms.setdefault(tokens[j + 1].text, phrase)
                    items.append(Item(KIND_ORG, token.start, tokens[j + 2].end, name_text, value=entry))
                    i = j + 3
                    continue
                if not last.possessive and _institution_follows(tokens, name_end):
                    # "the Chinese Communist Party", "the Lebanese Hezbollah movement": the name of a
                    # body, not of a person.
                    items.extend(tokens[i:name_end])
                    i = name_end
                    continue
                item = Item(ITEM_NAME, token.start, raw_end, name_text, possessive=last.possessive)
                if name_end < n and tokens[name_end].upper and tokens[name_end].key in _POST_NOMINALS:
                    item.end = tokens[name_end].end  # "Patricia Scotland QC": the letters go with the name
                    name_end += 1
                items.append(item)
                i = name_end
                continue
            items.append(token)
            i += 1
        return items

    def _title_affiliation(
        self, tokens: list[Token], j: int, phrase_at: dict, item: Item, text: str, blocked: set[int]
    ) -> int:
        """Absorb "of [the] <country|organization>", "to <country>" and "for <country>" after a title,
        "of the <institution> [of <country>] [(ACR)]" when the institution is not in the gazetteer,
        and "of the <title>" ("Special Envoy of the Secretary-General of the United Nations")."""
        n = len(tokens)
        for _ in range(4):
            if j >= n or tokens[j].key not in ("of", "to", "in", "at", "for", "on"):
                return j
            preposition = tokens[j].key
            k = j + 1
            if k < n and tokens[k].key == "the":
                k += 1
            if preposition == "of" and k < n and k not in phrase_at and tokens[k].key in self._title_first:
                inner = self._title_at(tokens, k, blocked)
                if inner is None:
                    return j
                end = inner[0]
                item.text = self._title_text(
                    text[item.start : tokens[end - 1].start + len(tokens[end - 1].text)]
                )
                item.end = tokens[end - 1].end
                j = end
                continue
            if (
                preposition == "of"
                and k + 2 < n
                and tokens[k].key in _HOST_STATE_WORDS
                and tokens[k].cap
                and tokens[k + 1].key == "of"
                and k + 2 in phrase_at
                and phrase_at[k + 2][1].kind == KIND_COUNTRY
                and not phrase_at[k + 2][1].demonym
            ):
                # "President of the Republic of Rwanda", when the gazetteer has only "Rwanda".
                after, phrase = phrase_at[k + 2]
                if not item.country and not item.org:
                    item.country = phrase.value
                item.end = tokens[after - 1].end
                j = after
                continue
            if (
                (preposition in ("to", "in") or preposition == "of" and tokens[k - 1].key == "the")
                and k < n
                and k not in phrase_at
                and tokens[k].cap
                and tokens[k].key in _HOST_STATE_WORDS
                and (k + 1 >= n or tokens[k + 1].key != "of")
            ):
                # "Ambassador of Senegal to the Kingdom", "President of the Republic": the state,
                # named the way its own agency writes it.
                if preposition == "of":
                    item.text = self._title_text(text[item.start : tokens[k].end])
                item.end = tokens[k].end
                j = k + 1
                continue
            if (
                preposition in ("for", "on")
                and k < n
                and k not in phrase_at
                and tokens[k].key in self.offices.domains
            ):
                # "Special Representative of the European Union for Central Asia": a mandate after
                # the organization or country is part of the title.
                end = self._domain_run_end(tokens, k, phrase_at, blocked)
                item.text = self._title_text(text[item.start : tokens[end - 1].end])
                item.end = tokens[end - 1].end
                j = end
                continue
            if k not in phrase_at:
                # "Minister of State at the Ministry of Foreign Affairs"
                inside = preposition == "of" or (k < n and tokens[k].key in _MINISTRY_WORDS)
                run = self._institution_run(tokens, k, phrase_at) if inside else None
                if run is None:
                    return j
                end, country = run
                if country and not item.country and not item.org:
                    item.country = country
                item.text = self._title_text(text[item.start : tokens[end - 1].end])
                if (
                    end + 2 < n
                    and tokens[end].text == "("
                    and tokens[end + 2].text == ")"
                    and tokens[end + 1].upper
                ):
                    end += 3
                item.end = tokens[end - 1].end
                j = end
                continue
            after, phrase = phrase_at[k]
            if phrase.kind == KIND_COUNTRY and preposition == "of" and not item.country and not item.org:
                item.country = phrase.value
            elif phrase.kind == KIND_ORG and preposition in ("of", "at") and not item.org:
                item.org = phrase.value
            elif phrase.kind == KIND_CITY and preposition == "of" and not _LOCAL_HEADS.isdisjoint(item.heads):
                # "Governor of Saint Petersburg", "Mayor of Moscow": a local office, held in the
                # city's state.
                if not item.country and not item.org:
                    item.country = phrase.value
                item.text = self._title_text(text[item.start : tokens[after - 1].end])
            elif preposition in ("to", "in", "for") and phrase.kind in (
                KIND_COUNTRY,
                KIND_CITY,
                KIND_ORG,
                KIND_REGION,
            ):
                # Where an ambassador is posted or what an envoy is for, not whom they represent; a
                # region is part of the title ("Special Envoy for the Middle East").
                if phrase.kind == KIND_REGION:
                    item.text = self._title_text(text[item.start : tokens[after - 1].end])
            else:
                return j
            if (
                after + 2 < n
                and tokens[after].text == "("
                and tokens[after + 2].text == ")"
                and tokens[after + 1].upper
            ):
                self.acronyms.setdefault(tokens[after + 1].text.replace(".", ""), phrase)
                after += 3
            if phrase.kind == KIND_ORG:
                # "President of the ECOWAS Commission", "of the OSCE Secretariat": a body of it.
                while after < n and tokens[after].cap and tokens[after].key in P.INSTITUTION_WORDS:
                    after += 1
            elif phrase.kind == KIND_COUNTRY and phrase.demonym and preposition == "of":
                # "Head of the Kazakh Foreign Ministry": the ministry is part of the title.
                last = after
                while (
                    last < n
                    and last - after < 4
                    and last not in blocked
                    and tokens[last].cap
                    and (tokens[last].key in self.offices.domains or tokens[last].key in P.INSTITUTION_WORDS)
                ):
                    last += 1
                while last > after and tokens[last - 1].key not in P.INSTITUTION_WORDS:
                    last -= 1
                if last > after:
                    item.text = self._title_text(text[item.start : tokens[last - 1].end])
                after = last
            item.end = tokens[after - 1].end
            j = after
        return j

    def _domain_run_end(self, tokens: list[Token], k: int, phrase_at: dict, blocked: set[int]) -> int:
        """The index after a run of title domains that starts at token k ("Central Asia", "Europe
        and Foreign Affairs"), joined by "and", "&" or commas."""
        domains = self.offices.domains
        n = len(tokens)
        end = k
        while end < n and end not in blocked and end not in phrase_at:
            key = tokens[end].key
            joins_another = key in ("and", ",", "&") and end + 1 < n and tokens[end + 1].key in domains
            if key not in domains and not joins_another:
                break
            end += 1
        return end

    def _institution_run(self, tokens: list[Token], k: int, phrase_at: dict) -> tuple[int, str | None] | None:
        """A capitalised institution name after a title's "of the": "Atomic Energy Organization of
        Iran", "Communist Party of China Central Committee". Returns (index after it, its state); the
        name ends at its last institution word or at "of <country>", so a following person's name is
        never swallowed ("Speaker of the National Assembly Jane Doe")."""
        n = len(tokens)
        end = ministry_end = -1
        country = None
        j = k
        while j < n and j - k < 14:
            token = tokens[j]
            if j in phrase_at:
                after, phrase = phrase_at[j]
                if phrase.kind != KIND_COUNTRY or phrase.demonym or tokens[j - 1].key not in ("of", "the"):
                    break
                if end < 0:
                    return None  # "of the Republic of X" is the country itself, handled elsewhere
                country = country or phrase.value
                end = after
                j = after
                continue
            if token.is_word and token.cap:
                if token.key in _MINISTRY_WORDS:
                    ministry_end = j + 1
                if token.key in P.INSTITUTION_WORDS or (
                    # "Ministry of Foreign Affairs": a ministry's portfolio is part of its name.
                    ministry_end >= 0
                    and token.key in self.offices.domains
                    and all(
                        t.key in self.offices.domains or t.key in _PORTFOLIO_JOINERS
                        for t in tokens[ministry_end:j]
                    )
                ):
                    end = j + 1
                if token.possessive and token.key != "people":  # "National People's Congress"
                    break
            elif token.key not in ("of", "the", "and", "for", "on"):
                break
            j += 1
        if end < 0:
            return None
        return end, country

    def _institution_at(self, tokens: list[Token], i: int, blocked: set[int]) -> int | None:
        """End of a capitalised institution name directly followed by "(ACRONYM)", or None."""
        if not tokens[i].cap or not tokens[i].is_word or tokens[i].key in ("the", "a", "an"):
            return None
        n = len(tokens)
        j = i
        institution = False
        while j < n and j - i < 14 and j not in blocked:
            token = tokens[j]
            if token.is_word and token.cap:
                institution = institution or token.key in P.INSTITUTION_WORDS
            elif not (token.key in ("of", "and", "for", "on", "the") or token.text in (",", "&")):
                break
            elif token.key in ("and", ",", "&") and not institution:
                return None  # "Jane Roe and National Security Agency (NSA)": a person, then the body
            j += 1
        if (
            institution
            and j + 2 < n
            and tokens[j].text == "("
            and tokens[j + 1].upper
            and tokens[j + 2].text == ")"
            and tokens[j - 1].cap
        ):
            return j
        return None

    def _name_at(self, tokens: list[Token], i: int, blocked: set[int]) -> int | None:
        """End index of a run of capitalised name words starting at token i, or None."""
        token = tokens[i]
        n = len(tokens)
        given_name_head = self._given_name_head(tokens, i)
        if not token.is_word or not token.cap or (self._is_office_word(token.key) and not given_name_head):
            return None
        if token.key in P.NOT_NAME and not (
            # "Chancellor Christian Stocker", "Party of Vietnam, To Lam": a given name that is also
            # a word, right after a title or a comma and before a surname.
            token.key in P.GIVEN_NAME_WORDS
            and (
                token.key in P.GIVEN_NAME_ANYWHERE
                or i > 0
                and (tokens[i - 1].key in self.offices.heads or tokens[i - 1].text == ",")
            )
            and i + 1 < n
            and tokens[i + 1].is_word
            and tokens[i + 1].cap
            and tokens[i + 1].key not in P.NOT_NAME
        ):
            return None
        if token.text.isdigit():
            return None
        j = i
        last_good = -1
        while j < n and j not in blocked:
            token = tokens[j]
            if (
                token.is_word
                and token.cap
                and (
                    j == i
                    or token.key not in P.NOT_NAME
                    or token.key in P.NAME_PART_WORDS
                    or token.key in P.LAST_NAME_PART_WORDS
                    and (j + 1 >= n or not (tokens[j + 1].is_word and tokens[j + 1].cap))
                    or token.key in _NAME_INNER_HONORIFICS
                    and j + 1 < n
                    and tokens[j + 1].is_word
                    and tokens[j + 1].cap
                )
                and (
                    not self._is_office_word(token.key)
                    or j == i
                    and given_name_head
                    # "Reema bint Bandar bin Sultan": a father's name that is also an office
                    or j > i
                    and token.key in _NAME_LIKE_HEADS
                    and tokens[j - 1].key in _PATRONYMIC
                )
            ):
                if j > i and token.upper and token.key in _POST_NOMINALS:
                    break  # "Patricia Scotland QC"
                if (
                    j > i
                    and self._honorific_at(tokens, j) is not None
                    and token.key not in _NAME_INNER_HONORIFICS
                ):
                    break
                last_good = j
                j += 1
                if token.possessive:
                    break
                if len(token.text) == 1 and j < n and tokens[j].text == ".":
                    last_good = j
                    j += 1
                continue
            if token.is_word and token.key in P.ROMAN_NUMERALS and token.upper and last_good == j - 1:
                last_good = j
                j += 1
                continue
            if token.is_word and not token.cap and last_good == j - 1 and _PREFIXED_SURNAME.match(token.text):
                last_good = j  # "al-Sisi", "el-Sisi", "ad-Dawla"
                j += 1
                if token.possessive:
                    break
                continue
            if token.is_word and not token.cap and token.key in P.NAME_PARTICLES and last_good == j - 1:
                k = j
                while k < n and tokens[k].is_word and not tokens[k].cap and tokens[k].key in P.NAME_PARTICLES:
                    k += 1  # "von der Leyen", "bin Abdulaziz"
                if k < n and k not in blocked and tokens[k].is_word and tokens[k].cap:
                    j = k
                    continue
            break
        if last_good < i:
            return None
        return last_good + 1

    def _title_text(self, written: str) -> str:
        expansion = self.offices.abbreviations.get(token_key(written))
        if expansion and written.isupper():
            return expansion
        return tidy_title(written)

    def _is_office_word(self, key: str) -> bool:
        offices = self.offices
        return key in offices.heads or key in offices.modifiers or key in offices.domains

    # --- mentions ------------------------------------------------------------------------------
    def _mentions(self, items: list[Item]) -> list[Mention]:
        mentions: list[Mention] = []
        named: dict[int, Mention] = {}
        for index, item in enumerate(items):
            if item.kind == ITEM_NAME or item.kind == KIND_PERSON:
                mention = self._person_mention(items, index)
                mentions.append(mention)
                named[index] = mention
        if len(named) >= 2:
            self._share_plural_titles(items, named)
            self._share_interleaved_plural_title(items, named)
        for index, item in enumerate(items):
            if item.kind == ITEM_TITLE and not item.attached:
                mention = self._title_mention(items, index)
                if mention is not None:
                    mentions.append(mention)
            elif item.kind == ITEM_WORD and item.key in P.SUBJECT_PRONOUNS:
                mentions.append(Mention("pronoun", item.start, item.end))
            elif item.kind == ITEM_WORD and item.key in _STYLE_POSSESSIVES:
                style_end = _style_alone(items, index)
                if style_end is not None:
                    # "His Royal Highness met with ...": a style with no name after it stands for
                    # the person last named as the subject, as "he" does.
                    mentions.append(Mention("pronoun", item.start, style_end))
        mentions.sort(key=lambda m: m.start)
        return mentions

    def _share_plural_titles(self, items: list[Item], named: dict[int, Mention]) -> None:
        """ "The presidents of Finland and Estonia, A and B, met" and "the Swedish and Danish foreign
        ministers, A and B, held talks": each name of the list takes the title in the singular and
        the country in the same place of the country list, when the two lists are as long."""
        n = len(items)
        for first in named:
            if first < 3 or items[first - 1].text != ",":
                continue
            names = [first]
            j = first + 1
            while j + 1 < n and items[j].kind in (ITEM_WORD, ITEM_PUNCT) and items[j].key in (",", "and"):
                if items[j].key == "," and items[j + 1].key == "and" and j + 2 in named:
                    j += 1  # "A, B, and C"
                if j + 1 not in named:
                    break
                names.append(j + 1)
                j += 2
            if len(names) < 2:
                continue
            found = self._plural_title_before(items, first - 2)
            if found is None or len(found[2]) != len(names):
                continue
            title, head, countries = found
            for index, country in zip(names, countries, strict=True):
                mention = named[index]
                # "his German and French counterparts, A and B": A was read as "French counterpart A".
                if (
                    mention.title is None
                    and (mention.country is None or mention.counterpart)
                    and mention.org is None
                ):
                    if title:
                        mention.title, mention.heads = title, (head,)
                    else:
                        mention.counterpart = True  # "his counterparts from Poland and Latvia, A and B"
                    mention.country = country
                    mention.evidence = True

    def _plural_title_before(self, items: list[Item], k: int) -> tuple[str, str, list[str]] | None:
        """(singular title, head, countries) of a plural title phrase that ends at item k."""
        countries, before = _country_list_ending_at(items, k)
        if countries:  # "... of Finland and Estonia"
            k = before
            if k >= 0 and items[k].key == "the":
                k -= 1
            if k < 0 or items[k].key not in ("of", "from"):
                return None
            k -= 1
        if k < 0 or items[k].kind != ITEM_WORD:
            return None
        if items[k].key == "counterparts":
            if not countries:  # "his German and French counterparts, A and B"
                countries, _ = _country_list_ending_at(items, k - 1)
            if len(countries) >= 2:
                return "", "", countries
        plural = self._plural_title_at(items, k)
        if plural is None:
            return None
        title, head, k = plural
        if not countries:  # "the Swedish and Danish foreign ministers"
            countries, _ = _country_list_ending_at(items, k)
        if len(countries) < 2:
            return None
        return title, head, countries

    def _plural_title_at(self, items: list[Item], k: int) -> tuple[str, str, int] | None:
        """(singular title, head, index before it) of a plural title whose last word is item k:
        "foreign ministers" -> "Foreign Minister"."""
        if k < 0 or items[k].kind != ITEM_WORD:
            return None
        written = items[k].text
        singular = written[:-3] + "y" if written.endswith("ies") else written[:-1]
        head = token_key(singular)
        if not written.endswith("s") or head not in self.offices.heads:
            return None
        words = [singular]
        k -= 1
        while k >= 0 and items[k].kind == ITEM_WORD and self._is_office_word(items[k].key):
            words.insert(0, items[k].text)  # "foreign ministers", "prime ministers"
            k -= 1
        return tidy_title(" ".join(words)), head, k

    def _share_interleaved_plural_title(self, items: list[Item], named: dict[int, Mention]) -> None:
        """ "the foreign ministers of Luxembourg, Xavier Bettel, and (of) Nepal, N P Saud": each name
        after a country takes the title in the singular and that country."""
        n = len(items)
        for first in named:
            if first < 4 or items[first - 1].text != "," or not _plain_country(items[first - 2]):
                continue
            k = first - 3
            if items[k].key == "the":
                k -= 1
            if k < 1 or items[k].key != "of":
                continue
            plural = self._plural_title_at(items, k - 1)
            if plural is None:
                continue
            pairs = [(first - 2, first)]
            j = first + 1
            while j < n and items[j].key in (",", "and"):
                if items[j].key == "," and j + 1 < n and items[j + 1].key == "and":
                    j += 1  # "..., and Nepal, N P Saud"
                j += 1
                if j < n and items[j].key == "of":
                    j += 1  # "..., and of Australia, Anthony Albanese"
                if j + 2 < n and _plain_country(items[j]) and items[j + 1].text == "," and j + 2 in named:
                    pairs.append((j, j + 2))
                    j += 3
                else:
                    break
            if len(pairs) < 2:
                continue
            title, head, _ = plural
            for country_index, name_index in pairs:
                mention = named[name_index]
                if mention.title is None and mention.country is None and mention.org is None:
                    mention.title, mention.heads = title, (head,)
                    mention.country = items[country_index].value
                    mention.evidence = True

    def _person_mention(self, items: list[Item], index: int) -> Mention:
        item = items[index]
        mention = Mention("name", item.start, item.end, name=item.text)
        if item.kind == KIND_PERSON:
            entry = item.value
            mention.name = entry.name
            mention.known = entry
            mention.country = entry.country
            if entry.organization:
                mention.org = self.gazetteer.organization(entry.organization) or OrganizationEntry(
                    entry.organization
                )
        j = index - 1
        while j >= 0 and items[j].kind == ITEM_HONORIFIC:
            j -= 1
        mention.evidence = j < index - 1 or item.kind == KIND_PERSON
        if (
            j >= 1
            and items[j].text == ","
            and items[j - 1].kind == ITEM_WORD
            and items[j - 1].key in P.COUNTERPART_WORDS
        ):
            j -= 1
        # "his counterpart from Ghana, Samuel Ablakwa"
        counterpart_country = None
        c = j - 1 if j >= 1 and items[j].text == "," else j
        if c >= 2 and items[c].kind == KIND_COUNTRY and not items[c].demonym:
            preposition = c - 2 if items[c - 1].key == "the" else c - 1
            if (
                preposition >= 1
                and items[preposition].key in ("from", "of")
                and items[preposition - 1].key in P.COUNTERPART_WORDS
            ):
                counterpart_country = items[c].value
                j = preposition - 1
        if j >= 2 and items[j].text == "," and items[j - 1].kind != ITEM_TITLE:
            j = self._after_portfolios(items, j)
        elif (
            j >= 2
            and items[j].kind == ITEM_WORD
            and items[j].text[:1].isupper()
            and items[j].key in self.offices.domains
            and (found := self._after_portfolios(items, j + 1)) != j + 1
        ):
            j = found  # the same list with no comma before the name: "... and Moroccan Expatriates Nasser Bourita"
        if j >= 1 and items[j].text == "," and items[j - 1].kind == ITEM_TITLE and not items[j - 1].attached:
            before = items[j - 2] if j >= 2 else None
            if before is None or before.kind != ITEM_NAME:
                j -= 1
        if (
            j >= 1
            and items[j].kind == ITEM_TITLE
            and not items[j].attached
            and token_key(items[j].text) in _BARE_RANKS
            and items[j - 1].kind == ITEM_WORD
            and items[j - 1].key in P.COUNTERPART_WORDS
        ):
            # "his Vietnamese counterpart General Phan Van Giang": a rank, and the counterpart's
            # office is the subject's.
            items[j].attached = True
            j -= 1
        found_title = False
        if j >= 0 and items[j].kind == ITEM_TITLE and not items[j].attached:
            title = items[j]
            title.attached = True
            found_title = True
            self._apply_title(mention, title)
            k = j - 1
            while k >= 0 and items[k].kind == ITEM_HONORIFIC:
                k -= 1
            if k >= 0 and items[k].kind in (KIND_COUNTRY, KIND_ORG):
                self._apply_affiliation(mention, items[k])
            j = k
        elif (
            j >= 0
            and items[j].kind == ITEM_WORD
            and (
                items[j].key in P.COUNTERPART_WORDS
                # "his Lithuanian colleague X": a colleague of another state is a counterpart
                or items[j].key == "colleague"
                and j >= 1
                and items[j - 1].kind == KIND_COUNTRY
                and items[j - 1].demonym
            )
        ):
            mention.counterpart = True
            if counterpart_country:
                mention.country = counterpart_country
            elif j >= 1 and items[j - 1].kind == KIND_COUNTRY:
                mention.country = items[j - 1].value
        elif (
            j >= 0 and items[j].kind in (KIND_COUNTRY, KIND_ORG) and (items[j].possessive or items[j].demonym)
        ):
            self._apply_affiliation(mention, items[j])
        elif (
            (o := j - 1 if j >= 1 and items[j].text == "," else j) >= 0
            and items[o].kind == KIND_ORG
            and (office := self._office_named_by(items[o])) is not None
        ):
            # "UN High Commissioner for Refugees(,) Filippo Grandi": an organization known by the
            # name of its head's office; the office is the title.
            mention.title, mention.heads = office
            self._apply_affiliation(mention, items[o])
            found_title = True
        if (
            not found_title
            and index + 1 < len(items)
            and items[index + 1].text == ","
            and not _met_before_the_subject(items, index)
        ):
            self._post_title(mention, items, index + 2)
        if found_title and not mention.country and not mention.org:
            # "President Jane Roe of the Republic of Ruritania": the state follows the name.
            k = index + 1
            if k + 1 < len(items) and items[k].text == "." and items[k + 1].key == "of":
                k += 1  # "Joseph R. Biden Jr. of the United States"
            if k < len(items) and items[k].kind == ITEM_WORD and items[k].key == "of":
                k += 1
                if k < len(items) and items[k].kind == ITEM_WORD and items[k].key == "the":
                    k += 1
                if k < len(items) and items[k].kind == KIND_COUNTRY and not items[k].demonym:
                    mention.country = items[k].value
        if not mention.country and not mention.org:
            delegation = _delegation_of(items, j)
            if delegation is not None:
                self._apply_affiliation(mention, delegation)
        if mention.title or mention.counterpart or mention.country or mention.org:
            mention.evidence = True
        return mention

    def _after_portfolios(self, items: list[Item], comma: int) -> int:
        """ "Minister of Foreign Affairs, African Cooperation and Moroccan Expatriates, Nasser Bourita":
        the index of the title when the rest of its list of portfolios stands between it and the
        comma before the name; else `comma` itself. The rest holds only capitalised words, demonyms,
        "and", "of", "&" and commas; the title must end with a portfolio ("Affairs") and must not
        follow a name of its own ("Jane Roe, Minister of Foreign Affairs, Trade and Industry, met ...")."""
        k = comma - 1
        while k >= 0 and comma - k <= 10:
            item = items[k]
            if item.kind == ITEM_TITLE or (item.text == "," and k >= 1 and items[k - 1].kind == ITEM_TITLE):
                title = k if item.kind == ITEM_TITLE else k - 1
                last_word = token_key(items[title].text.rsplit(None, 1)[-1])
                if (
                    title >= comma - 2
                    or items[title].attached
                    or (title > 0 and items[title - 1].kind == ITEM_NAME)
                ):
                    return comma
                if last_word in self.offices.domains:
                    return title
                if (
                    items[comma].text == ","
                    and items[title + 1].key == "of"
                    and items[comma - 1].kind == ITEM_WORD
                    and items[comma - 1].key in self.offices.domains
                ):
                    # "Minister of African Integration and Foreign Affairs, Yassine Fall": a portfolio
                    # the title words did not hold; the whole phrase is the title.
                    rest = items[title + 1 : comma]
                    items[title].text += "".join(
                        ("" if part.text == "," else " ") + part.text for part in rest
                    )
                    return title
                return comma
            if (
                (item.kind == ITEM_WORD and (item.text[:1].isupper() or item.key in ("and", "of")))
                or (item.kind == KIND_COUNTRY and item.demonym)
                or item.text in (",", "&")
            ):
                k -= 1
                continue
            return comma
        return comma

    def _post_title(self, mention: Mention, items: list[Item], k: int) -> None:
        """ "Name, [also] [the|a] [Country's] Title [of X]" and "Name, his Russian counterpart"."""
        while (
            k < len(items)
            and items[k].kind == ITEM_WORD
            and items[k].key in ("the", "his", "her", "their", "its", "also", "a", "an")
        ):
            k += 1
        affiliation = None
        if k < len(items) and items[k].kind in (KIND_COUNTRY, KIND_ORG):
            affiliation = items[k]
            k += 1
        if (
            k + 1 < len(items)
            and items[k].kind == ITEM_TITLE
            and items[k].possessive
            and items[k + 1].kind == ITEM_TITLE
            and not items[k + 1].attached
        ):
            # "Hans Grundberg, the UN Secretary-General's Special Envoy for Yemen": the office after
            # the possessive, in the organization of the one before it.
            if affiliation is None and items[k].org is not None:
                mention.org = items[k].org
            k += 1
        if (
            k < len(items)
            and items[k].kind == ITEM_TITLE
            and not items[k].attached
            # Not "Kesaranta, the prime minister's residence", nor "in Charlevoix, French Foreign
            # Minister Jean-Noel Barrot met": the title is someone else's.
            and not items[k].possessive
            and not (
                k + 1 < len(items)
                and (
                    items[k + 1].kind == ITEM_HONORIFIC
                    or items[k + 1].kind == ITEM_NAME
                    and " " in items[k + 1].text
                )
            )
        ):
            items[k].attached = True
            self._apply_title(mention, items[k])
            if affiliation is not None:
                self._apply_affiliation(mention, affiliation)
            elif not mention.country and not mention.org:
                self._apply_state_after_portfolios(mention, items, k + 1)
            if mention.heads == ("member",):
                self._office_after_membership(mention, items, k + 1)
        elif k < len(items) and items[k].kind == ITEM_WORD and items[k].key in P.COUNTERPART_WORDS:
            mention.counterpart = True
            if affiliation is not None and affiliation.kind == KIND_COUNTRY:
                mention.country = affiliation.value

    def _office_after_membership(self, mention: Mention, items: list[Item], k: int) -> None:
        """ "X, a member of the Political Bureau of the ... Central Committee and chairman of the
        National Assembly of Vietnam": the office after the party rank is the title, with the state
        written after it."""
        while k < len(items) and items[k].text not in (",", ";", "."):
            item = items[k]
            if item.kind == ITEM_TITLE and not item.attached and items[k - 1].key == "and":
                item.attached = True
                self._apply_title(mention, item)
                if (
                    k + 2 < len(items)
                    and items[k + 1].key == "of"
                    and _plain_country(items[k + 2])
                    and not mention.org
                ):
                    mention.country = items[k + 2].value
                return
            k += 1

    def _apply_state_after_portfolios(self, mention: Mention, items: list[Item], k: int) -> None:
        """ "X, Minister of Foreign Affairs, European Union and Cooperation of Spain": the state
        after the rest of the title's portfolios (capitalised words, commas and "and")."""
        while k < len(items) and (
            items[k].text == ","
            or items[k].kind == ITEM_WORD
            and (items[k].text[:1].isupper() or items[k].key == "and")
            or items[k].kind == KIND_ORG
        ):
            k += 1
        if (
            k + 1 < len(items)
            and items[k - 1].kind == ITEM_WORD
            and items[k - 1].key in self.offices.domains
            and items[k].key == "of"
            and items[k + 1].kind == KIND_COUNTRY
            and not items[k + 1].demonym
        ):
            mention.country = items[k + 1].value

    def _office_named_by(self, item: Item) -> tuple[str, tuple[str, ...]] | None:
        """(title, heads) of an organization's name that is its head's office: "UN High
        Commissioner for Refugees" -> ("High Commissioner for Refugees", ("commissioner",))."""
        offices = self.offices
        tokens = tokenize(item.text)
        heads = tuple(t.key for t in tokens if t.key in offices.heads)
        if not heads:
            return None
        first = next(t for t in tokens if t.key in offices.heads or t.key in offices.modifiers)
        return tidy_title(item.text[first.start :]), heads

    def _apply_title(self, mention: Mention, title: Item) -> None:
        mention.title = title.text
        mention.heads = title.heads
        if title.org is not None and not _national_body(title.org):
            mention.org = title.org
            mention.country = None
        elif title.country:
            mention.country = title.country
        elif mention.country is None and mention.org is None:
            mention.country = next((_STATE_OF_HEAD[h] for h in title.heads if h in _STATE_OF_HEAD), None)
            if mention.country is None and _EU_COMMISSIONER.match(title.text):
                mention.org = self.gazetteer.organization("EU")  # "European Commissioner for Trade"

    def _apply_affiliation(self, mention: Mention, item: Item) -> None:
        if mention.country or mention.org:
            return
        if item.kind == KIND_COUNTRY:
            mention.country = item.value
        elif item.kind == KIND_ORG and not _national_body(item.value):
            mention.org = item.value

    def _title_mention(self, items: list[Item], index: int) -> Mention | None:
        title = items[index]
        if not (set(title.heads) & P.BACKREF_HEADS or set(title.heads) & _HEAD_ALIASES.keys()):
            return None
        j = index - 1
        affiliation = None
        if j >= 0 and items[j].kind in (KIND_COUNTRY, KIND_ORG):
            affiliation = items[j]
            j -= 1
        if j >= 1 and items[j].kind == ITEM_WORD and items[j].key in _BACKREF_ADJECTIVES:
            j -= 1  # "the top Iranian diplomat", "the visiting minister"
        if (
            j >= 0
            and not (items[j].kind == ITEM_WORD and items[j].key in ("the", "his", "her", "its"))
            and not _after_opening_adverbial(items, j)
        ):
            return None
        mention = Mention("title", title.start, title.end, title=title.text, heads=title.heads)
        self._apply_title(mention, title)
        if affiliation is not None:
            self._apply_affiliation(mention, affiliation)
        return mention


_STYLE_POSSESSIVES = frozenset({"his", "her"})
_STYLE_RANKS = frozenset({"royal", "imperial", "serene"})
_STYLES = frozenset({"highness", "majesty", "excellency"})


def _style_alone(items: list[Item], index: int) -> int | None:
    """The end of "His Highness" or "Her Royal Highness" at `index` when a lower-case word, not a
    name or title, follows it ("His Highness also received"); else None."""
    k = index + 1
    if k < len(items) and items[k].kind == ITEM_WORD and items[k].key in _STYLE_RANKS:
        k += 1
    if not (k < len(items) and items[k].kind == ITEM_WORD and items[k].key in _STYLES and items[k].cap):
        return None
    following = items[k + 1] if k + 1 < len(items) else None
    if following is None or following.kind != ITEM_WORD or following.cap:
        return None
    return items[k].end


def _met_before_the_subject(items: list[Item], index: int) -> bool:
    """ "With Modi, the president discussed ...": the name opens the sentence after "With", and
    the title after its comma is the subject's, not an apposition."""
    if not items or items[0].kind != ITEM_WORD or items[0].key != "with":
        return False
    return all(item.kind in (ITEM_TITLE, ITEM_HONORIFIC, KIND_COUNTRY, KIND_ORG) for item in items[1:index])


def _after_opening_adverbial(items: list[Item], comma: int) -> bool:
    """ "Later, Prime Minister also spoke with ...", "On 21 August, EAM held talks ...", "On 22
    February, on the sidelines of the Meeting, EAM met ...": a bare title right after an opening
    phrase of plain words and its comma is the sentence's subject."""
    return (
        items[comma].text == ","
        and 1 <= comma <= 12
        and all(item.kind in (ITEM_WORD, ITEM_PUNCT) for item in items[:comma])
    )


_NATIONAL_BODY = re.compile(
    r"\b(?:National|Ministry|State|Presidential|Federal|Royal|Parliament|Government|Office of the)\b"
)


def _national_body(entry: object) -> bool:
    """An institution the article defines ("National Intelligence Organization (MIT)") that the
    gazetteer does not know is a state body: its officials serve their state, not an organization."""
    return (
        isinstance(entry, OrganizationEntry)
        and entry.kind is None
        and entry.parent is None
        and bool(_NATIONAL_BODY.search(entry.name))
    )


# Offices that belong to one state whatever the text says around them: the Pope is the Holy See's
# sovereign, not the country of the agency or of the place he receives in.
_STATE_BODIES = frozenset({"government", "executive", "cabinet"})
_EU_COMMISSIONER = re.compile(r"(?:European|EU) Commissioner\b")
_STATE_OF_HEAD = {"pope": "VA", "pontiff": "VA", "nuncio": "VA", "apostolic nuncio": "VA"}
_DELEGATION_WORDS = frozenset({"delegation", "delegations", "mission", "team"})


def _delegation_of(items: list[Item], k: int) -> Item | None:
    """The country or organization of a delegation led by the person whose title or name follows
    item k: "a delegation of the World Bank headed by (its Regional Director) X", "a Chinese business
    delegation, led by X", "a delegation of the Lao People's Revolutionary Party led by X"."""
    if k >= 0 and items[k].kind == ITEM_WORD and items[k].key in ("its", "their", "the"):
        k -= 1
    if k < 2 or items[k].key != "by" or items[k - 1].key not in ("led", "headed"):
        return None
    k -= 2
    if items[k].key == ",":
        k -= 1
    # "delegation of the Lao People's Revolutionary Party": an institution named after its
    # country's demonym; the demonym's country is the affiliation.
    m = k
    while m > 0 and k - m < 6 and items[m].kind == ITEM_WORD and items[m].text[:1].isupper():
        m -= 1
    if m < k and items[m].kind == KIND_COUNTRY and items[m].demonym:
        before = m - 1 if items[m - 1].key == "the" else m
        if (
            before >= 2
            and items[before - 1].key in ("of", "from")
            and items[before - 2].key in _DELEGATION_WORDS
        ):
            return items[m]
    # "delegation of/from [the] [<institution> of the] <affiliation>"
    if k >= 2 and items[k].kind in (KIND_COUNTRY, KIND_ORG):
        for m in range(k - 1, max(0, k - 8), -1):
            if items[m].key in ("of", "from") and items[m - 1].key in _DELEGATION_WORDS:
                return items[k]
            capitalised = items[m].text[:1].isupper()  # "State Duma": words of an institution's name
            if (
                items[m].kind not in (ITEM_NAME, KIND_ORG)
                and not capitalised
                and items[m].key not in ("of", "the", "and")
            ):
                break
    # "<affiliation> [business|high-level|...] delegation"
    if items[k].key in _DELEGATION_WORDS:
        for m in range(k - 1, max(-1, k - 4), -1):
            if items[m].kind in (KIND_COUNTRY, KIND_ORG):
                return items[m]
            if items[m].kind != ITEM_WORD or items[m].key in ("a", "an", "the", ","):
                break
    return None


def _country_list_ending_at(items: list[Item], k: int) -> tuple[list[str], int]:
    """The countries of "Finland, Latvia and Estonia" ending at item k, in order, and the index
    before the list; ([], k) when item k is not a country."""
    countries: list[str] = []
    while k >= 0 and items[k].kind == KIND_COUNTRY:
        countries.insert(0, items[k].value)
        k -= 1
        if k >= 1 and items[k].key in (",", "and") and items[k - 1].kind == KIND_COUNTRY:
            k -= 1
        elif (
            k >= 2 and items[k].key == "and" and items[k - 1].key == "," and items[k - 2].kind == KIND_COUNTRY
        ):
            k -= 2
        else:
            break
    return countries, k


def token_head(title: str) -> str:
    """The head word key of a title written out in full ("Foreign Minister" -> "minister")."""
    from .tokens import token_key

    return token_key(title.split()[-1])


def tidy_title(text: str) -> str:
    """Capitalise a title written in lower case ("foreign minister" -> "Foreign Minister")."""
    words = text.split()
    out = []
    for position, word in enumerate(words):
        if word.islower() and (position == 0 or word not in _LOWER_TITLE_WORDS):
            word = word[0].upper() + word[1:]
        out.append(word)
    title = " ".join(out)
    return title.rstrip(",")
