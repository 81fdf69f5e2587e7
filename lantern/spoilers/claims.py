"""Recognise the film's twists however members phrase them: claim rules over the folded text.

A twist (`[[twists]]` in the film pack) is given away by ONE sentence that names what the
twist is about (a subject: "Li Wei", "the suit guy", "the bangle"; or a pronoun once the
message is about the film) and says what it reveals ("is her brother"), or negates what it
shows to be false ("isn't the villain"); a few phrases are enough on their own. What the
twist reveals, negated, reveals nothing ("isn't a good guy"); what it disproves, said plainly,
is ordinary chat ("is a great villain").

Words are compared in their canonical form (see `normalize`: case, accents, look-alike
letters, leetspeak), with "l" and "i" taken as one letter ("L1n" is "Lin" as "fa11" is
"fall"), and words of five letters or more also match with one typo (a letter missing, extra,
wrong, or two swapped). Hidden text (`||...||`, code) is never read.

Cost: most chat mentions nothing of the film. One Aho-Corasick pass over the folded words
(the scanner's fast fold; with a long guild term list, the scanner's own pass) looks for any
content word of any rule, as spelt in the pack; only a message with one goes on to the rules,
plain Python over a word index (p99 ~16 ms for 2,000 characters full of the film's names), run
in a worker thread by the service.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Protocol

from lantern.spoilers.markdown import hidden_spans
from lantern.spoilers.normalize import (
    BARRIER,
    SEPARATOR,
    loose_ascii_words,
    normalize,
    normalize_term,
    unicode_canonical_text,
)
from lantern.spoilers.scanner import SpoilerHit, separator_keyed_dfa

GAP = 2  # other words allowed between two words of a pattern
NEGATION_REACH = 4  # words before a `denies` match in which a negation makes it a claim
SAYS_NEGATION_REACH = 2  # words before a `says` match in which a negation cancels it
FUZZY_LENGTH = 5  # pattern words this long also match with one typo
FUZZY_NAME_LENGTH = 6  # a one-word name this long also matches with one typo


def word_key(word: str) -> str:
    """A canonical word as the rules compare it: "l" and "i" are one letter."""
    return word.replace("l", "i")


# English, not the film: what negates, what marks a message as film talk (so a pronoun may
# stand for a character), and the commonest words (never an anchor, never a sensible term).
def _keys(words: str) -> frozenset[str]:
    return frozenset(word_key(word) for word in words.split())


NEGATIONS = _keys(
    "not never no nobody noone nothing isnt wasnt arent werent aint doesnt didnt dont "
    "hasnt hadnt wont neither nor"
)
CONTEXT_WORDS = _keys("film movie scene ending twist plot character characters")
CONTEXT_PHRASES = (("turns", "out"), ("aii", "aiong"), ("whoie", "time"), ("the", "end"))  # keys
STOP_WORDS = _keys(
    """a about after again all along also am an and any are as at away back be been before
    being but by can come comes came could did do does done down even ever every for from get
    gets go goes going got had has have he her here hers him his how i if in into is it its
    just know like look looks made make me more most much my new no not now of off on once one
    only or other our out over own really s said say says see she so some still such t than
    that the their them then there these they thing this those through to told tells too up us
    very was way we well went were what when where which while who whole why will with would
    yes yet you your"""
)
COMMON_WORDS = STOP_WORDS | _keys(
    """want wants wanted think thought good great bad day days night people man men woman life
    time times year years work home last first next long little big right left never nothing
    something anything everything always maybe love loved lol ok okay yeah sure thanks please
    today tomorrow lot lots need needs feel felt take took give gave given find found tell
    call try keep let put mean show seem ask turn start leave play run move live believe hold
    bring happen write sit stand lose pay meet include continue set learn change lead watch
    follow stop create speak read allow add spend grow open walk win offer remember consider
    appear buy wait serve die send expect build stay fall cut reach kill remain"""
)
_ARTICLES = frozenset(("the", "a", "an"))
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]*_]*\s+|\n+")


class TwistLike(Protocol):
    """What the detector needs of a twist (the film pack's `Twist`)."""

    id: str
    label: str
    referred_as: tuple[str, ...]
    pronouns: tuple[str, ...]
    says: tuple[str, ...]
    denies: tuple[str, ...]
    phrases: tuple[str, ...]


# ----- words and patterns -----


@dataclass(frozen=True, eq=False)  # compared by identity: the word index holds them in sets
class Alternative:
    text: str  # a word key
    prefix: bool  # `word*`: any word starting with it
    fuzzy: bool  # one typo allowed

    def matches(self, word: str) -> bool:
        text = self.text
        if self.prefix:
            if word.startswith(text):
                return True
            return (
                self.fuzzy and len(word) >= len(text) and within_one_edit(word[: len(text)], text)
            )
        if word == text or word == text + "s":
            return True
        return self.fuzzy and within_one_edit(word, text)


@dataclass(frozen=True)
class Slot:
    """One word of a pattern: any of its alternatives."""

    alternatives: tuple[Alternative, ...]

    def matches(self, word: str | None, lookup: Lookup | None = None) -> bool:
        """Whether `word` fits; `lookup` (a `WordIndex`) answers from an index instead of
        trying every alternative."""
        if word is None:
            return False
        if lookup is None:
            return any(alt.matches(word) for alt in self.alternatives)
        return not lookup(word).isdisjoint(self.alternatives)


Lookup = Callable[[str], frozenset[Alternative]]


@dataclass(frozen=True)
class Pattern:
    source: str  # as the pack wrote it
    slots: tuple[Slot, ...]
    gap: int = GAP

    def find(
        self,
        words: Sequence[str | None],
        lookup: Lookup | None = None,
        present: frozenset[Alternative] | None = None,
    ) -> Iterator[tuple[int, int]]:
        """(first, last) word index of each match; `None` words (hidden text) are never
        skipped over. `present`: every alternative some word fits (from `lookup`), so a
        pattern with a word nowhere in the text is dismissed at once."""
        if present is not None and any(present.isdisjoint(s.alternatives) for s in self.slots):
            return
        for start, word in enumerate(words):
            if self.slots[0].matches(word, lookup):
                end = self._extend(words, 1, start, lookup)
                if end is not None:
                    yield start, end

    def _extend(
        self, words: Sequence[str | None], slot: int, at: int, lookup: Lookup | None
    ) -> int | None:
        if slot == len(self.slots):
            return at
        for position in range(at + 1, min(at + 2 + self.gap, len(words))):
            if self.slots[slot].matches(words[position], lookup):
                end = self._extend(words, slot + 1, position, lookup)
                if end is not None:
                    return end
            if words[position] is None:
                return None
        return None


def within_one_edit(word: str, target: str) -> bool:
    """One letter missing, extra, wrong, or two neighbours swapped (Damerau distance <= 1)."""
    if word == target:
        return True
    short, long_ = sorted((word, target), key=len)
    if len(long_) - len(short) > 1:
        return False
    first = next((i for i, (a, b) in enumerate(zip(short, long_, strict=False)) if a != b), None)
    if first is None:
        return True  # one extra letter at the end
    if len(short) != len(long_):
        return short[first:] == long_[first + 1 :]
    if short[first + 1 :] == long_[first + 1 :]:
        return True
    swapped = word[first + 1 : first + 2] + word[first] + word[first + 2 :]
    return swapped == target[first:]


class PatternError(ValueError):
    """A pattern of the film pack that cannot be used (the message says why)."""


def compile_pattern(source: str, *, name: bool = False) -> Pattern:
    """`says`/`denies`/`phrases` syntax: words, `a|b`, `word*`. A name (`name=True`) is
    matched word for word, without "the" in front; its first word exactly."""
    raw_slots = source.split()
    if name:
        while len(raw_slots) > 1 and normalize_term(raw_slots[0]) in _ARTICLES:
            raw_slots = raw_slots[1:]
    slots = tuple(_slot(raw, source, name, index) for index, raw in enumerate(raw_slots))
    if not slots:
        raise PatternError(f"{source!r} has no words")
    return Pattern(source, slots, gap=0 if name else GAP)


def _slot(raw: str, source: str, name: bool, index: int) -> Slot:
    alternatives = []
    for part in raw.split("|"):
        prefix = part.endswith("*")
        text = normalize_term(part.rstrip("*"))
        if not text or SEPARATOR in text:
            raise PatternError(f"{source!r}: {part!r} is not one word")
        if prefix and len(text) < 3:
            raise PatternError(f"{source!r}: {part!r} is too short to stand for any ending")
        alternatives.append(Alternative(word_key(text), prefix, _fuzzy(text, name, index)))
    return Slot(tuple(alternatives))


def _fuzzy(text: str, name: bool, index: int) -> bool:
    if not name:
        return len(text) >= FUZZY_LENGTH
    # "lin hoa" is Lin Hao, but "hao" alone must not be "has": a name's first word is exact
    # unless it is long.
    if index > 0:
        return len(text) >= 3
    return len(text) >= FUZZY_NAME_LENGTH


# ----- compiled twists -----


@dataclass(frozen=True)
class TwistRules:
    id: str
    label: str
    names: tuple[Pattern, ...]
    pronouns: frozenset[str]
    says: tuple[Pattern, ...]
    denies: tuple[Pattern, ...]
    phrases: tuple[Pattern, ...]

    @classmethod
    def compile(cls, twist: TwistLike) -> TwistRules:
        return cls(
            id=twist.id,
            label=twist.label,
            names=tuple(compile_pattern(name, name=True) for name in twist.referred_as),
            pronouns=frozenset(word_key(normalize_term(p)) for p in twist.pronouns),
            says=tuple(compile_pattern(p) for p in twist.says),
            denies=tuple(compile_pattern(p) for p in twist.denies),
            phrases=tuple(compile_pattern(p) for p in twist.phrases),
        )

    def patterns(self) -> Iterator[Pattern]:
        yield from self.names
        yield from self.says
        yield from self.denies
        yield from self.phrases


@dataclass(frozen=True)
class Sentence:
    words: tuple[str | None, ...]  # keys; None for hidden text
    starts: tuple[int, ...]  # original offset of each word
    ends: tuple[int, ...]


@dataclass(frozen=True)
class ClaimFinding:
    """One rule that fired, for the record and for `/spoilers test`."""

    twist: str
    label: str
    rule: str  # "says", "denies" or "phrase"
    pattern: str
    subject: str | None  # the name or pronoun it was said of
    start: int
    end: int


@dataclass(frozen=True)
class NearMiss:
    """A sentence that names what a twist is about but gives nothing away, and why: what it
    says is "negated", what it denies is "not negated", or it has "nothing said"."""

    twist: str
    label: str
    why: str
    subject: str
    span: tuple[int, int] | None  # the words in question, in the original text


@dataclass
class Reading:
    """A message as the rules see it: sentences, and whether it is about the film."""

    sentences: list[Sentence]
    about_the_film: bool = False
    findings: list[ClaimFinding] = field(default_factory=list)
    near_misses: list[NearMiss] = field(default_factory=list)


class WordIndex:
    """Which alternatives of all the rules a word fits, answered from dictionaries: a word is
    looked up as itself and with each letter deleted, which meets every alternative within one
    edit of it (deleting the differing or extra letter, or one of two swapped ones, gives a
    common spelling); each candidate is then checked. Words recur, so answers are kept."""

    CACHE_LIMIT = 50_000

    def __init__(self, alternatives: Iterable[Alternative]) -> None:
        self._whole: dict[str, list[Alternative]] = {}
        self._starts: dict[int, dict[str, list[Alternative]]] = {}
        for alt in alternatives:
            spellings = {alt.text}
            if alt.fuzzy:
                spellings |= {alt.text[:i] + alt.text[i + 1 :] for i in range(len(alt.text))}
            if alt.prefix:
                table = self._starts.setdefault(len(alt.text), {})
            else:
                table = self._whole
                spellings.add(alt.text + "s")
            for spelling in spellings:
                table.setdefault(spelling, []).append(alt)
        self._cache: dict[str, frozenset[Alternative]] = {}

    def __call__(self, word: str) -> frozenset[Alternative]:
        known = self._cache.get(word)
        if known is None:
            if len(self._cache) >= self.CACHE_LIMIT:
                self._cache.clear()
            known = self._cache[word] = self._find(word)
        return known

    def _find(self, word: str) -> frozenset[Alternative]:
        candidates = self._candidates(self._whole, word)
        for length, table in self._starts.items():
            if len(word) >= length - 1:
                candidates |= self._candidates(table, word[:length])
        return frozenset(alt for alt in candidates if alt.matches(word))

    @staticmethod
    def _candidates(table: dict[str, list[Alternative]], word: str) -> set[Alternative]:
        found: set[Alternative] = set(table.get(word, ()))
        for i in range(len(word)):
            found.update(table.get(word[:i] + word[i + 1 :], ()))
        return found


class ClaimDetector:
    """The film's twists, compiled once per process (the pack does not change at run time)."""

    def __init__(self, twists: Iterable[TwistLike]) -> None:
        self.twists = tuple(TwistRules.compile(twist) for twist in twists)
        self.anchor_keys = _anchor_keys(self.twists)  # also searched by a long term list's DFA
        self._anchors = separator_keyed_dfa(list(self.anchor_keys)) if self.anchor_keys else None
        self._lookup = WordIndex(
            alt
            for twist in self.twists
            for pattern in twist.patterns()
            for slot in pattern.slots
            for alt in slot.alternatives
        )

    def __bool__(self) -> bool:
        return bool(self.twists)

    # ----- the cheap first stage -----

    def nothing_to_report(self, text: str) -> bool:
        """True when `text` has no content word of any rule (as the pack spells it): it cannot
        give a twist away (a typo in every such word is missed). Hidden text counts here, so this only ever errs towards a
        closer look."""
        if self._anchors is None:
            return True
        loose = loose_ascii_words(text)
        if loose is None:
            loose = unicode_canonical_text(text).encode()
        return not self._anchors.find_matches_as_indexes(loose)

    # ----- the rules -----

    def scan(self, text: str, hidden: list[tuple[int, int]] | None = None) -> list[SpoilerHit]:
        """A hit per twist given away, spanning the words that say it; `term` is the twist's
        spoiler-free label, `twist` its id."""
        reading = self.read(text, hidden)
        hits: dict[str, SpoilerHit] = {}
        for finding in reading.findings:
            hits.setdefault(
                finding.twist,
                SpoilerHit(finding.start, finding.end, finding.label, twist=finding.twist),
            )
        return sorted(hits.values())

    def read(self, text: str, hidden: list[tuple[int, int]] | None = None) -> Reading:
        if not self.twists or self.nothing_to_report(text):
            return Reading([])
        if hidden is None:
            hidden = hidden_spans(text)
        reading = Reading(split_sentences(text, hidden))
        presents = [self._present(sentence) for sentence in reading.sentences]
        reading.about_the_film = self._about_the_film(reading.sentences, presents)
        whole = _joined(reading.sentences)
        everything = frozenset().union(*presents)
        for twist in self.twists:
            self._check_phrases(twist, whole, everything, reading)
            for sentence, present in zip(reading.sentences, presents, strict=True):
                self._check(twist, sentence, present, reading)
        return reading

    def _present(self, sentence: Sentence) -> frozenset[Alternative]:
        return frozenset().union(*(self._lookup(word) for word in sentence.words if word))

    def _about_the_film(
        self, sentences: list[Sentence], presents: list[frozenset[Alternative]]
    ) -> bool:
        lookup = self._lookup
        for sentence, present in zip(sentences, presents, strict=True):
            words = sentence.words
            if any(word in CONTEXT_WORDS for word in words if word):
                return True
            if any(_has_pair(words, pair) for pair in CONTEXT_PHRASES):
                return True
            if any(_first(name, words, lookup, present) for t in self.twists for name in t.names):
                return True
        return False

    def _check_phrases(
        self,
        twist: TwistRules,
        whole: Sentence,
        present: frozenset[Alternative],
        reading: Reading,
    ) -> None:
        """Phrases are enough on their own, across sentences too ("It wasn't stolen. It was
        given.")."""
        for pattern in twist.phrases:
            for start, end in pattern.find(whole.words, self._lookup, present):
                if not _negated(whole.words, start, SAYS_NEGATION_REACH):
                    _found(reading, twist, "phrase", pattern, None, whole, (start, end))

    def _check(
        self,
        twist: TwistRules,
        sentence: Sentence,
        present: frozenset[Alternative],
        reading: Reading,
    ) -> None:
        words = sentence.words
        subject = self._subject(twist, sentence, present, reading.about_the_film)
        if subject is None:
            return
        for pattern in twist.says:
            for start, end in pattern.find(words, self._lookup, present):
                if not _negated(words, start, SAYS_NEGATION_REACH):
                    _found(reading, twist, "says", pattern, subject, sentence, (start, end))
                else:
                    _note(reading, twist, "negated", subject, sentence, (start, end))
        for pattern in twist.denies:
            for start, end in pattern.find(words, self._lookup, present):
                if _negated(words, start, NEGATION_REACH):
                    _found(reading, twist, "denies", pattern, subject, sentence, (start, end))
                else:
                    _note(reading, twist, "not negated", subject, sentence, (start, end))
        if not any(f.twist == twist.id for f in reading.findings):
            _note(reading, twist, "nothing said", subject, sentence, None)

    def _subject(
        self,
        twist: TwistRules,
        sentence: Sentence,
        present: frozenset[Alternative],
        about_the_film: bool,
    ) -> str | None:
        """The name (the longest that matches) or pronoun in `sentence` the twist is about."""
        words, lookup = sentence.words, self._lookup
        found = [n for n in twist.names if _first(n, words, lookup, present) is not None]
        if found:
            return max(found, key=lambda name: len(name.slots)).source
        if about_the_film:
            for word in sentence.words:
                if word in twist.pronouns:
                    return word
        return None


def _note(
    reading: Reading,
    twist: TwistRules,
    why: str,
    subject: str,
    sentence: Sentence,
    span: tuple[int, int] | None,
) -> None:
    where = (sentence.starts[span[0]], sentence.ends[span[1]]) if span else None
    reading.near_misses.append(NearMiss(twist.id, twist.label, why, subject, where))


def _joined(sentences: list[Sentence]) -> Sentence:
    return Sentence(
        tuple(word for s in sentences for word in s.words),
        tuple(start for s in sentences for start in s.starts),
        tuple(end for s in sentences for end in s.ends),
    )


def _first(
    pattern: Pattern,
    words: Sequence[str | None],
    lookup: Lookup | None = None,
    present: frozenset[Alternative] | None = None,
) -> tuple[int, int] | None:
    return next(pattern.find(words, lookup, present), None)


def _has_pair(words: Sequence[str | None], pair: tuple[str, str]) -> bool:
    return any(a == pair[0] and b == pair[1] for a, b in pairwise(words))


def _negated(words: Sequence[str | None], start: int, reach: int) -> bool:
    return any(word in NEGATIONS for word in words[max(0, start - reach) : start] if word)


def _found(
    reading: Reading,
    twist: TwistRules,
    rule: str,
    pattern: Pattern,
    subject: str | None,
    sentence: Sentence,
    span: tuple[int, int],
) -> None:
    start, end = sentence.starts[span[0]], sentence.ends[span[1]]
    reading.findings.append(
        ClaimFinding(twist.id, twist.label, rule, pattern.source, subject, start, end)
    )


# ----- sentences -----


def split_sentences(text: str, hidden: list[tuple[int, int]]) -> list[Sentence]:
    """The message's words (keys, with their original spans) by sentence; a hidden span is
    one `None` word."""
    folded = normalize(text, hidden)
    boundaries = [match.end() for match in _SENTENCE_END.finditer(text)]
    by_sentence: dict[int, tuple[list[str | None], list[int], list[int]]] = {}
    for match in re.finditer(rf"[^{SEPARATOR}{BARRIER}]+|{BARRIER}", folded.text):
        start, end = folded.original_span(match.start(), match.end())
        word = None if match.group() == BARRIER else word_key(match.group())
        words, starts, ends = by_sentence.setdefault(bisect_right(boundaries, start), ([], [], []))
        words.append(word)
        starts.append(start)
        ends.append(end)
    return [
        Sentence(tuple(words), tuple(starts), tuple(ends))
        for _, (words, starts, ends) in sorted(by_sentence.items())
    ]


# ----- anchors for the first stage -----


def _anchor_keys(twists: Sequence[TwistRules]) -> tuple[bytes, ...]:
    """What the first stage looks for in the folded words: whole-word anchors, framed by
    separators, and word-start anchors (`word*`), with a separator in front only."""
    whole: set[str] = set()
    starts: set[str] = set()
    for twist in twists:
        for pattern in twist.patterns():
            for slot in pattern.slots:
                for alt in slot.alternatives:
                    (starts if alt.prefix else whole).update(_anchor_words(alt))
    keys = [f"{SEPARATOR}{w}{SEPARATOR}" for w in sorted(whole)]
    keys += [f"{SEPARATOR}{w}" for w in sorted(starts)]
    return tuple(key.encode() for key in keys)


def _anchor_words(alt: Alternative) -> set[str]:
    """The canonical spellings (with "l", as the folded text has it) an alternative may take in
    a message; nothing for a common word, which other words must anchor."""
    if alt.text in COMMON_WORDS or alt.text in NEGATIONS or len(alt.text) < 2:
        return set()
    # No typo variants: they made the automaton ten times larger (3 MiB in each long term
    # list's DFA, which the anchors join) and caught nothing more on the corpus, because a
    # message with a typo almost always has another of the rules' words.
    spellings = {alt.text, alt.text + "s"} if not alt.prefix else {alt.text}
    # Keys read "l" as "i"; the folded text has either: anchor every such spelling.
    return {spelling for s in spellings for spelling in _l_or_i(s)}


def _l_or_i(key: str) -> set[str]:
    """Spellings of a key whose "i"s may be "l"s: every combination up to 3, else the two
    uniform ones."""
    positions = [i for i, char in enumerate(key) if char == "i"]
    if len(positions) > 3:
        return {key, key.replace("i", "l")}
    spellings = {key}
    for position in positions:
        spellings |= {s[:position] + "l" + s[position + 1 :] for s in spellings}
    return spellings
