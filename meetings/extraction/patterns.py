"""Compiled patterns and word lists for the language of diplomatic news.

Compiled once at import. Everything here is general: verbs that report encounters, cues that turn
a report into a plan or into background, honorifics, and words that are capitalised without being
names.
"""

from __future__ import annotations

import re

from .tokens import token_key
from .wordpatterns import CuePattern, WordPattern

# --- Meeting triggers -------------------------------------------------------------------------
# Each trigger has a style that says where the principals stand:
#   meet: subject before the verb, counterparts after ("A met B", "A held talks with B")
#   host: like meet, but the subject is the host ("A received B", "A hosted B")
#   guest: passive hosting, the subject is the visitor ("A was received by B")
#   noun: principals may all follow ("talks between A and B", "a phone call with B")
STYLE_MEET = "meet"
STYLE_HOST = "host"
STYLE_GUEST = "guest"
STYLE_NOUN = "noun"

_ADJ = r"(?:(?:bilateral|separate|closed-door|one-on-one|tete-a-tete|tête-à-tête|official|working|courtesy|face-to-face|private|trilateral|high-level|fruitful|productive|extensive|detailed|wide-ranging|brief|lengthy|constructive|cordial|separate|joint|informal|formal|round of|\w+-level)\s+)*"

# How an adverbial meeting starts ("during their", "at a", "in a"); ADVERBIAL_MEETING below tells
# the assembler which of a sentence's triggers are such adverbials.
_ADVERBIAL_HEAD = r"\b(?:(?:during|at|in the course of|following|after)\s+(?:their\s+|an?\s+)?|in\s+(?:their|an?|his|her)\s+)"

