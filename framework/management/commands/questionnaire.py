import json

from django.core.management.base import BaseCommand, CommandError

from framework import definition as fw


def framework_as_dict(framework: fw.Framework) -> dict:
    """The questionnaire of ``framework``: dimensions, indicators, options, weights and citations."""
    return {
        "slug": framework.slug,
        "version": framework.version,
        "title": framework.title,
        "source": framework.source,
        "dimensions": [
            {
                "code": d.code,
                "name": d.name,
                "name_es": d.name_es,
                "weight": d.weight,
                "citation": d.citation,
                "indicators": [
                    {
                        "code": i.code,
                        "type": i.type,
                        "label": i.label,
                        "label_es": i.label_es,
                        "weight": i.weight,
                        **({"saturation": i.saturation} if i.saturation else {}),
                        "citation": i.citation,
                        "options": [
                            {"code": o.code, "label": o.label, "label_es": o.label_es, "score": o.score}
                            for o in i.options
                        ],
                    }
                    for i in d.indicators
                ],
            }
            for d in framework.dimensions
        ],
    }


class Command(BaseCommand):
    help = "Print the LED framework (the questionnaire) as JSON: dimensions, indicators, options, weights."

    def add_arguments(self, parser):
        parser.add_argument(
            "--framework", default=fw.CURRENT_SLUG, help=f"Framework slug (default: {fw.CURRENT_SLUG})."
        )

    def handle(self, *args, framework, **options):
        if framework not in fw.available_slugs():
            raise CommandError(f"unknown framework {framework!r}; known: {', '.join(fw.available_slugs())}")
        self.stdout.write(json.dumps(framework_as_dict(fw.load(framework)), ensure_ascii=False, indent=2))
