"""The LED framework as plain data.

The framework (dimensions, indicators, answer options, weights, citations to Helmsing 2001) lives in versioned
JSON files under ``framework/definitions/``. This module reads such a definition and answers questions about
it without touching the database, so scoring, similarity and validation can be tested as pure functions. The
answer format itself is defined in ``framework.answers``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from framework.answers import DONT_KNOW

DEFINITIONS_DIR = Path(__file__).resolve().parent / "definitions"
CURRENT_SLUG = "helmsing-2001-v2"
TYPES = ("yesno", "choice", "level", "multi")


def localized(obj: dict, key: str, lang: str | None = None) -> str:
    """``obj[key]`` in the active language: ``key_es`` when Spanish is active and present, else ``key``."""
    lang = (lang or get_language() or "en")[:2]
    if lang != "en":
        text = obj.get(f"{key}_{lang}")
        if text:
            return text
    return obj.get(key, "")


@dataclass(frozen=True)
class Option:
    code: str
    label: str
    label_es: str = ""
    score: float | None = None
    generation: int | None = None
    trait: str = ""
    trait_es: str = ""
    # v2: a one-line definition of the option, and the Introduction sentence its trait is tied to.
    definition: str = ""
    definition_es: str = ""
    trait_key: str = ""
    trait_source: str = ""
    trait_source_es: str = ""
    trait_source_id: str = ""

    def text(self, key: str = "label") -> str:
        return localized(self.__dict__, key)


@dataclass(frozen=True)
class Indicator:
    code: str
    dimension: str
    type: str
    label: str
    weight: float
    citation: str
    options: tuple[Option, ...]
    label_es: str = ""
    help: str = ""
    help_es: str = ""
    rationale: str = ""
    # v1: one advice text; v2: a list of variants ``{when, text, text_es, case, citation, ...}``
    # (the first that fits the locality is given).
    advice: str | tuple = ""
    saturation: int | None = None
    generation: int | None = None
    trait: str = ""
    trait_es: str = ""
    # v2 keys (absent from v1): ``scored`` false = asked and reported, never scored; ``fit`` = the weight by
    # scale of the locality (``docs/content-review.md``, *Initiative fit*).
    scored: bool = True
    fit: dict | None = field(default=None, compare=False)
    citation_es: str = ""
    rationale_es: str = ""
    trait_key: str = ""
    trait_source: str = ""
    trait_source_es: str = ""
    trait_source_id: str = ""

    def text(self, key: str = "label") -> str:
        return localized(self.__dict__, key)

    @property
    def counts(self) -> bool:
        """True when the indicator enters scores and recommendations (scored, with a weight)."""
        return self.scored and (self.weight > 0 or bool(self.fit))

    @property
    def advice_variants(self) -> tuple[dict, ...]:
        """The advice as variants; a v1 text is one variant without conditions."""
        if isinstance(self.advice, str):
            return ({"when": {}, "text": self.advice},) if self.advice else ()
        return tuple(self.advice)

    @property
    def advice_text(self) -> str:
        """The general advice in the active language (v1's text; v2's last, unconditional variant)."""
        variants = self.advice_variants
        return localized(variants[-1], "text") if variants else ""

    @property
    def option_codes(self) -> tuple[str, ...]:
        return tuple(o.code for o in self.options)

    def option(self, code: str) -> Option:
        for o in self.options:
            if o.code == code:
                return o
        raise KeyError(code)

    def validate(self, value):
        """Return the canonical form of ``value`` for this indicator or raise ``ValueError`` saying why.

        ``None`` (unanswered) and ``"dont_know"`` are valid for every indicator.
        """
        if value is None or value == DONT_KNOW:
            return value
        codes = self.option_codes
        if self.type == "multi":
            if isinstance(value, str):
                raise ValueError(
                    _("expected a list of option codes, got the text %(value)r") % {"value": value}
                )
            if not isinstance(value, (list, tuple)):
                raise ValueError(
                    _("expected a list of option codes, got %(type)s") % {"type": type(value).__name__}
                )
            unknown = [v for v in value if v not in codes]
            if unknown:
                raise ValueError(
                    _("unknown option(s) %(unknown)s; allowed: %(allowed)s")
                    % {"unknown": ", ".join(map(repr, unknown)), "allowed": ", ".join(codes)}
                )
            # Canonical order is the framework's, so equal answers compare equal.
            return [c for c in codes if c in value]
        if not isinstance(value, str):
            raise ValueError(_("expected one option code, got %(type)s") % {"type": type(value).__name__})
        if value not in codes:
            raise ValueError(
                _("unknown option %(value)r; allowed: %(allowed)s or %(dont_know)s")
                % {"value": value, "allowed": ", ".join(codes), "dont_know": DONT_KNOW}
            )
        return value

    def score(self, value) -> float | None:
        """Score in [0, 1] of an answer; ``None`` when it carries none (unanswered, don't know, unscored)."""
        if value is None or value == DONT_KNOW or self.weight == 0:
            return None
        if self.type == "multi":
            total = sum(self.option(c).score or 0.0 for c in value)
            return min(1.0, total / (self.saturation or len(self.options)))
        return self.option(value).score


@dataclass(frozen=True)
class Dimension:
    code: str
    name: str
    weight: float
    citation: str
    indicators: tuple[Indicator, ...]
    name_es: str = ""
    description: str = ""
    description_es: str = ""
    citation_es: str = ""
    scoring: str = ""

    def text(self, key: str = "name") -> str:
        return localized(self.__dict__, key)


@dataclass(frozen=True)
class Framework:
    slug: str
    version: str
    title: str
    source: str
    dimensions: tuple[Dimension, ...]
    title_es: str = ""
    definition: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_definition(cls, data: dict) -> Framework:
        option_sets = data.get("option_sets", {})
        dims = []
        for d in data["dimensions"]:
            inds = []
            for i in d["indicators"]:
                raw_options = i.get("options", [])
                if isinstance(raw_options, str):
                    raw_options = option_sets[raw_options]
                if i["type"] not in TYPES:
                    raise ValueError(f"{i['code']}: unknown type {i['type']!r}")
                options = tuple(Option(**o) for o in raw_options)
                fields = {k: v for k, v in i.items() if k not in ("options",)}
                if isinstance(fields.get("advice"), list):
                    fields["advice"] = tuple(fields["advice"])
                inds.append(Indicator(dimension=d["code"], options=options, **fields))
            dims.append(
                Dimension(
                    indicators=tuple(inds),
                    **{k: v for k, v in d.items() if k != "indicators"},
                )
            )
        return cls(
            slug=data["slug"],
            version=data["version"],
            title=data["title"],
            title_es=data.get("title_es", ""),
            source=data["source"],
            dimensions=tuple(dims),
            definition=data,
        )

    def text(self, key: str = "title") -> str:
        return localized(self.__dict__, key)

    @property
    def is_v2(self) -> bool:
        """True for a framework with v2 semantics (generation verdict, fit, unscored questions)."""
        return "generation_verdict" in self.definition

    @property
    def indicators(self) -> dict[str, Indicator]:
        return {i.code: i for d in self.dimensions for i in d.indicators}

    def dimension(self, code: str) -> Dimension:
        for d in self.dimensions:
            if d.code == code:
                return d
        raise KeyError(code)

    def validate_answers(self, answers: dict) -> tuple[dict, dict[str, str]]:
        """Split ``{code: value}`` into (canonical valid answers, {code: error message})."""
        indicators = self.indicators
        clean, errors = {}, {}
        for code, value in answers.items():
            indicator = indicators.get(code)
            if indicator is None:
                errors[code] = _("unknown indicator code")
                continue
            try:
                clean[code] = indicator.validate(value)
            except ValueError as exc:
                errors[code] = str(exc)
        return clean, errors


def definition_path(slug: str) -> Path:
    return DEFINITIONS_DIR / f"{slug}.json"


def read_definition(slug: str) -> dict:
    """The raw definition of version ``slug`` from its JSON file."""
    with definition_path(slug).open(encoding="utf-8") as fh:
        return json.load(fh)


@cache
def load(slug: str = CURRENT_SLUG) -> Framework:
    """The framework with this slug, read from its JSON file (cached: the files are immutable versions)."""
    return Framework.from_definition(read_definition(slug))


# The one cache of parsed definitions held in the database (``FrameworkVersion.definition``), keyed by the
# caller's notion of a stored version (slug and when it was loaded): every request reads a framework, and
# parsing 33 indicators each time costs more than the rest of a questionnaire step.
_PARSED: dict[tuple, Framework] = {}


def parsed(definition: dict, *, key: tuple) -> Framework:
    """``Framework.from_definition(definition)``, parsed once per ``key``."""
    framework = _PARSED.get(key)
    if framework is None:
        framework = _PARSED.setdefault(key, Framework.from_definition(definition))
    return framework


def parsed_already(key: tuple) -> Framework | None:
    """The framework parsed under ``key`` if it was, else ``None`` (nothing is read or parsed)."""
    return _PARSED.get(key)


def available_slugs() -> list[str]:
    return sorted(p.stem for p in DEFINITIONS_DIR.glob("*.json"))