TRIGGERS: list[tuple[WordPattern, str]] = [
    (
        WordPattern(
            r"\b(?:was|were|is|are|being|been)\s+(?:(?:warmly|also|later|then|subsequently|officially|cordially)\s+)*"
            r"(?:received|hosted|welcomed)\s+"
            # "was received on Monday by", "was received in Baghdad on Friday by"
            r"(?:(?:on|in|at|yesterday|today|this)\b[^,;.]{0,30}?\s+)?by\b"
        ),
        STYLE_GUEST,
    ),
    (
        WordPattern(
            r"\b(?:received|receives|receiving|hosted|hosts|hosting|welcomed|welcomes|granted an audience to)\b(?!\s+by\b)"
        ),
        STYLE_HOST,
    ),
    (
        WordPattern(
            r"\b(?:met|meets|sat down with|sits down with|conferred with|confers with|talked with|talked to|spoke with|spoke to|speaks with|spoke on \w+ with|spoke on \w+ to|spoke (?:today|yesterday|tonight|this \w+) (?:with|to)|spent (?:[\w-]+ ){1,3}in (?:talks|negotiations|discussions) with|paid a courtesy call on|called on|calls on|exchanged views with|negotiated with)\b"
        ),
        STYLE_MEET,
    ),
    (
        WordPattern(
            r"\b(?:held|holds|had|has had|conducted|hold)\s+(?:a\s+|an\s+|the\s+)?"
            + _ADJ
            + r"(?:(?:number|series|round|session|set) of\s+(?:\w+\s+){0,2}?|[a-z][\w-]*\s+){0,3}?"
            + r"(?:meeting|meetings|talks|consultations|discussions|negotiations|conversation|phone call|telephone call|call|video\s?conference|videoconference|video call|tête-à-tête|tete-a-tete|audience|working session|"
            r"lunch|luncheon|dinner|breakfast|summit|bilateral|interaction|(?:official )?welcome ceremony|welcoming ceremony|"
            r"state banquet|banquet)\b"
        ),
        STYLE_MEET,
    ),
    (
        WordPattern(
            r"\b(?:meeting|meetings|talks|conversation|phone call|telephone call|call|video\s?conference|videoconference|video call|discussions|consultations|negotiations|tête-à-tête|tete-a-tete)\s+(?:with|between)\b"
        ),
        STYLE_NOUN,
    ),
    (
        WordPattern(
            r"\b(?:phoned|telephoned|dialled|dialed|(?:spoke|spoken) (?:(?:today|yesterday|tonight|on \w+) )?by (?:tele)?phone|spoken over the (?:tele)?phone|spoke over the (?:tele)?phone|spoke on the (?:tele)?phone|had a (?:tele)?phone conversation|held a (?:tele)?phone conversation|"
            r"exchanged views by (?:tele)?phone|exchanged views over the (?:tele)?phone|"
            r"talked by (?:tele)?phone|talked over the (?:tele)?phone|talked on the (?:tele)?phone|"
            # "X told Y by phone that ...": the call, with the people between
            r"told(?= (?:[\w'’.-]+ ){1,6}?(?:by|over the) (?:tele)?phone\b))\b"
        ),
        STYLE_MEET,
    ),
    # Weak (WEAK_TRIGGER): they need two people before them or "with" after them.
    (
        WordPattern(
            r"\b(?:discussed|discusses|discussing|exchanged views|shook hands|witnessed the signing|huddled)\b"
        ),
        STYLE_MEET,
    ),
    # "A co-chaired the session with B", "A and B co-chaired the commission".
    (
        WordPattern(r"\b(?:co-?chaired|co-?chairs|co-?chairing|co-?presided over|co-?hosted)\b"),
        STYLE_MEET,
    ),
    # "A made a phone call to B", "A placed a call to B".
    (
        WordPattern(
            r"\b(?:made|makes|placed|places|put through)\s+(?:a|an)\s+(?:(?:tele)?phone\s+|video\s+)?call\s+(?:to|with)\b"
        ),
        STYLE_MEET,
    ),
    # "A and B have completed their talks", "A and B wrapped up two days of negotiations".
    (
        WordPattern(
            r"\b(?:completed|concluded|wrapped up|finished|ended|began|started|opened|resumed)\s+(?:their|the|a|an)?\s*"
            r"(?:[\w-]+\s+){0,3}?(?:talks|negotiations|meeting|consultations|discussions)\b"
        ),
        STYLE_MEET,
    ),
    # "Talks were held in Ankara between A and B": the passive, everyone follows.
    (
        WordPattern(
            r"\b(?:talks|meeting|meetings|consultations|negotiations|discussions|conversation|phone call|"
            r"telephone call|video call|videoconference)\s+(?:was|were)\s+(?:also\s+)?held\b"
        ),
        STYLE_NOUN,
    ),
    # "A meeting took place (in Granada) between A and B": everyone follows; "The meeting took
    # place on Monday" without "between" tells more of a meeting told before.
    (
        WordPattern(
            r"\b(?:talks|meeting|meetings|consultations|negotiations|discussions|conversation|phone call|"
            r"telephone call|video call|videoconference)\s+took\s+place\s+(?:(?:in|on|at)\s+[\w-]+\s+)?between\b",
            needs=("took place",),
        ),
        STYLE_NOUN,
    ),
    # "The summit gathered A, B and C": everyone follows the verb.
    (
        WordPattern(r"\b(?:gathered|brought together|bringing together)\b(?!\s+(?:at|in|on|for)\b)"),
        STYLE_NOUN,
    ),
    # "During their meeting in Baku, A and B reviewed ...": "their" names the people who met; "A
    # and B agreed ... during talks in Seoul" is a new encounter. Not "the talks": that one was told.
    (
        WordPattern(
            _ADVERBIAL_HEAD
            + _ADJ
            + r"(?:(?!the\b|this\b|that\b|these\b|those\b|his\b|her\b|its\b)[a-z][\w-]*\s+){0,2}?(?:meeting|talks|consultations|discussions|negotiations|"
            r"phone call|telephone call|phone conversation|telephone conversation|video call|videoconference)\b"
        ),
        STYLE_NOUN,
    ),
    # A minister's own post, quoted: "'Glad to meet FM Penny Wong this morning,' the minister wrote".
    (
        WordPattern(
            r"\b(?:glad|delighted|happy|pleased|honou?red)\s+to\s+(?:meet|have met|call on|receive|host|welcome)\b",
            needs=("glad", "delighted", "happy", "pleased", "honored", "honoured"),
        ),
        STYLE_NOUN,
    ),
    # An ambassador's credentials are presented in person: "A accepted the credentials of B", "A
    # received credentials copies from B" (A hosts), "B presented copies of his credentials to A".
    (
        WordPattern(
            r"\b(?:accepted|accepts|received|receives)\s+(?:the\s+)?(?:(?:copies|a\s+copy)\s+of\s+(?:the\s+)?)?"
            r"(?:credentials|letters?\s+of\s+credence)(?:\s+copies)?\s+(?:of|from)\b"
        ),
        STYLE_HOST,
    ),
    (
        WordPattern(
            r"\b(?:presented|presents|handed|hands)\s+(?:over\s+)?(?:(?:copies|a\s+copy)\s+of\s+)?"
            r"(?:his\s+|her\s+|the\s+)?(?:credentials|letters?\s+of\s+credence)(?:\s+copies)?\s+to\b"
        ),
        STYLE_GUEST,
    ),
]

ADVERBIAL_MEETING = re.compile(_ADVERBIAL_HEAD, re.I)

# Token keys (tokens.token_key: folded, lower-case, no hyphens) that each trigger pattern needs
# one of, in TRIGGERS order: a sentence is only searched with the patterns whose words it has.
TRIGGER_KEYWORDS: list[frozenset[str]] = [
    frozenset(k.split())
    for k in (
        "received hosted welcomed",
        "received receives receiving hosted hosts hosting welcomed welcomes granted",
        "met meets sat sits conferred confers talked spoke speaks spent paid called calls exchanged negotiated",
        "meeting meetings talks consultations discussions negotiations conversation call videoconference "
        "video teteatete audience lunch luncheon dinner breakfast summit bilateral ceremony banquet session interaction",
        "meeting meetings talks conversation call videoconference video discussions consultations negotiations "
        "teteatete",
        "phoned telephoned dialled dialed spoke spoken had held exchanged talked told",
        "discussed discusses discussing exchanged shook witnessed huddled",
        "cochaired cochairs cochairing copresided cohosted",
        "call",
        "talks negotiations meeting consultations discussions",
        "talks meeting meetings consultations negotiations discussions conversation call videoconference",
        "talks meeting meetings consultations negotiations discussions conversation call videoconference",
        "gathered brought bringing",
        "meeting talks consultations discussions negotiations call conversation videoconference",
        "glad delighted happy pleased honored honoured",
        "credentials credence",
        "credentials credence",
    )
]
TRIGGER_KEYS: frozenset[str] = frozenset().union(*TRIGGER_KEYWORDS)

# Spelled out rather than "(?:tele)?phone": an optional head would make WordPattern try every position.
PHONE_CUE = WordPattern(
    r"\b(?:telephone|phone|telephoned|phoned|dialled|dialed|(?:had|held|has|holds|made)\s+a\s+call)\b",
    needs=("phone", "dial", "a call"),
)
VIDEO_CUE = WordPattern(
    r"\b(?:video\s?conferenc\w*|video-conferenc\w*|video call|video link|videolink|via video|by video|virtual meeting|virtual summit|virtual talks|online meeting|online talks|online summit|online conference|online conversation|online call|virtually|online format|via zoom|video format|video mode)\b",
    needs=("video", "virtual", "online", "zoom"),
)

# Verbs of another encounter, in the forms that follow "will", "to" or "before" ("and will meet C",
# "is due to visit C"): the people after them are not the other side of an earlier trigger. Not the
# -ing forms: "received visiting Foreign Minister C" is the meeting itself.
OTHER_ENCOUNTER = WordPattern(
    r"\b(?:meet|visit|receive|host|(?:before|ahead of|prior to)\s+(?:meeting|visiting|receiving|hosting))\b"
)
# "visit" as a noun ("received a visit from C") is the meeting itself, not another encounter.
VISIT_NOUN_BEFORE = re.compile(r"(?:\b(?:a|an|the|his|her|their|its)\s+(?:\w+\s+)?)\Z", re.IGNORECASE)

