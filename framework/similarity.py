"""Which of the benchmark cases is a locality most like? Pure: numpy over plain case data, no database.

Every indicator becomes one or more numeric features in [0, 1]:

- ``yesno``, ``level`` and scored ``choice`` indicators: the option's score (one feature);
- a ``choice`` whose options carry no score (the type of region): one-hot, one feature per option;
- ``multi``: one 0/1 feature per option.

The distance of two answers on one indicator is the mean ``|a - b|`` over its features (for one-hot
features the sum halved, so two different regions are at distance 1, not 2/k). "Don't know", unanswered
or ``None`` on EITHER side leaves the indicator out of that pair's comparison: it is never read as "no".

Similarity (0-100) = the weighted mean agreement ``1 - distance`` over the indicators both sides answered,
with the indicator weights of the framework. The type of region is unscored (weight 0) in the scores but
is what an officer compares first (Figure 1; "as one moves from large economic units to rural and municipal
initiatives, small and micro-enterprise programmes become more important"), so for matching it weighs
``MATCH_WEIGHTS["CTX.region_type"]``. A pair with fewer than ``MIN_OVERLAP`` indicators in common gets no
similarity and is ranked last. Ties are broken by the number of indicators compared, then by slug.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from framework.answers import is_known, labels
from framework.definition import Framework, Indicator
from framework.scoring import RAISE_THRESHOLD, clean_answers

MIN_OVERLAP = 5
MATCH_WEIGHTS = {"CTX.region_type": 1.0}


@dataclass(frozen=True)
class CaseData:
    """A benchmark case as plain data (``cases.selectors.published_case_data`` reads them)."""

    slug: str
    name: str
    country: str
    answers: dict  # {indicator code: value}, the assessment answer format
    notes: dict[str, str] = field(default_factory=dict)  # {indicator code: provenance note from the paper}
    published: bool = True
    notes_es: dict[str, str] = field(default_factory=dict)  # {indicator code: the note in Spanish}
    # v2 cases list on a several-options question only the options the paper names: an option outside the
    # list is unknown for the case, never "absent" (``rules.multi_named_only`` of ``cases-v2.json``).
    multi_named_only: bool = False
    country_es: str = ""  # the country's Spanish name ("México"); ``country`` is the English one


@dataclass(frozen=True)
class Point:
    """One concrete point of comparison between the locality and a case on one indicator."""

    code: str
    dimension: str
    label: str  # the indicator's question, in the active language
    options: tuple[str, ...]  # the option labels the point is about (shared, the case's, or the locality's)
    case_answer: tuple[str, ...]  # labels of the case's answer
    locality_answer: tuple[str, ...]  # labels of the locality's answer
    note: str  # the case's provenance note (institutions, initiatives, as the paper names them)
    provenance: str  # "<case name>: <note>", ready to show; "" without a note
    advice: str
    citation: str
    weight: float  # indicator weight x score difference, the order of the points
    option_codes: tuple[str, ...] = ()
    case_value: object = None
    locality_value: object = None
    note_es: str = ""
    kind: str = "practice"  # "practice" or "context" (context is not something a locality builds)


@dataclass(frozen=True)
class Match:
    slug: str
    name: str
    country: str
    similarity: float | None  # 0-100; None below MIN_OVERLAP indicators in common
    compared: int  # indicators both sides answered
    shared: tuple[Point, ...]  # both positive (score >= 0.5) on the same level / the same options
    learn_from: tuple[Point, ...]  # what the case has that the locality lacks
    beyond: tuple[Point, ...]  # what the locality has beyond the case
    context: tuple[Point, ...] = ()  # v2: context answers that differ (shown apart: not practices)
    country_es: str = ""

    @property
    def country_name(self) -> str:
        """The country in the active language (English where the case has no translation)."""
        from framework.definition import localized

        return localized({"country": self.country, "country_es": self.country_es}, "country")


@dataclass(frozen=True)
class _Encoding:
    """Feature layout of a framework: which columns belong to which indicator, and how they aggregate."""

    codes: tuple[str, ...]
    weights: np.ndarray  # (indicators,)
    columns: list[tuple[int, str | None]]  # (indicator index, option code or None) per feature
    aggregate: np.ndarray  # (features, indicators): feature |a-b| -> indicator distance


def _is_categorical(indicator: Indicator) -> bool:
    return indicator.type == "choice" and all(o.score is None for o in indicator.options)


def _encoding(framework: Framework) -> _Encoding:
    indicators = list(framework.indicators.values())
    columns, shares = [], []
    for i, ind in enumerate(indicators):
        if ind.type == "multi":
            cols = [(i, o.code) for o in ind.options]
            share = 1.0 / len(cols)
        elif _is_categorical(ind):
            cols = [(i, o.code) for o in ind.options]
            share = 0.5
        else:
            cols, share = [(i, None)], 1.0
        columns += cols
        shares += [share] * len(cols)
    aggregate = np.zeros((len(columns), len(indicators)))
    aggregate[np.arange(len(columns)), [c[0] for c in columns]] = shares
    weights = np.array([MATCH_WEIGHTS.get(ind.code, float(ind.weight)) for ind in indicators])
    return _Encoding(tuple(ind.code for ind in indicators), weights, columns, aggregate)


def _encode(
    framework: Framework, enc: _Encoding, answers: dict, named_only: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(features, answered mask per indicator, known mask per feature) of one set of clean answers.

    With ``named_only`` (a v2 case), a several-options answer knows only the options it lists.
    """
    indicators = framework.indicators
    x = np.zeros(len(enc.columns))
    known = np.ones(len(enc.columns))
    for j, (i, option) in enumerate(enc.columns):
        ind, value = indicators[enc.codes[i]], answers.get(enc.codes[i])
        if not is_known(value):
            continue
        if ind.type == "multi":
            x[j] = float(option in value)
            if named_only and option not in value:
                known[j] = 0.0
        elif option is not None:
            x[j] = float(option == value)
        else:
            x[j] = ind.option(value).score
    mask = np.array([is_known(answers.get(code)) for code in enc.codes])
    if named_only:
        for i, code in enumerate(enc.codes):
            value = answers.get(code)
            if indicators[code].type == "multi" and is_known(value) and not value:
                mask[i] = False  # a named-only case with nothing named says nothing
    return x, mask, known


