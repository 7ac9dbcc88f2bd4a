"""Case content a curator edits, stored once per language (django-modeltranslation).

Each field below gets a column per language of ``settings.LANGUAGES`` (``summary_en``, ``summary_es``, ...);
reading ``case.summary`` gives the active language's text, English where it is missing. Adding a language is
a data and catalogue task (``docs/translations.md``).
"""

from modeltranslation.translator import TranslationOptions, register

from cases.models import Case, CaseValue


@register(Case)
class CaseTranslation(TranslationOptions):
    fields = ("country", "summary", "location", "region_description")


@register(CaseValue)
class CaseValueTranslation(TranslationOptions):
    fields = ("note", "source")