# A gerund after a preposition names an act, not a report of it: "thanked B for hosting the talks".
# "after", "upon" and "while" are not among them: "said after meeting B" reports the meeting.
GERUND_BEFORE = WordPattern(r"\b(?:for|before|of|by|without)\s+$")

# "discussed" only reports a meeting when it names the other side ("discussed ... with B",
# "A and B discussed"), which the assembler checks.
WEAK_TRIGGER = re.compile(
    r"^(?:discussed|discusses|discussing|exchanged views|shook hands|witnessed the signing|huddled)$", re.I
)

# --- Cues that a trigger does not report an encounter that happened ---------------------------
# Words right before the trigger: a plan, a wish or background ("will meet", "to hold talks",
# "last met", "had met").
# "may" before a number is the month: "on May 19 received"; "May" capitalised is a modal only in a
# title-case headline ("Putin May Meet Xi"), not in "Theresa May met". "to" only in lower case:
# "To Lam hosted".
FUTURE_BEFORE = WordPattern(
    r"\b(?:will|would|shall|could|(?:(?-i:may)|(?-i:May)(?=\s+[A-Z]))(?!\s+\d)|might|can|should|must|(?-i:to)|going to|expected to|due to|set to|plan(?:s|ned)? to|"
    r"scheduled to|slated to|ahead of|upcoming|forthcoming|planned|next|proposed|possible|potential|future|"
    r"invit\w+ to|intend\w* to|hope\w* to|agreed to|looking forward to|look forward to|preparations? for|"
    r"before (?:a|the|his|her)|(?:set|scheduled|planned|date) for|no date|unlikely to|hopes? for|call(?:ed|s)? for)\s+(?:\w+\s+){0,2}$"
)
# "no" for a denied encounter: "that no telephone conversation between A and B is planned".
BACKGROUND_BEFORE = WordPattern(
    r"\b(?:had|last|previously|never|not|no|first|once|earlier had|recalled|recalling)\s+(?:\w+\s+){0,1}$"
)
# A meeting "last week" is still news (readouts come late); one "last month" or "last year" is background.
BACKGROUND_AFTER = CuePattern(
    r"^\W*(?:\w+\W+){0,12}?(?:several times|many times|on several occasions|on many occasions|in the past|repeatedly|"
    r"(?:in|back in|(?<!first )(?<!first time )since) (?:19|20)\d\d\b|last (?:year|month)\b|years ago|months ago)",
    needs=("times", "occasions", "past", "repeatedly", "19", "20", "last", "ago"),
)
# Anywhere after the trigger, up to the next one: the encounter lies well in the past, or it is a
# plan ("their meeting in Cairo last year", "the meeting, planned for next month, was postponed").
LATER_BACKGROUND_OR_PLAN = CuePattern(
    r"\b(?:last year|last month|years ago|months ago|planned for|scheduled for|(?:was|were|has been|have been|"
    r"had been) (?:postponed|cancelled|canceled|called off|delayed)|(?:is|are) (?:being considered|"
    r"under consideration|being planned|being scheduled|being prepared)|(?:is|are) planned (?:in|for|on|at))\b",
    needs=("last", "ago", "planned", "scheduled", "postponed", "cancel", "called off", "delayed", "consider",
           "being prepared"),
)  # fmt: skip
# After "during/at/following talks" (an adverbial before the main clause): the sentence tells of a
# plan ("During talks next week, A and B are expected to ..."). Not "will" or "would": "During
# talks on Monday, A and B agreed that experts would meet in May" reports the talks.
PLAN_AFTER_ADVERBIAL = CuePattern(
    r"\b(?:next (?:week|month|year)|(?:is|are) (?:expected|due|set|scheduled) to|plans? to)\b",
    needs=("next", "expected", "due", "set", "scheduled", "plan"),
)
# Anywhere in the sentence: the encounter is reported as background or as a plan.
SENTENCE_BACKGROUND = WordPattern(
    r"\b(?:recalled that|recalling that|recalled (?:his|her|their) (?:meeting|visit|talks)|the two (?:last|previously|first) met|"
    r"had travelled|had traveled|had visited|had held|had met|had hosted|had received)\b",
    needs=("recall", "the two", "had "),
)
# Summoning an ambassador to hand over a protest is an accusation (PLOVER ACCUSE), not a meeting.
SUMMONS = WordPattern(
    r"\b(?:summon\w*|protest note|note of protest|démarche|demarche|note verbale of protest)\b",
    needs=("summon", "protest", "marche"),
)
# A "received" whose object is a thing, not a person.
RECEIVED_THING = re.compile(
    r"^\s*(?:a|an|the|his|her|their)?\s*(?:\w+\s+){0,2}(?:letter|message|messages|invitation|congratulat\w*|award|medal|"
    # "received a copy of the credentials of Ambassador B" is an audience with B.
    r"prize|report|(?:copy|copies)(?! of (?:the |his |her |their )?(?:\w+ )?(?:credentials|letters? of credence))|vaccines?|aid|assistance|support|shipment|delegations? of (?:students|journalists)|"
    # "received a courtesy call from B" is a visit
    r"phone call|telephone call|(?<!courtesy )call|greetings|"
    # "welcomed the agreement between A and B", "welcomed the decision of President A"
    r"agreements?|decisions?|news|announcement|moves?|initiatives?|proposals?|statements?|efforts|outcome|"
    r"results?|progress|steps?|deal|ceasefire|truce|resolution|declaration|elections?|release|adoption|signing|"
    # "welcomed the presence of B in Riyadh", "welcomed the participation of B"
    r"presence|participation|alignment|commitment|contribution|stance|position)\b",
    re.I,
)
# "welcomed Albania's full alignment with ...": something of someone, not a visitor ("welcomed
# Albania's Prime Minister Edi Rama" goes on in capitals, "received President B's special envoy C"
# names a person).
POSSESSED_THING = re.compile(
    r"^\s*(?:the\s+)?[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*['’]s?\s+"
    r"(?!(?:(?:special|personal|top|chief|senior|new|visiting)\s+)*(?:envoy|representative|counterpart|minister|"
    r"advis[eo]r|ambassador|delegation|deputy|aide|spokes\w+|foreign|prime|president|secretary|chief|head|leader|"
    r"diplomat|negotiator|defen[cs]e|interior|finance|trade|wife|husband|son|daughter|successor|predecessor)\b)[a-z]"
)