def similarities(
    framework: Framework, answers: dict, cases: list[CaseData]
) -> list[tuple[CaseData, float | None, int]]:
    """(case, similarity 0-100 or None, indicators compared) for every published case, in input order."""
    published = [c for c in cases if c.published]
    library = library_of(framework, published)
    sims, compared = _scores(framework, library, clean_answers(framework, answers))
    return [
        (case, None if np.isnan(sims[k]) else float(sims[k]), int(compared[k]))
        for k, case in enumerate(published)
    ]


def _clean_case(framework: Framework, case: CaseData) -> dict:
    try:
        return clean_answers(framework, case.answers)
    except ValueError as exc:
        raise ValueError(f"case {case.slug!r}: {exc}") from exc


def rank(framework: Framework, answers: dict, cases: list[CaseData], top: int | None = 3) -> list[Match]:
    """The ``top`` published cases most similar to ``answers`` (all of them if ``top`` is None), best first.

    Raises ``ValueError`` naming unknown indicator codes or invalid values (of the answers or of a case).
    ``rank_library`` does the same over cases encoded beforehand (the results page).
    """
    clean_answers(framework, answers)  # the answers' errors first, as before
    library = library_of(framework, cases)
    return rank_library(framework, answers, library, lambda keys: [cases[k] for k in keys], top=top)


def _ordered(scored):
    return sorted(scored, key=lambda s: (s[1] is None, -round(s[1] or 0.0, 6), -s[2], s[0].slug))


@dataclass(frozen=True)
class Pivot:
    """One answer that, given differently, would change the closest case."""

    code: str
    value: object  # the answer that would change it
    was: object  # the answer given (None or "dont_know" when unknown)
    closest: str  # slug of the case that would then be closest


@dataclass(frozen=True)
class Sureness:
    margin: float | None  # similarity points of the closest case over the next one
    runner_up: str  # slug of the next case
    pivots: tuple[Pivot, ...]  # a few answers that would change the closest case, unknown answers first


def sureness(framework: Framework, answers: dict, cases: list[CaseData], limit: int = 3) -> Sureness:
    """How sure the closest match is: its margin over the next case and the few single answers that would
    make another case the closest (``sureness_library`` over cases encoded beforehand)."""
    return sureness_library(framework, answers, library_of(framework, cases), limit=limit)


# --- a library encoded once (issue 13): ranking over pre-encoded cases ------------------------------------


