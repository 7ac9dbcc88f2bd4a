"""Render the framework definition as Markdown (docs/framework.md): docs say exactly what the data says."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from framework import definition as fw

DOC_PATH = Path("docs") / "framework.md"
TYPE_NAMES = {
    "yesno": "yes / no",
    "choice": "one option",
    "level": "level (one of five)",
    "multi": "several options",
}


def _cell(text) -> str:
    """``text`` made safe for one Markdown table cell."""
    if text is None or text == "":
        return "–"
    return str(text).replace("|", "\\|").replace("\n", " ")


def _number(value) -> str:
    return "–" if value is None else f"{value:g}"


def _generation(generation, trait: str, trait_es: str) -> str:
    if not generation:
        return "–"
    text = f"{generation} — {trait}" if trait else str(generation)
    return f"{text} ({trait_es})" if trait_es else text


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def _indicator(indicator: fw.Indicator) -> list[str]:
    lines = [f"### `{indicator.code}` — {indicator.label}", ""]
    if indicator.label_es:
        lines += [f"*{indicator.label_es}*", ""]
    facts = [
        ["Answer type", TYPE_NAMES[indicator.type]],
        ["Weight in its dimension", _number(indicator.weight)],
    ]
    if not indicator.scored:
        facts.append(["Scored", "no: asked and reported, never in a score or a recommendation"])
    if indicator.fit:
        by_scale = indicator.fit.get("by_scale", {})
        facts.append(["Weight by scale (fit)", ", ".join(f"{k} {_number(v)}" for k, v in by_scale.items())])
        if indicator.fit.get("prerequisite"):
            facts.append(["Prerequisite", indicator.fit["prerequisite"]])
    if indicator.type == "multi":
        facts.append(["Saturation (options for a full score)", _number(indicator.saturation)])
    facts.append(["Paper", indicator.citation])
    if indicator.generation:
        facts.append(
            ["Generation trait", _generation(indicator.generation, indicator.trait, indicator.trait_es)]
        )
        if indicator.trait_source:
            facts.append(["Introduction sentence", f"{indicator.trait_source_id}: {indicator.trait_source}"])
    lines += _table(["", ""], facts) + [""]
    if indicator.help:
        lines += [f"**Help.** {indicator.help}", ""]
    if indicator.help_es:
        lines += [f"**Ayuda.** {indicator.help_es}", ""]
    lines += ["**Options**", ""]
    with_definitions = any(o.definition for o in indicator.options)
    lines += _table(
        ["Code", "Label", "Label (es)", "Score", "Generation trait"]
        + (["Definition"] if with_definitions else []),
        [
            [
                f"`{o.code}`",
                o.label,
                o.label_es,
                _number(o.score),
                _generation(o.generation, o.trait, o.trait_es)
                + (f" [{o.trait_source_id}]" if o.trait_source_id else ""),
            ]
            + ([o.definition] if with_definitions else [])
            for o in indicator.options
        ],
    )
    lines.append("")
    if indicator.rationale:
        lines += [f"**Rationale (from the paper).** {indicator.rationale}", ""]
    if isinstance(indicator.advice, str):
        if indicator.advice:
            lines += [f"**Advice.** {indicator.advice}", ""]
        return lines
    if indicator.advice:
        lines += ["**Advice (first variant that fits the locality)**", ""]
        for variant in indicator.advice_variants:
            when = "; ".join(f"{k}: {v}" for k, v in variant.get("when", {}).items()) or "otherwise"
            lines.append(f"- *{when}* — {variant.get('text', '')} ({variant.get('citation', '')})")
        lines.append("")
    return lines


def render_markdown(framework: fw.Framework) -> str:
    """The whole framework as a Markdown document; deterministic (English and Spanish texts, no locale)."""
    origin = f"framework/definitions/{framework.slug}.json"
    lines = [
        f"# {framework.title}",
        "",
        f"<!-- Generated from {origin} by `python manage.py framework_doc --output {DOC_PATH}`."
        " Do not edit by hand: change the JSON and regenerate. -->",
        "",
        f"*{framework.title_es}*" if framework.title_es else "",
        "",
        f"- Framework slug: `{framework.slug}`, version {framework.version}",
        f"- Source: {framework.source}",
        "",
        "## How answers are scored",
        "",
        "Answers are given per indicator: one option code (yes/no, one option, level), a list of option "
        f"codes (several options; an empty list means none of these), or `{fw.DONT_KNOW}`. "
        "Each option carries a score between 0 and 1. A *several options* indicator scores the sum "
        "of its chosen options' scores divided by its saturation, capped at 1. "
        + (
            "Unanswered and don't-know answers never raise a score: each score is the lowest it could be "
            "if the unknown answers were known, shown with the highest (see docs/scoring.md). "
            "Indicators marked *not scored* are asked and reported only. Initiatives are weighted by their "
            "fit to the locality's scale. "
            if framework.is_v2
            else "Unanswered and don't-know answers carry no score. "
        )
        + "Indicators are weighted within their dimension and dimensions are weighted in the overall score.",
        "",
        "## Dimensions",
        "",
    ]
    lines += _table(
        ["Code", "Dimension", "Weight in overall score", "Indicators", "Paper"],
        [
            [
                f"[`{d.code}`](#{d.code.lower()})",
                d.name,
                _number(d.weight),
                str(len(d.indicators)),
                d.citation,
            ]
            for d in framework.dimensions
        ],
    )
    lines.append("")
    for d in framework.dimensions:
        lines += [f'<a id="{d.code.lower()}"></a>', "", f"## `{d.code}` — {d.name}", ""]
        if d.name_es:
            lines += [f"*{d.name_es}*", ""]
        lines += [f"- Weight in the overall score: {_number(d.weight)}", f"- Paper: {d.citation}", ""]
        if d.description:
            lines += [d.description, ""]
        if d.description_es:
            lines += [f"*{d.description_es}*", ""]
        for indicator in d.indicators:
            lines += _indicator(indicator)
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.rstrip("\n") + "\n"


class Command(BaseCommand):
    help = "Write the framework definition as Markdown (docs/framework.md) from its JSON file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--framework", default=fw.CURRENT_SLUG, help=f"Framework slug (default: {fw.CURRENT_SLUG})."
        )
        parser.add_argument("--output", help="File to write (default: print to standard output).")

    def handle(self, *args, framework, output, **options):
        if framework not in fw.available_slugs():
            raise CommandError(f"unknown framework {framework!r}; known: {', '.join(fw.available_slugs())}")
        text = render_markdown(fw.load(framework))
        if not output:
            self.stdout.write(text, ending="")
            return
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(f"cannot write {output}: directory {path.parent} does not exist")
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {output} ({len(text.splitlines())} lines).")