# --- Participants who are not principals ------------------------------------------------------
ATTENDEE_CUE = WordPattern(
    r"\b(?:in the presence of|accompanied by|attended (?:on the [\w-]+ side )?by|joined by|with the participation of|flanked by|"
    r"also present were|present were|along with)\b",
    needs=(
        "presence",
        "accompanied",
        "attended",
        "joined",
        "participation",
        "flanked",
        "present",
        "along with",
    ),
)
ATTENDEE_SENTENCE = WordPattern(
    r"\b(?:also attended|attended the (?:meeting|talks|event|ceremony|session)|were also present|was also present|"
    r"were present|was present|present (?:at the (?:meeting|talks) )?(?:was|were)|"
    r"took part in the (?:meeting|talks)|participated in the (?:meeting|talks)|"
    r"joined the (?:meeting|talks|call|conversation|video call)|(?:was|were) also at the (?:meeting|talks)|"
    r"sat in on the (?:meeting|talks)|(?:was|were) (?:also )?in attendance|(?:was|were) (?:also )?in the room|"
    r"joined part of the (?:meeting|talks|call)|took part on the [\w-]+ side|"
    r"(?:took part|participated) in the (?:[\w-]+ ){0,2}(?:talks|session|meeting|format|videoconference|call)|"
    r"also took part|also participated|also joined)\b"
)
# Mentions that are named but not present ("conveyed the greetings of President X").
# The noun must be followed by "of", "from" or "to": "EU foreign policy chief Kaja Kallas" is there.
ABSENT_BEFORE = WordPattern(
    r"\b(?:greetings|regards|wishes|message|letter|invitation|condolences|congratulations|behalf|instructions?|"
    r"directives?|name|vision|initiative|leadership|policy|policies|according to|on the invitation of|"
    r"at the invitation of|at the initiative of)\s+(?:(?:of|from|to)\s+|(?<=of\s)|(?<=to\s))(?:the\s+)?(?:\w+\s+){0,1}$"
    # A longer title after the ones that never name someone present: "the greetings of Prime
    # Minister X", "in place of Foreign Minister X" (not "a message to Prime Minister X", who got it).
    r"|\b(?:greetings|regards|wishes|condolences|congratulations|behalf|in place|instead)\s+(?:of|from)\s+"
    r"(?:the\s+)?(?:\w+\s+){0,3}$"
)
# "met B and C separately", "held separate meetings with B and C", "held bilateral meetings with B,
# C and D": one meeting with each.
SPLIT_OBJECTS = WordPattern(
    r"\b(?:separately|individually|respectively|separate\s+(?:[\w-]+\s+){0,2}?(?:meetings|talks|conversations|"
    r"calls|consultations|audiences)|bilateral\s+(?:meetings|talks)\s+(?:[^\s,;.]+\s+){0,4}?with|"
    # "met with B, and later with C", "met with B and with C", "a phone call from B, and another from C"
    r"and\s+(?:(?:later|then|subsequently|afterwards)\s+)?with|and\s+another\s+(?:one\s+)?(?:from|with))\b",
    needs=("separate", "individually", "respectively", "and with", "later with", "then with", "subsequently with",
           "afterwards with", "another", "bilateral"),
)  # fmt: skip