@dataclass
class Library:
    """The published cases of one framework version, encoded once: what ranking reads, without the notes.

    ``keys`` are whatever identifies a case to the caller (database ids), ``slugs``/``names`` the cases'
    own; the arrays have one row per case in that order. ``rarity`` is ``_rarity`` of the whole library.
    Made by ``encode_library`` (from plain rows) or ``library_of`` (from ``CaseData``); it holds numbers and
    short strings only, so it can be pickled and shared between processes.
    """

    keys: list
    slugs: list[str]
    names: list[str]
    features: np.ndarray  # cases x features
    masks: np.ndarray  # cases x indicators
    known: np.ndarray  # cases x features
    rarity: dict
    slug_order: np.ndarray  # rank of each case's slug (the last tie-break)
    enc: _Encoding  # the framework's feature layout the arrays follow
    state: str = ""  # a fingerprint of what the rows held (set by the caller)
    version: str = ""  # the caller's key of the library state it was encoded from

    def __len__(self) -> int:
        return len(self.slugs)


def encode_library(framework: Framework, rows, *, state: str = "") -> Library:
    """``rows``: iterable of ``(key, slug, name, answers, named_only)`` of the published cases; each row's
    answers are validated and encoded once, and nothing else is kept (an iterator is read once: the cases
    need not all be in memory as records)."""
    enc = _encoding(framework)
    keys, slugs, names, features, masks, known = [], [], [], [], [], []
    counts: dict[tuple[str, str], int] = {}
    for key, slug, name, answers, named_only in rows:
        try:
            clean = clean_answers(framework, answers)
        except ValueError as exc:
            raise ValueError(f"case {slug!r}: {exc}") from exc
        x, mask, kn = _encode(framework, enc, clean, named_only)
        keys.append(key)
        slugs.append(slug)
        names.append(name)
        features.append(x)
        masks.append(mask)
        known.append(kn)
        for code, value in clean.items():
            if code in framework.indicators and is_known(value):
                for option in value if isinstance(value, list) else [value]:
                    counts[(code, option)] = counts.get((code, option), 0) + 1
    n = len(slugs)
    width, depth = len(enc.columns), len(enc.codes)
    order = np.empty(n, dtype=np.int64)
    order[np.argsort(np.array(slugs, dtype=object), kind="stable")] = np.arange(n)
    return Library(
        keys=keys,
        slugs=slugs,
        names=names,
        features=np.vstack(features) if n else np.zeros((0, width)),
        masks=np.vstack(masks) if n else np.zeros((0, depth), dtype=bool),
        known=np.vstack(known) if n else np.zeros((0, width)),
        rarity={k: 1.0 - c / (n or 1) for k, c in counts.items()},
        slug_order=order,
        enc=enc,
        state=state,
    )


def library_of(framework: Framework, cases: list[CaseData]) -> Library:
    """The library of the published ``cases`` (keys: their positions in ``cases``)."""
    return encode_library(
        framework,
        ((k, c.slug, c.name, c.answers, c.multi_named_only) for k, c in enumerate(cases) if c.published),
    )


def _scores(framework: Framework, library: Library, clean: dict) -> tuple[np.ndarray, np.ndarray]:
    """(similarity 0-100 with NaN where there is none, indicators compared) of every case of the library."""
    enc = library.enc
    x, mask, _known = _encode(framework, enc, clean)
    both = library.masks & mask
    numerator = (library.known * np.abs(library.features - x)) @ enc.aggregate
    denominator = library.known @ enc.aggregate
    full = np.ones(library.features.shape[1]) @ enc.aggregate
    distance = np.divide(numerator * full, denominator, out=np.zeros_like(numerator), where=denominator > 0)
    both = both & (denominator > 0)
    w = both * enc.weights
    weight_sum = w.sum(axis=1)
    agreement = np.divide(
        (w * (1.0 - distance)).sum(axis=1), weight_sum, out=np.zeros(len(library)), where=weight_sum > 0
    )
    compared = both.sum(axis=1)
    valid = (compared >= MIN_OVERLAP) & (weight_sum > 0)
    return np.where(valid, 100.0 * agreement, np.nan), compared


def _order(library: Library, sims: np.ndarray, compared: np.ndarray, top: int | None = None) -> np.ndarray:
    """Case positions best first, as ``_ordered``: a similarity before none, higher (to 6 places) first,
    then more indicators compared, then slug."""
    missing = np.isnan(sims)
    rounded = np.round(np.nan_to_num(sims, nan=0.0), 6)
    # np.lexsort sorts by the last key first.
    order = np.lexsort((library.slug_order, -compared, -rounded, missing))
    return order if top is None else order[:top]


