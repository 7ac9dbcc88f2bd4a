"""Admin forms for curating cases: indicator values are edited through widgets built from the framework,
never as raw JSON."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cases.csv_io import MAX_UPLOAD_BYTES
from cases.models import Case, CaseValue
from framework import answers
from framework.answers import DONT_KNOW, NONE_OF_THESE
from framework.definition import Framework, Indicator


def region_type_choices(framework: Framework, current: str = "") -> list[tuple[str, str]]:
    indicator = framework.indicators.get("CTX.region_type")
    choices = [(o.code, o.text("label")) for o in indicator.options] if indicator else []
    if current and current not in dict(choices):
        choices.append((current, current))  # a code an older framework version allowed: keep it visible
    return choices


class CaseForm(forms.ModelForm):
    region_type = forms.ChoiceField(label=capfirst(Case._meta.get_field("region_type").verbose_name))

    class Meta:
        model = Case
        fields = [
            "name",
            "slug",
            # Translated content: English and Spanish side by side (cases/translation.py). A curator edits
            # both; where the Spanish is empty, Spanish pages show the English.
            "country_en",
            "country_es",
            "region_type",
            "location_en",
            "location_es",
            "region_description_en",
            "region_description_es",
            "published",
            "position",
            "summary_en",
            "summary_es",
            "reference",
        ]
        widgets = {
            "summary_en": forms.Textarea(attrs={"rows": 4, "cols": 80}),
            "summary_es": forms.Textarea(attrs={"rows": 4, "cols": 80}),
            "reference": forms.Textarea(attrs={"rows": 2, "cols": 80}),
        }

    def __init__(self, *args, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country_es"].required = False  # the English is the one every case must have
        field = self.fields["region_type"]
        field.choices = [("", "---------"), *region_type_choices(framework, self.instance.region_type)]
        field.help_text = _(
            "As in Figure 1 of the paper (the options of the indicator CTX.region_type); saving also sets "
            "that indicator to this value."
        )


class IndicatorWidget(forms.Widget):
    """The indicator code as a hidden input, shown as code, label and the paper's citation."""

    def __init__(self, indicators: dict[str, Indicator], attrs=None):
        super().__init__(attrs)
        self.indicators = indicators

    def render(self, name, value, attrs=None, renderer=None):
        hidden = forms.HiddenInput().render(name, value, attrs, renderer)
        label_id = f"{(attrs or {}).get('id', name)}_label"
        indicator = self.indicators.get(value)
        if indicator is None:
            return format_html(
                '{}<code class="case-indicator-code" id="{}">{}</code>', hidden, label_id, value or ""
            )
        return format_html(
            '{}<span id="{}"><code class="case-indicator-code">{}</code>'
            '<span class="case-indicator-label">{}</span></span>'
            '<span class="case-indicator-citation">{} {}</span>',
            hidden,
            label_id,
            indicator.code,
            indicator.text("label"),
            _("Helmsing (2001):"),
            indicator.text("citation"),
        )


class IndicatorValueField(forms.Field):
    """One indicator's answer: a select (one option) or checkboxes (multi), incl. "not reported" and
    "don't know", cleaned to the framework's answer format by ``Indicator.validate``."""

    def __init__(self, *, indicator: Indicator, **kwargs):
        self.indicator = indicator
        options = [(o.code, o.text("label")) for o in indicator.options]
        if indicator.type == "multi":
            widget = forms.CheckboxSelectMultiple(
                choices=[*options, (NONE_OF_THESE, _("none of these")), (DONT_KNOW, _("don't know"))]
            )
        else:
            widget = forms.Select(
                choices=[("", _("— not reported —")), *options, (DONT_KNOW, _("don't know"))]
            )
        kwargs.setdefault("label", _("value"))
        super().__init__(required=False, widget=widget, **kwargs)

    @property
    def multi(self) -> bool:
        return self.indicator.type == "multi"

    def prepare_value(self, value):
        """Stored value → widget value (for multi: ``[]`` ticks "none of these", None ticks nothing; for a
        select, "not reported" is the explicit empty choice)."""
        value = answers.to_choices(self.indicator, value)
        return "" if value is None else value

    def bound_data(self, data, initial):
        # No box ticked means "not reported"; keep it apart from [] ("none of these") when re-rendering.
        if self.multi and not data:
            return None
        return data

    def to_python(self, value):
        if self.multi and answers.exclusive_conflict(value):
            raise ValidationError(
                _("“none of these” and “don't know” cannot be ticked together with other options."),
                code="exclusive",
            )
        return answers.from_choices(self.indicator, value)

    def clean(self, value):
        value = self.to_python(value)
        try:
            return self.indicator.validate(value)
        except ValueError as exc:
            raise ValidationError(
                _("Not a valid answer to %(code)s: %(reason)s."),
                code="invalid",
                params={"code": self.indicator.code, "reason": exc},
            ) from exc

    def has_changed(self, initial, data):
        try:
            return self.clean(data) != self.indicator.validate(initial)
        except (ValidationError, ValueError):
            return True