# --- Honorifics and names ---------------------------------------------------------------------
# Multi-word honorifics are matched on token keys.
HONORIFICS: frozenset[tuple[str, ...]] = frozenset(
    tuple(token_key(w) for w in phrase.split())
    for phrase in (
        "H.E.", "HE", "HH", "HRH", "HM", "Dr", "Mr", "Mrs", "Ms", "Miss", "Madam", "Madame", "Mme", "Sir",
        "Prof", "Professor", "Eng", "Engr", "Amb", "Hon", "Honourable", "Honorable", "Rt", "Right Honourable",
        "Lord", "Baroness", "Dame", "Samdech", "Samdech Moha Borvor Thipadei", "Samdech Akka Moha Sena Padei Techo", "Sheikh", "Shaikh", "Mawlawi", "Maulvi", "Maulana", "Mullah", "Sheikha", "Shaikha", "Prince", "Princess", "Sayyid", "Sayed", "Makhdoom", "Shri", "Smt", "Shrimati",
        "Hajji", "Haji", "Datuk", "Dato", "Datuk Seri", "Datuk Seri Diraja", "Dato Seri", "Dato Sri", "Datuk Sri",
        "Tun", "Seyed", "Seyyed", "Dato' Sri", "Tan Sri", "Excellency", "Datuk Seri Utama", "Dato Seri Utama",
        "Datuk Amar", "Datuk Patinggi", "Tan Sri Dato", "Datin", "Datin Seri", "Toh Puan", "Pehin", "Pengiran",
        # Military ranks written short before a name: "Gen. Michael Kurilla", "Lt. Gen. Asim Munir".
        "Gen", "Lt Gen", "Lt-Gen", "Maj Gen", "Maj-Gen", "Brig Gen", "Adm", "Vice Adm", "Rear Adm", "Col",
        "Lt Col", "Air Chief Marshal", "Air Marshal", "Captain", "Capt",
        "His Excellency", "Her Excellency", "Their Excellencies", "His Majesty", "Her Majesty",
        "His Highness", "Her Highness", "His Royal Highness", "Her Royal Highness", "His Holiness",
        "Your Excellency", "Mister", "Monsieur", "Senhor", "Señor", "Herr", "Frau", "Comrade",
        "Ayatollah", "Hojatoleslam", "Grand Ayatollah", "Imam", "Mullah",
        "Archbishop", "Cardinal", "Bishop", "Monsignor", "Msgr", "Mgr", "Patriarch", "Metropolitan",
    )
)  # fmt: skip
MAX_HONORIFIC_LEN = max(len(h) for h in HONORIFICS)

# Joining words that may stand inside a personal name.
NAME_PARTICLES = frozenset(
    "bin bint ibn binti al el ul ud de da di du del della van von der den ter "
    "la le los las dos das do abu ould ben bou y zu e".split()
)
ROMAN_NUMERALS = frozenset("ii iii iv v vi vii viii".split())

# Capitalised words that never start or make up a person's name.
NOT_NAME = frozenset(
    token_key(w)
    for w in """
    diwan far the a an he she it they we i you his her their our its this that these those there here who whom whose which what
    during after before following according in on at by for with from to of and or but also as while when where
    meanwhile moreover furthermore however earlier later today yesterday tomorrow tonight speaking addressing noting
    stressing emphasizing underlining highlighting referring touching welcoming expressing both all other several
    two three four five six many each some such any no not new first second third last next one
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
    september october november december jan feb mar apr jun jul aug sep sept oct nov dec
    ramadan muharram shawwal eid hijri separately visiting afterwards him
    republic kingdom state states emirate emirates sultanate federation union ministry embassy consulate government
    parliament assembly council organization organisation forum summit conference session cabinet office agency bank
    presidency chancellery directorate administration secretariat
    fund committee commission palace house hall center centre museum university institute academy school airport
    square street avenue process dialogue initiative corridor program programme year day week strategy agreement
    memorandum treaty declaration plan vision forces army navy party movement front group company corporation
    authority association community network foundation media news press tv radio quran god allah muslim christian
    jewish arab western eastern northern southern central european asian african islamic world international
    national global regional diplomatic sources source photo video read more related update staff reporter
    correspondent agency's minister's president's capital city province region district county sea ocean gulf
    river lake mountain island islands peninsula port bay cooperation development partnership relations security
    peace war crisis conflict economic trade energy investment culture education health issues issue matters
    sides side parties party delegation delegations leaders leader officials official talks meeting meetings
    visit visits tour ceremony reception dinner lunch breakfast event events expo exhibition games olympics cup
    championship festival week month days months years prize award order medal north south east west
    dam pipeline railway highway canal terminal stadium mosque cathedral nation common
    excellency majesty highness holiness mr mrs ms dr prof sheikh prince
    """.split()
)

# Words of NOT_NAME that are also given names or parts of names: capitalised right after a title
# and before a surname, or inside a run of name words ("Nguyen Van An"), they belong to the name.
# "Jan" (the month's abbreviation) also opens a name anywhere before a surname: "met with Jan Egeland".
GIVEN_NAME_WORDS = frozenset({"christian", "june", "april", "august", "may", "an", "to", "jan", "jun", "he"})
GIVEN_NAME_ANYWHERE = frozenset({"jan"})
# Inside a run, "May" and "To" only last, before a word in lower case ("Theresa May met"): title-case
# headlines write "Putin May Meet Xi", "Xi To Visit".
NAME_PART_WORDS = GIVEN_NAME_WORDS - {"may", "to", "jan", "he"}
# "Vice Premier He Lifeng", "Vice Premier Liu He said": the Chinese family and given name "He".
LAST_NAME_PART_WORDS = frozenset({"may", "to", "he"})

# Words that make a capitalised run an institution rather than a person.
INSTITUTION_WORDS = frozenset(
    token_key(w)
    for w in """
    organization organisation union council commission committee assembly parliament ministry agency bank fund
    forum institute university academy foundation association company corporation group authority office
    embassy consulate center centre programme program court federation alliance movement party league
    secretariat conference summit congress senate chamber duma majlis sabha knesset bundestag bundesrat sejm
    jirga khural dam pipeline railway highway canal terminal stadium mosque cathedral
    """.split()
)

# Pronouns that can stand for the subject of an earlier meeting.
SUBJECT_PRONOUNS = frozenset({"he", "she"})

# Words that mark "counterpart" mentions ("his Russian counterpart Sergei Lavrov").
COUNTERPART_WORDS = frozenset({"counterpart", "counterparts", "opposite", "homologue"})