def rank_library(
    framework: Framework, answers: dict, library: Library, load, top: int | None = 3
) -> list[Match]:
    """``rank`` over a pre-encoded library: the similarity of every case is computed in a few array
    operations, and only the ``top`` cases are read in full, by ``load(keys) -> [CaseData]`` (their answers
    and notes, for the points of comparison)."""
    clean = clean_answers(framework, answers)
    if not len(library):
        return []
    sims, compared = _scores(framework, library, clean)
    best = _order(library, sims, compared, top)
    cases = {c.slug: c for c in load([library.keys[i] for i in best])}
    rarity = library.rarity if framework.is_v2 else {}
    matches = []
    for i in best:
        sim = None if np.isnan(sims[i]) else float(sims[i])
        matches.append(_match(framework, clean, cases[library.slugs[i]], sim, int(compared[i]), rarity))
    return matches


def sureness_library(framework: Framework, answers: dict, library: Library, limit: int = 3) -> Sureness:
    """``sureness`` over a pre-encoded library."""
    if len(library) < 2:
        return Sureness(None, "", ())
    clean = clean_answers(framework, answers)
    sims, compared = _scores(framework, library, clean)
    first, second = _order(library, sims, compared, 2)
    margin = None if np.isnan(sims[first]) or np.isnan(sims[second]) else float(sims[first] - sims[second])
    found = []
    for code, ind in framework.indicators.items():
        if ind.type == "multi" or MATCH_WEIGHTS.get(code, float(ind.weight)) <= 0:
            continue
        current = clean.get(code)
        for option in ind.option_codes:
            if option == current:
                continue
            other_sims, other_compared = _scores(framework, library, {**clean, code: option})
            top = _order(library, other_sims, other_compared, 1)[0]
            if top != first and not np.isnan(other_sims[top]):
                gap = float(other_sims[top] - other_sims[first])
                found.append(
                    (is_known(current), -gap, code, Pivot(code, option, current, library.slugs[top]))
                )
                break
    found.sort(key=lambda f: (f[0], f[1], f[2]))
    return Sureness(margin, library.slugs[second], tuple(f[3] for f in found[:limit]))


def _positive_options(ind: Indicator, value) -> set[str]:
    if ind.type == "multi":
        return {c for c in value if (ind.option(c).score or 0.0) > 0}
    return set()


CONTEXT_DIMENSIONS = ("CTX",)
REPORTED_ONLY_DIMENSIONS = ("OPEN",)  # asked and reported; the paper cannot judge them: never compared


