"""Case curation: cases with every indicator value and its provenance, publishing, CSV import/export."""

import base64
import zlib

import reversion
from django.contrib import admin, messages
from django.db.models import Count, F, Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.utils import build_localized_fieldname, get_language
from reversion.admin import VersionAdmin

from cases.csv_io import (
    COLUMNS,
    MAX_IMPORT_ROWS,
    CsvImportError,
    column_help,
    column_label,
    export_cases_csv,
    import_cases_csv,
    plan_import,
)
from cases.forms import CaseForm, CaseImportForm, CaseValueForm, region_type_choices
from cases.models import Case, CaseValue, Origin
from cases.services import sync_region_type_value
from framework import definition as fw
from framework.models import FrameworkVersion


def framework_of(case: Case | None) -> fw.Framework:
    """The framework a case's values are given under (the current one for a case being added)."""
    if case is None:
        return fw.load()
    try:
        return fw.load(case.framework.slug)
    except FileNotFoundError:  # a version whose file is gone: its stored definition still holds
        return case.framework.framework


def csv_response(content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    filename = f"ledcheck-cases-{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class RegionTypeFilter(admin.SimpleListFilter):
    title = _("type of region")
    parameter_name = "region_type"

    def lookups(self, request, model_admin):
        return region_type_choices(fw.load())

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(region_type=self.value())
        return queryset


class CountryFilter(admin.SimpleListFilter):
    """The countries as the list shows them: in the admin's language, in English for a case whose country
    has no translation yet. (Django's own filter on ``country`` read the active language's column alone: in
    Spanish a curator's new case with only an English country was in no choice of it.)"""

    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        # The distinct pairs of columns, not every case: 10,000 cases name a few dozen countries.
        columns = dict.fromkeys(["country_en", build_localized_fieldname("country", get_language())])
        rows = model_admin.get_queryset(request).order_by().values_list(*columns).distinct()
        shown = {row[-1] or row[0] for row in rows}  # the admin's language, English where it is empty
        return [(name, name) for name in sorted(shown - {"", None}, key=str.casefold)]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return queryset.filter(country_in_language_q(self.value(), get_language()))


def country_in_language_q(name: str, language: str) -> Q:
    """Cases whose country reads ``name`` in ``language``: its own column, or English where that is empty."""
    if language == "en":
        return Q(country_en=name)
    column = build_localized_fieldname("country", language)
    untranslated = Q(**{column: ""}) | Q(**{f"{column}__isnull": True})
    return Q(**{column: name}) | (untranslated & Q(country_en=name))


# Content a curator edits in English and Spanish (cases/translation.py); the list says what lacks Spanish.
TRANSLATED_CASE_FIELDS = (
    ("country", _("country")), ("summary", _("summary")), ("location", _("location")),
    ("region_description", _("region description")),
)  # fmt: skip
MISSING_SPANISH_VALUE = (
    ~Q(values__note_en="") & (Q(values__note_es="") | Q(values__note_es__isnull=True))
) | (~Q(values__source_en="") & (Q(values__source_es="") | Q(values__source_es__isnull=True)))


def missing_spanish_q() -> Q:
    """Cases with English content and no Spanish for it."""
    q = MISSING_SPANISH_VALUE
    for field, _label in TRANSLATED_CASE_FIELDS:
        q |= ~Q(**{f"{field}_en": ""}) & (Q(**{f"{field}_es": ""}) | Q(**{f"{field}_es__isnull": True}))
    return q


class MissingSpanishFilter(admin.SimpleListFilter):
    title = _("Spanish")
    parameter_name = "spanish"

    def lookups(self, request, model_admin):
        return [("missing", _("Spanish missing")), ("complete", _("Spanish complete"))]

    def queryset(self, request, queryset):
        missing = Case.objects.filter(missing_spanish_q()).values("pk")
        if self.value() == "missing":
            return queryset.filter(pk__in=missing)
        if self.value() == "complete":
            return queryset.exclude(pk__in=missing)
        return queryset


class CaseValueInline(admin.TabularInline):
    """Every indicator of the case's framework, one row each; missing ones are offered as blank rows."""

    model = CaseValue
    form = CaseValueForm
    can_delete = False
    readonly_fields = ["origin"]
    verbose_name = _("indicator value")
    verbose_name_plural = _("indicator values (with their provenance in the paper)")

    @staticmethod
    def missing_codes(case: Case | None) -> list[str]:
        present = set(case.values.values_list("indicator", flat=True)) if case else set()
        return [code for code in framework_of(case).indicators if code not in present]

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["extra"] = len(self.missing_codes(obj))
        return super().get_formset(request, obj, **kwargs)

    def get_max_num(self, request, obj=None, **kwargs):
        # One row per indicator: no "add another" row beyond the framework's indicators.
        present = obj.values.count() if obj else 0
        return present + len(self.missing_codes(obj))


@admin.register(Case)
class CaseAdmin(VersionAdmin):
    """django-reversion keeps every saved state of a case and its values (who, when, what): "History" lists
    them and any one can be restored; bulk actions and CSV imports are recorded as revisions too."""

    form = CaseForm
    inlines = [CaseValueInline]
    list_display = [
        "name", "country", "region_type_label", "published", "reported_values", "missing_spanish",
        "updated_at",
    ]  # fmt: skip
    list_filter = [CountryFilter, RegionTypeFilter, "published", MissingSpanishFilter]
    search_fields = ["name", "country_en", "country_es", "location", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["framework", "updated_at"]
    save_on_top = True
    # Our own list page (import/export buttons), which extends django-reversion's.
    change_list_template = "admin/cases/case/change_list.html"
    actions = ["publish", "unpublish", "export_selected"]
    fieldsets = [
        (None, {"fields": ["name", "slug", ("country_en", "country_es"), "region_type"]}),
        (
            _("Location (English and Spanish)"),
            {
                "fields": [
                    ("location_en", "location_es"),
                    ("region_description_en", "region_description_es"),
                ],
                "description": _("Where the Spanish is empty, Spanish pages show the English."),
            },
        ),
        (
            _("Publication"),
            {
                "fields": ["published", "position"],
                "description": _("Position orders the cases in lists (lowest first)."),
            },
        ),
        (_("Description"), {"fields": ["summary_en", "summary_es", "reference"]}),
        (_("Framework"), {"fields": ["framework", "updated_at"]}),
    ]

    class Media:
        css = {"all": ["cases/admin.css"]}

    def changelist_view(self, request, extra_context=None):
        # A search or filter value holding NUL would reach PostgreSQL, which refuses it with a server error.
        if any("\x00" in value for _key, values in request.GET.lists() for value in values):
            request.GET = request.GET.copy()
            for key, values in list(request.GET.lists()):
                request.GET.setlist(key, [value.replace("\x00", "") for value in values])
        return super().changelist_view(request, extra_context)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                reported=Count("values", filter=Q(values__value__isnull=False)),
                untranslated=Count("values", filter=MISSING_SPANISH_VALUE, distinct=True),
                framework_slug=F("framework__slug"),
            )
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        framework = framework_of(obj)

        class FrameworkCaseForm(form):
            def __init__(self, *args, **kw):
                super().__init__(*args, framework=framework, **kw)

        return FrameworkCaseForm

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, CaseValueInline):
            case = obj if obj.pk else None
            kwargs["form_kwargs"] = {"framework": framework_of(case)}
            kwargs["initial"] = [{"indicator": code} for code in inline.missing_codes(case)]
        return kwargs

    @admin.display(description=_("type of region"), ordering="region_type")
    def region_type_label(self, obj):
        try:
            options = region_type_choices(fw.load(obj.framework_slug))
        except FileNotFoundError:
            options = []
        return dict(options).get(obj.region_type, obj.region_type)

    @admin.display(description=_("reported values"), ordering="reported")
    def reported_values(self, obj):
        return obj.reported

    @admin.display(description=_("Spanish missing"))
    def missing_spanish(self, obj):
        """What of the case's content has English but no Spanish yet (shown in English where missing)."""
        parts = [str(label) for field, label in TRANSLATED_CASE_FIELDS if getattr(obj, f"{field}_en") and
                 not getattr(obj, f"{field}_es")]  # fmt: skip
        if obj.untranslated:
            parts.append(
                ngettext("%(n)d value's note or source", "%(n)d values' notes or sources", obj.untranslated)
                % {"n": obj.untranslated}
            )
        return "; ".join(parts) or "—"

    def add_view(self, request, form_url="", extra_context=None):
        if not FrameworkVersion.objects.filter(is_current=True).exists():
            self.message_user(
                request,
                _("No current framework version: run “manage.py load_benchmark” first."),
                messages.ERROR,
            )
            return redirect("admin:cases_case_changelist")
        return super().add_view(request, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.framework = FrameworkVersion.current()
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        # A value changed here is a curator's from now on (its old value and origin stay in the history).
        for row in formset.forms:
            if isinstance(row.instance, CaseValue) and "value" in row.changed_data:
                row.instance.origin = Origin.CURATOR
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Type of region is stored twice (a column for filtering, an indicator for matching): the field wins.
        sync_region_type_value(case=form.instance)

    # --- actions ----------------------------------------------------------------------------------

    def _set_published(self, request, queryset, published: bool):
        # Saved one by one inside a revision (not queryset.update), so the history shows the change.
        count = 0
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(str(_("Published") if published else _("Unpublished")))
            for case in Case.objects.filter(pk__in=queryset.values("pk")).select_for_update():
                case.published = published
                case.save(update_fields=["published", "updated_at"])
                count += 1
        if published:
            message = ngettext(
                "%(count)d case published: it is shown and used for matching.",
                "%(count)d cases published: they are shown and used for matching.",
                count,
            )
        else:
            message = ngettext(
                "%(count)d case unpublished: it is hidden and no longer used for matching.",
                "%(count)d cases unpublished: they are hidden and no longer used for matching.",
                count,
            )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Publish selected cases (show them and use them for matching)"),
                  permissions=["change"])  # fmt: skip
    def publish(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(description=_("Unpublish selected cases (hide them and stop using them for matching)"),
                  permissions=["change"])  # fmt: skip
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, False)

    @admin.action(description=_("Export selected as CSV"), permissions=["view"])
    def export_selected(self, request, queryset):
        return csv_response(export_cases_csv(Case.objects.filter(pk__in=queryset.values("pk"))))

    # --- CSV pages --------------------------------------------------------------------------------

    def get_urls(self):
        return [
            path("export/", self.admin_site.admin_view(self.export_view), name="cases_case_export"),
            path("import/", self.admin_site.admin_view(self.import_view), name="cases_case_import"),
            *super().get_urls(),
        ]

    def export_view(self, request):
        if not self.has_view_permission(request):
            return redirect("admin:index")
        return csv_response(export_cases_csv())

    PREVIEW_SESSION_KEY = "cases_import_preview"

    def import_view(self, request):
        """Upload a CSV; "Preview" lists what it would change (nothing written, the file kept in the session
        until confirmed), "Import" writes it."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            return redirect("admin:index")
        problems, plan = [], None
        form = CaseImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and "confirm" in request.POST:
            stashed = request.session.pop(self.PREVIEW_SESSION_KEY, None)
            if stashed is None:
                self.message_user(request, _("The preview expired; choose the file again."), messages.ERROR)
                return redirect("admin:cases_case_import")
            return self._import(request, zlib.decompress(base64.b64decode(stashed["content"])),
                                stashed["overwrite"], form)  # fmt: skip
        if request.method == "POST" and form.is_valid():
            content, overwrite = form.cleaned_data["file"].read(), form.cleaned_data["overwrite"]
            if "preview" not in request.POST:
                return self._import(request, content, overwrite, form)
            try:
                plan = plan_import(content=content, overwrite=overwrite)
            except CsvImportError as exc:
                problems = exc.problems
            else:
                request.session[self.PREVIEW_SESSION_KEY] = {
                    "content": base64.b64encode(zlib.compress(content)).decode(),
                    "overwrite": overwrite,
                }
        return self._import_page(request, form, problems, plan)

    def _import(self, request, content, overwrite, form):
        try:
            result = import_cases_csv(content=content, overwrite=overwrite, user=request.user)
        except CsvImportError as exc:
            return self._import_page(request, form, exc.problems, None)
        self.message_user(
            request,
            _("CSV imported: %(created)d case(s) created, %(updated)d replaced.")
            % {"created": len(result.created), "updated": len(result.updated)},
            messages.SUCCESS,
        )
        return redirect("admin:cases_case_changelist")

    def _import_page(self, request, form, problems, plan):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import cases from CSV"),
            "form": form,
            "problems": problems,
            "plan": plan,
            "max_rows": MAX_IMPORT_ROWS,
            "columns": [column_label(c) for c in COLUMNS],
            "column_help": column_help(),
            "export_url": reverse("admin:cases_case_export"),
        }
        return TemplateResponse(
            request, "admin/cases/case/import.html", context, status=400 if problems else 200
        )