# Title heads that "the <title>" may use to refer back to a named person.
BACKREF_HEADS = frozenset(
    token_key(w)
    for w in """
    president minister premier secretary-general director-general chairman chairwoman chairperson speaker
    king queen emir amir sultan ambassador envoy commissioner chancellor governor mayor secretary director
    representative counterpart prince head chief diplomat leader pope pontiff
    """.split()
) | {"crown prince"}

# Verbs that tell news: of a report's source ("..., X said.", meetings) and of reported speech.
TELLING_VERBS = ("said", "says", "told", "added", "noted", "stated", "announced", "confirmed", "reported")
# Reported speech: what follows "that" is what was told, and the teller is not part of it. Up to a
# few words may stand between the verb and "that": "said in a statement that", "told reporters on
# Monday that", "told a regular press briefing that". Both the meeting's subject (meetings) and its
# date (dates: not the day of the telling) read it.
REPORTED_THAT = WordPattern(
    rf"\b(?:{'|'.join(TELLING_VERBS)}|announces)\b[^.;:!?\"“”]{{0,80}}?\bthat\b",
    needs=("that",),
)
# The same without "that": "Spokesperson X said Deputy Prime Minister Y met Z" ("told" is followed by
# whom it was told to).
_TELLING_WITHOUT_THAT = tuple(verb for verb in TELLING_VERBS if verb != "told")
REPORTED_SAID = WordPattern(
    rf"\b(?:{'|'.join(_TELLING_WITHOUT_THAT)})\s+(?=(?:the\s+|his\s+|her\s+)?(?-i:[A-Z]))",
    needs=_TELLING_WITHOUT_THAT,
)


# --- Context events and places ----------------------------------------------------------------
CONTEXT_EVENT = WordPattern(
    r"\b(?:on the (?:sidelines|margins?) of|on the sideline of|in the margins of|within the framework of|"
    r"as part of|in the framework of|during|at)\s+(?P<event>(?:the|his|her|their|an?)\s+[^,;.]{3,140}?)"
    r"(?=\s*(?:,|;|\.|$|\s+(?:in|held in|which|where|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|on \d)\b))"
)
EVENT_WORDS = WordPattern(
    r"\b(?:summit|forum|session|conference|congress|assembly|meeting of|visit|tour|ceremony|games|olympics|expo|"
    r"exhibition|dialogue|week|festival|talks|convention|cop\d*|council|ministerial|gathering|celebrations?|"
    r"inauguration|funeral|event|cup|championship|anniversary|commemoration)\b"
)
VISIT_TO = WordPattern(r"\bvisit\w*\s+(?:to|in)\s+(?:the\s+)?")
IN_PLACE = WordPattern(
    r"\b(?:in|at|to|near)\s+(?:the\s+)?(?:(?:[\w-]+\s+){0,3}(?:state|province|city|region|capital|town|resort|island|emirate)\s+of\s+|capital\s+(?:city\s+)?(?:of\s+)?|city\s+of\s+|southern\s+|northern\s+|eastern\s+|western\s+|central\s+|resort\s+(?:town\s+|city\s+)?(?:of\s+)?)?$"
)
# A demonym that names the country of a place: "in the Indian state of Goa", "in the Saudi capital".
DEMONYM_PLACE_AFTER = re.compile(
    r"\s+(?:state|province|city|capital|town|region|resort|port|island|village|republic)\b", re.I
)
DEMONYM_PLACE_BEFORE = WordPattern(
    r"\b(?:in|at|near|to)\s+(?:the\s+)?(?:(?:north|south|east|west)(?:ern|-?(?:east|west)(?:ern)?)?\s+|central\s+|"
    r"ancient\s+|coastal\s+|historic\s+)?$"
)
HEADQUARTERS = WordPattern(r"\bheadquarters\b")

# A dateline at the head of the text: "BAKU, November 12 (AzerTac) -", "ISLAMABAD, Mar 22 (APP):".
DATELINE = re.compile(
    r"^\s*(?P<city>[A-Z][A-Z .'’-]{2,40}?)(?:\s*,\s*(?P<rest>[^\n]{0,60}?))?(?:\s*[-–—:]|\s*\(|\s*$)", re.M
)