def _match(framework: Framework, answers: dict, case: CaseData, similarity, compared, rarity=None) -> Match:
    case_answers = _clean_case(framework, case)
    v2 = framework.is_v2
    rarity = rarity or {}
    shared, learn, beyond, context = [], [], [], []
    for code, ind in framework.indicators.items():
        mine, theirs = answers.get(code), case_answers.get(code)
        if not (is_known(mine) and is_known(theirs)):
            continue
        if v2 and ind.dimension in REPORTED_ONLY_DIMENSIONS:
            continue
        weight = MATCH_WEIGHTS.get(code, float(ind.weight))
        note = case.notes.get(code, "")
        kind = "context" if v2 and ind.dimension in CONTEXT_DIMENSIONS else "practice"

        def point(option_codes, diff, ind=ind, mine=mine, theirs=theirs, note=note, weight=weight, kind=kind):
            return Point(
                code=ind.code,
                dimension=ind.dimension,
                label=ind.text("label"),
                options=tuple(ind.option(c).text("label") for c in option_codes),
                case_answer=labels(ind, theirs),
                locality_answer=labels(ind, mine),
                note=note,
                provenance=f"{case.name}: {note}" if note else "",
                advice=ind.advice if isinstance(ind.advice, str) else ind.advice_text,
                citation=ind.citation,
                weight=weight * diff,
                option_codes=tuple(option_codes),
                case_value=theirs,
                locality_value=mine,
                note_es=case.notes_es.get(ind.code, ""),
                kind=kind,
            )

        if kind == "context":
            # Context is not a practice to learn: differences are shown apart, equal context is shared.
            if mine == theirs:
                codes_ = list(mine) if isinstance(mine, list) else [mine]
                distinct = sum(rarity.get((code, c), 0.0) for c in codes_) / max(len(codes_), 1)
                shared.append(point(codes_, 0.25 + distinct))
            else:
                context.append(point(list(theirs) if isinstance(theirs, list) else [theirs], 1.0))
            continue
        if v2:
            # What you share is led by what is distinctive to this case among the published ones.
            def distinct(option_codes, code=code):
                return sum(rarity.get((code, c), 0.0) for c in option_codes) / max(len(option_codes), 1)

        if ind.type == "multi":
            n = len(ind.options)
            a, b = _positive_options(ind, mine), _positive_options(ind, theirs)
            order = [c for c in ind.option_codes]
            if a & b:
                both = [c for c in order if c in a & b]
                shared.append(point(both, len(a & b) / n * (0.25 + distinct(both)) if v2 else len(a & b) / n))
            if b - a:
                learn.append(point([c for c in order if c in b - a], len(b - a) / n))
            if a - b and not case.multi_named_only:
                beyond.append(point([c for c in order if c in a - b], len(a - b) / n))
        elif _is_categorical(ind):
            if mine == theirs:
                shared.append(point([mine], 1.0 * (0.25 + distinct([mine])) if v2 else 1.0))
        else:
            s_mine, s_case = ind.option(mine).score, ind.option(theirs).score
            if s_mine is None or s_case is None:
                if mine == theirs and v2:
                    shared.append(point([mine], 0.25 + distinct([mine])))
                continue
            if s_case > s_mine and s_case >= RAISE_THRESHOLD:
                learn.append(point([theirs], s_case - s_mine))
            elif s_mine > s_case and s_mine >= RAISE_THRESHOLD:
                beyond.append(point([mine], s_mine - s_case))
            elif s_mine == s_case and s_case >= RAISE_THRESHOLD:
                shared.append(point([theirs], s_case * (0.25 + distinct([theirs])) if v2 else s_case))

    def ordered(points):
        return tuple(sorted(points, key=lambda p: (-p.weight, p.code)))

    return Match(
        slug=case.slug,
        name=case.name,
        country=case.country,
        country_es=case.country_es,
        similarity=similarity,
        compared=compared,
        shared=ordered(shared),
        learn_from=ordered(learn),
        beyond=ordered(beyond),
        context=ordered(context),
    )


# --- frozen matches (v2): codes and the case's texts of the time, shown in the reader's language ---

POINT_LISTS = ("shared", "learn_from", "beyond", "context")


def match_as_stored(match: Match) -> dict:
    """A match as JSON-serialisable data: codes, numbers and the case's notes (English and Spanish)."""

    def point(p: Point) -> dict:
        return {
            "code": p.code,
            "options": list(p.option_codes),
            "case_value": p.case_value,
            "locality_value": p.locality_value,
            "note": p.note,
            "note_es": p.note_es,
            "weight": p.weight,
            "kind": p.kind,
        }

    return {
        "slug": match.slug,
        "name": match.name,
        "country": match.country,
        "country_es": match.country_es,
        "similarity": match.similarity,
        "compared": match.compared,
        **{name: [point(p) for p in getattr(match, name)] for name in POINT_LISTS},
    }


def hydrate_match(framework: Framework, stored: dict) -> Match:
    """The ``Match`` of stored data, with labels in the active language and the note in it where the case has
    one (English otherwise)."""
    from framework.definition import localized

    indicators = framework.indicators

    def point(d: dict) -> Point | None:
        ind = indicators.get(d["code"])
        if ind is None:
            return None
        note = localized({"note": d.get("note", ""), "note_es": d.get("note_es", "")}, "note")
        return Point(
            code=ind.code,
            dimension=ind.dimension,
            label=ind.text("label"),
            options=tuple(ind.option(c).text("label") for c in d["options"] if c in ind.option_codes),
            case_answer=labels(ind, d.get("case_value")),
            locality_answer=labels(ind, d.get("locality_value")),
            note=note,
            provenance=f"{stored['name']}: {note}" if note else "",
            advice=ind.advice_text,
            citation=ind.text("citation"),
            weight=d.get("weight", 0.0),
            option_codes=tuple(d["options"]),
            case_value=d.get("case_value"),
            locality_value=d.get("locality_value"),
            note_es=d.get("note_es", ""),
            kind=d.get("kind", "practice"),
        )

    lists = {
        name: tuple(p for p in map(point, stored.get(name, [])) if p is not None) for name in POINT_LISTS
    }
    return Match(
        slug=stored["slug"],
        name=stored["name"],
        country=stored["country"],
        country_es=stored.get("country_es", ""),  # results stored before the country was translated
        similarity=stored["similarity"],
        compared=stored["compared"],
        **lists,
    )