class CaseValueForm(forms.ModelForm):
    """One indicator value with its provenance; the value widget is built from the row's indicator."""

    class Meta:
        model = CaseValue
        fields = [
            "indicator", "value", "source_en", "source_es", "note_en", "note_es", "judgement",
            "curator_source",
        ]  # fmt: skip
        widgets = {
            "source_en": forms.Textarea(attrs={"rows": 3, "cols": 20}),
            "source_es": forms.Textarea(attrs={"rows": 3, "cols": 20}),
            "curator_source": forms.Textarea(attrs={"rows": 3, "cols": 20}),
            "note_en": forms.Textarea(attrs={"rows": 4, "cols": 28}),
            "note_es": forms.Textarea(attrs={"rows": 4, "cols": 28}),
        }

    def __init__(self, *args, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        indicators = framework.indicators
        if self.instance.pk:
            code = self.instance.indicator
        elif self.is_bound:
            code = self.data.get(self.add_prefix("indicator"))
        else:
            code = self.initial.get("indicator")
        self.fields["indicator"] = forms.ChoiceField(
            label=_("indicator"),
            choices=[(c, c) for c in indicators],
            widget=IndicatorWidget(indicators),
            disabled=bool(self.instance.pk),  # an existing row keeps its indicator
        )
        self.indicator = indicators.get(code)
        if self.indicator is not None:
            self.fields["value"] = IndicatorValueField(indicator=self.indicator)
        else:
            # A code this framework version does not define (or the blank template row): nothing to edit.
            self.fields["value"] = forms.JSONField(label=_("value"), required=False, disabled=True)
        self._name_the_row_fields(code or "")

    def _name_the_row_fields(self, code: str) -> None:
        """A tabular inline shows each field under a column heading, with no <label> of its own: name every
        field after its column and the row's indicator, and describe it by the indicator's question (the row's
        first cell). The help texts stay in the column headings; an explicit aria-describedby also keeps
        Django from pointing at a per-field help text the tabular layout never renders."""
        described_by = f"id_{self.add_prefix('indicator')}_label"
        for name in ("value", "source_en", "source_es", "note_en", "note_es", "judgement", "curator_source"):
            field = self.fields[name]
            attrs = {"aria-describedby": described_by}
            multi = isinstance(field.widget, forms.CheckboxSelectMultiple)
            if not multi:  # each checkbox of a multi answer is labelled by its option already
                attrs["aria-label"] = f"{capfirst(field.label)} · {code}" if code else capfirst(field.label)
            field.widget.attrs.update(attrs)

    def clean(self):
        cleaned = super().clean()
        # A value a curator sets is theirs, not the paper's: it must say where it comes from.
        changed = "value" in self.changed_data and cleaned.get("value") is not None
        if changed and not cleaned.get("curator_source"):
            self.add_error(
                "curator_source",
                _("A value you change is marked as a curator's: name its source (document, page or link)."),
            )
        return cleaned


class CaseImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8 CSV in the format described below (what “Export” produces)."),
    )
    overwrite = forms.BooleanField(
        label=_("Overwrite existing cases"),
        required=False,
        help_text=_(
            "Replace cases whose slug already exists with the file's data (their values become exactly the "
            "file's). Without this, a file naming an existing case is rejected."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("The file is larger than %(max)s MB."), params={"max": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload
