"""CSV export/import of cases: the pure format functions, the all-or-nothing import, the commands."""

import pytest
from django.core.management import CommandError, call_command

from cases import csv_io
from cases.csv_io import COLUMNS, CsvImportError, column_label, parse_cases_csv
from cases.models import Case, CaseValue
from cases.services import CASE_FIELDS, CASE_TRANSLATED, VALUE_TRANSLATED, read_cases_file, translated_keys
from framework import answers
from framework import definition as fw
from framework.answers import from_text as decode_value
from framework.answers import to_text as encode_value

FRAMEWORK = fw.load()
# The columns of files written before the translations were exported (only the Spanish summary): still read.
OLD_COLUMNS = (
    "slug,name,country,region_type,location,region_description,published,summary,summary_es,reference,"
    "indicator,value,source,note"
).split(",")
HEADER = ",".join(OLD_COLUMNS)


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return "\n".join([header, *rows, ""]).encode()


def row(slug="rosario", indicator="MESO.led_unit", value="unit", *, name="Rosario", published="true",
        region_type="metropolitan", source="Figure 4", note="curated") -> str:  # fmt: skip
    return f"{slug},{name},Argentina,{region_type},,,{published},,,,{indicator},{value},{source},{note}"


def problems_of(content: bytes) -> list[str]:
    with pytest.raises(CsvImportError) as info:
        parse_cases_csv(content, FRAMEWORK)
    return [str(p) for p in info.value.problems]


def snapshot() -> dict:
    """Every case field and every (indicator, value, source, note), by slug."""
    cases = {}
    for case in Case.objects.prefetch_related("values").select_related("framework"):
        cases[case.slug] = {
            **{f: getattr(case, f) for f in (*CASE_FIELDS, "position")},
            "framework": case.framework.slug,
            "values": sorted((v.indicator, repr(v.value), v.source, v.note) for v in case.values.all()),
        }
    return cases


# --- values (pure) --------------------------------------------------------------------------------


def test_columns_cover_exactly_the_case_fields_and_their_translations():
    assert set(csv_io.CASE_COLUMNS) == set(CASE_FIELDS) | set(translated_keys(CASE_TRANSLATED))
    assert csv_io.OPTIONAL_COLUMNS == set(translated_keys(CASE_TRANSLATED)) | set(
        translated_keys(VALUE_TRANSLATED)
    )


def test_option_codes_never_contain_the_value_markers():
    for indicator in FRAMEWORK.indicators.values():
        for code in indicator.option_codes:
            assert answers.TEXT_SEPARATOR not in code, (indicator.code, code)
            assert code != answers.TEXT_NONE_OF_THESE, (indicator.code, code)
            assert code != fw.DONT_KNOW


@pytest.mark.parametrize(
    "code, value, cell",
    [
        ("MESO.led_unit", None, ""),
        ("MESO.led_unit", "dont_know", "dont_know"),
        ("MESO.led_unit", "unit", "unit"),
        ("INIT.ced", "no", "no"),
        ("LEARN.lris", "in_formation", "in_formation"),
        ("NET.vertical_partners", [], "-"),
        ("NET.vertical_partners", ["national_agency"], "national_agency"),
        (
            "NET.vertical_partners",
            ["regional_government", "international"],
            "regional_government|international",
        ),  # fmt: skip
        ("NET.vertical_partners", "dont_know", "dont_know"),
        ("NET.vertical_partners", None, ""),
    ],
)
def test_values_encode_and_decode_back(code, value, cell):
    assert encode_value(value) == cell
    assert decode_value(FRAMEWORK.indicators[code], cell) == value


def test_decoding_puts_multi_values_in_canonical_order():
    indicator = FRAMEWORK.indicators["NET.vertical_partners"]
    assert decode_value(indicator, " international | regional_government ") == [
        "regional_government",
        "international",
    ]


@pytest.mark.parametrize(
    "code, cell, reason",
    [
        ("MESO.led_unit", "big", "unknown option 'big'"),
        ("MESO.led_unit", "-", "unknown option '-'"),
        ("MESO.led_unit", "team|unit", "unknown option 'team|unit'"),
        ("NET.vertical_partners", "international|-", "mixes option codes"),
        ("NET.vertical_partners", "international|dont_know", "mixes option codes"),
        ("NET.vertical_partners", "international||national_agency", "mixes option codes"),
        ("NET.vertical_partners", "martians", "unknown option(s) 'martians'"),
    ],
)
def test_bad_values_say_why(code, cell, reason):
    with pytest.raises(ValueError, match=reason.replace("(", r"\(").replace(")", r"\)").replace("|", r"\|")):
        decode_value(FRAMEWORK.indicators[code], cell)


# --- parsing (pure) -------------------------------------------------------------------------------


def test_export_frame_of_the_benchmark_parses_back_to_the_same_cases():
    records = read_cases_file()["cases"]
    parsed = parse_cases_csv(csv_io.frame_to_csv(csv_io.cases_frame(records)).encode(), FRAMEWORK)
    assert [c["slug"] for c in parsed] == [r["slug"] for r in records]
    translated = translated_keys(VALUE_TRANSLATED)
    for record, case in zip(records, parsed, strict=True):
        fields = [*CASE_FIELDS, *translated_keys(CASE_TRANSLATED)]
        assert {f: case[f] for f in fields} == {f: record.get(f, "") for f in fields}
        # The CSV carries the source and note in English and Spanish, the judgement flag and the curator's
        # source.
        expected = {
            code: {
                "value": FRAMEWORK.indicators[code].validate(entry["value"]),
                "source": entry["source"],
                "note": entry["note"],
                **{key: entry.get(key, "") for key in translated},
                "judgement": bool(entry.get("judgement")),
                "curator_source": entry.get("curator_source", ""),
            }
            for code, entry in record["values"].items()
        }
        assert case["values"] == expected


def test_a_case_without_values_is_one_row_and_reads_back():
    record = {"slug": "empty", **{f: "" for f in CASE_FIELDS}, "values": {}}
    record.update(name="Empty", country="Peru", region_type="border", published=False)
    frame = csv_io.cases_frame([record])
    assert len(frame) == 1 and frame.loc[0, "indicator"] == ""
    translations = dict.fromkeys(translated_keys(CASE_TRANSLATED), "")
    assert parse_cases_csv(csv_io.frame_to_csv(frame).encode(), FRAMEWORK) == [{**record, **translations}]


def test_byte_order_mark_semicolons_and_multiline_notes_are_read():
    content = "\ufeff" + ";".join(OLD_COLUMNS) + "\n"
    content += 'rosario;Rosario;Argentina;border;;;yes;;;;MESO.led_unit;team;Figure 4;"two\nlines"\n'
    content += "rosario;Rosario;Argentina;border;;;yes;;;;INIT.ced;maybe;Figure 3;x\n"
    assert problems_of(content.encode()) == ["line 4: indicator INIT.ced: bad value 'maybe': unknown option "
                                             "'maybe'; allowed: yes, no or dont_know."]  # fmt: skip
    fixed = content.replace(";maybe;", ";yes;").encode("utf-8")
    (case,) = parse_cases_csv(fixed, FRAMEWORK)
    assert case["published"] is True
    assert case["values"]["MESO.led_unit"] == {"value": "team", "source": "Figure 4", "note": "two\nlines"}


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"", ["The file is empty."]),
        (b"  \n\n", ["The file is empty."]),
        (HEADER.encode() + b"\n", ["The file has a header but no rows."]),
        (
            csv_bytes(row()).replace(b"Rosario", "Río".encode("latin-1")),
            ["line 2: the file is not UTF-8 text (byte 0xed); save it as “CSV UTF-8”."],
        ),
        (
            csv_bytes(row(), header=HEADER.replace(",note", "")),
            ["line 1: missing column(s): Note (en).", "line 2: 14 fields where the header has 13."],
        ),
        (
            csv_bytes(row(), header=HEADER.replace("value", "valeu")),
            [
                "line 1: missing column(s): Value (code).",
                "line 1: unknown column(s): 'valeu'; expected: "
                + ", ".join(map(column_label, COLUMNS))
                + ".",
            ],
        ),
        (csv_bytes(row(), row() + ",extra"), ["line 3: 15 fields where the header has 14."]),
        (csv_bytes(row(indicator="MESO.led_units")), ["line 2: unknown indicator code 'MESO.led_units'."]),
        (
            csv_bytes(row(), row(indicator="NET.vertical_partners", value="international|aliens")),
            [
                "line 3: indicator NET.vertical_partners: bad value 'international|aliens': "
                "unknown option(s) 'aliens'; allowed: regional_government, local_governments, "
                "national_agency, national_firms_ngos, international."
            ],
        ),  # fmt: skip
        (
            csv_bytes(row(), row(indicator="INIT.ced", value="yes", name="Rosario (Santa Fe)")),
            ["line 3: case 'rosario': name 'Rosario (Santa Fe)' differs from 'Rosario' on line 2."],
        ),
        (
            csv_bytes(row(), row(indicator="INIT.ced", value="yes"), row(value="team")),
            ["line 4: duplicate row for case 'rosario' and indicator MESO.led_unit (first on line 2)."],
        ),
        (csv_bytes(row(published="maybe")), ["line 2: published must be true or false, not 'maybe'."]),
        (
            csv_bytes(row(region_type="suburb")),
            [
                "line 2: unknown region_type 'suburb'; allowed: metropolitan, intermediate_city, "
                "intermediate_mixed, rural_agricultural, mining, border."
            ],
        ),  # fmt: skip
        (
            csv_bytes(row(slug="san rafael")),
            ["line 2: slug 'san rafael' is not a slug (letters, digits, hyphens and underscores only)."],
        ),
        (csv_bytes(row(name="")), ["line 2: case 'rosario' has an empty name."]),
        (
            csv_bytes(row(indicator="", value="", note="orphan note")),
            ["line 2: a row without indicator cannot have a value, source or note."],
        ),
        (csv_bytes(row(), 'rosario,"unterminated'), ["line 3: malformed CSV (unexpected end of data)."]),
    ],
)
def test_bad_files_name_each_line_and_problem(content, expected):
    assert problems_of(content) == expected


def test_every_bad_row_is_reported_not_just_the_first():
    content = csv_bytes(row(), row(indicator="INIT.ced", value="perhaps"), row(indicator="X.y", value=""))
    assert problems_of(content) == [
        "line 3: indicator INIT.ced: bad value 'perhaps': unknown option 'perhaps'; "
        "allowed: yes, no or dont_know.",
        "line 4: unknown indicator code 'X.y'.",
    ]


# --- import into the database ---------------------------------------------------------------------


@pytest.mark.django_db
def test_round_trip_export_all_twelve_and_import_into_an_empty_database(benchmark_cases):
    before = snapshot()
    assert len(before) == 12
    content = csv_io.export_cases_csv()

    Case.objects.all().delete()
    assert not CaseValue.objects.exists()
    result = csv_io.import_cases_csv(content=content, overwrite=False)

    assert result.created == list(before) and result.updated == []
    assert snapshot() == before


@pytest.mark.django_db
def test_a_rejected_file_changes_nothing(benchmark_cases):
    before = snapshot()
    good = csv_io.export_cases_csv().decode("utf-8-sig")
    # Many valid edits and one inconsistent row: the valid edits must not be saved either.
    bad = good.replace(",Figure 2,", ",Figure 2 (curated),")
    bad = bad.replace("medellin,Medellín,", "medellin,Medellin,", 1)
    with pytest.raises(CsvImportError) as info:
        csv_io.import_cases_csv(content=bad.encode(), overwrite=True)
    assert any("name 'Medellín' differs from 'Medellin'" in str(p) for p in info.value.problems)
    assert snapshot() == before


@pytest.mark.django_db
def test_a_failure_while_saving_rolls_back_the_cases_already_saved_in_its_batch(benchmark_cases, monkeypatch):
    # A batch is one transaction (a large file is written in batches so that others keep saving).
    monkeypatch.setattr(csv_io, "IMPORT_BATCH", 2)
    content = csv_bytes(row("alpha"), row("beta"))
    calls = []

    def failing_save_case(**kwargs):
        calls.append(kwargs["data"]["slug"])
        if len(calls) == 2:
            raise csv_io.CaseDataError("case 'beta': simulated failure")
        return real_save_case(**kwargs)

    real_save_case = csv_io.save_case
    monkeypatch.setattr(csv_io, "save_case", failing_save_case)
    with pytest.raises(CsvImportError, match="simulated failure"):
        csv_io.import_cases_csv(content=content, overwrite=False)
    assert calls == ["alpha", "beta"]
    assert not Case.objects.filter(slug__in=["alpha", "beta"]).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("fails_at, saved", [(3, ["alpha", "beta"]), (1, [])])
def test_a_database_failure_mid_import_says_what_was_saved_and_how_to_finish(
    benchmark_cases, monkeypatch, fails_at, saved
):
    from django.db import OperationalError

    monkeypatch.setattr(csv_io, "IMPORT_BATCH", 1)  # one case per transaction, as a large file is written
    content = csv_bytes(row("alpha"), row("beta"), row("gamma"))
    real_save_case, calls = csv_io.save_case, []

    def failing_save_case(**kwargs):
        calls.append(kwargs["data"]["slug"])
        if len(calls) == fails_at:
            raise OperationalError("database is locked")
        return real_save_case(**kwargs)

    monkeypatch.setattr(csv_io, "save_case", failing_save_case)
    with pytest.raises(CsvImportError) as info:
        csv_io.import_cases_csv(content=content, overwrite=False)
    (message,) = [str(p) for p in info.value.problems]
    assert "database is locked" in message
    if saved:
        assert "after 2 of 3 cases were saved: alpha, beta" in message and "overwrite" in message
    else:
        assert "nothing was saved" in message
    assert (
        sorted(Case.objects.filter(slug__in=["alpha", "beta", "gamma"]).values_list("slug", flat=True))
        == saved
    )
    monkeypatch.setattr(csv_io, "save_case", real_save_case)
    csv_io.import_cases_csv(content=content, overwrite=True)  # what the message says finishes it
    assert Case.objects.filter(slug__in=["alpha", "beta", "gamma"]).count() == 3


@pytest.mark.django_db
def test_existing_slugs_need_overwrite(benchmark_cases):
    content = csv_bytes(row("ilo", name="Ilo"), row("rosario"), row("cordoba", name="Córdoba"))
    with pytest.raises(CsvImportError) as info:
        csv_io.import_cases_csv(content=content, overwrite=False)
    assert [str(p) for p in info.value.problems] == [
        "These cases already exist: ilo, cordoba. Tick “overwrite” (or pass --overwrite) to replace them "
        "with the file's data, or remove their rows."
    ]
    assert not Case.objects.filter(slug="rosario").exists()


@pytest.mark.django_db
def test_overwrite_replaces_a_case_with_exactly_the_file_and_keeps_its_position(benchmark_cases):
    ilo = Case.objects.get(slug="ilo")
    content = csv_bytes(row("ilo", name="Ilo", region_type="border", value="team"), row("rosario"))
    result = csv_io.import_cases_csv(content=content, overwrite=True)

    assert (result.created, result.updated) == (["rosario"], ["ilo"])
    replaced = Case.objects.get(slug="ilo")
    assert replaced.position == ilo.position
    assert list(replaced.values.values_list("indicator", "value", "source", "note")) == [
        ("MESO.led_unit", "team", "Figure 4", "curated")
    ]
    assert Case.objects.get(slug="rosario").position > max(
        Case.objects.exclude(slug="rosario").values_list("position", flat=True)
    )


# --- management commands --------------------------------------------------------------------------


@pytest.mark.django_db
def test_export_and_import_commands_round_trip(benchmark_cases, tmp_path, capsys):
    path = tmp_path / "cases.csv"
    before = snapshot()
    call_command("export_cases", "--output", str(path))
    assert path.read_bytes() == csv_io.export_cases_csv()

    call_command("export_cases")
    assert capsys.readouterr().out == path.read_bytes().decode("utf-8-sig")

    Case.objects.all().delete()
    call_command("import_cases", str(path))
    assert snapshot() == before
    assert "12 case(s) created, 0 replaced" in capsys.readouterr().out

    with pytest.raises(CommandError, match="These cases already exist"):
        call_command("import_cases", str(path))
    call_command("import_cases", str(path), "--overwrite")
    assert "0 case(s) created, 12 replaced" in capsys.readouterr().out


@pytest.mark.django_db
def test_import_command_reports_bad_lines(benchmark_cases, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes(row(), row(indicator="LEARN.lris", value="advanced|none")))
    with pytest.raises(CommandError) as info:
        call_command("import_cases", str(path))
    message = str(info.value)
    assert "was not imported (nothing changed)" in message
    assert "line 3: indicator LEARN.lris: bad value 'advanced|none'" in message
    assert not Case.objects.filter(slug="rosario").exists()

    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_cases", str(tmp_path / "missing.csv"))


# --- languages ------------------------------------------------------------------------------------


def _ilo():
    return Case.objects.get(slug="ilo", framework__is_current=True)


@pytest.mark.django_db
def test_the_spanish_export_has_a_spanish_header_and_each_language_in_its_own_column(benchmark_cases):
    from django.utils import translation

    with translation.override("es"):
        content = csv_io.export_cases_csv(Case.objects.filter(pk=_ilo().pk))
    header = content.decode("utf-8-sig").splitlines()[0].split(",")
    assert header[:5] == ["Código del caso", "Nombre", "País (en)", "País (es)", "Tipo de región (código)"]
    assert header[-8:] == [
        "Indicador (código)",
        "Valor (código)",
        "Fuente (en)",
        "Fuente (es)",
        "Nota (en)",
        "Nota (es)",
        "Juicio de interpretación",
        "Fuente del curador",
    ]
    # Before, the Spanish admin wrote the Spanish texts into the English columns, and an import replaced
    # the English with them.
    ilo = _ilo()
    (case,) = parse_cases_csv(content, FRAMEWORK)
    assert (case["country"], case["country_es"]) == ("Peru", "Perú")
    assert (case["summary"], case["summary_es"]) == (ilo.summary_en, ilo.summary_es) and ilo.summary_es
    region = case["values"]["CTX.region_type"]
    assert (region["source"], region["source_es"]) == ("Figure 1", "Figura 1")
    # Read by the English admin: a file of the Spanish one changes nothing.
    plan = csv_io.plan_import(content=content, overwrite=True)
    assert [c.unchanged for c in plan.changes] == [True]


@pytest.mark.django_db
def test_a_file_without_the_spanish_columns_keeps_the_stored_spanish_of_unchanged_texts(benchmark_cases):
    ilo = _ilo()
    before = {v.indicator: v for v in ilo.values.all()}
    judged = next(code for code, v in before.items() if v.judgement and v.note_es)
    edited = next(code for code, v in before.items() if code != judged and v.note_es and v.note_en)
    frame = csv_io.cases_frame(csv_io.case_records(Case.objects.filter(pk=ilo.pk)))
    frame = frame.drop(columns=sorted(csv_io.OPTIONAL_COLUMNS))
    frame.loc[frame["indicator"] == edited, "note"] = "A curator's new reading."
    csv_io.import_cases_csv(content=csv_io.frame_to_csv(frame).encode(), overwrite=True)

    ilo = _ilo()
    after = {v.indicator: v for v in ilo.values.all()}
    assert ilo.country_es == "Perú" and ilo.summary_es and ilo.location_es
    assert after[judged].note_es == before[judged].note_es and after[judged].judgement is True
    assert after[judged].source_es == before[judged].source_es
    # The Spanish of a changed English text would translate something else: it is dropped (English shown).
    assert after[edited].note_en == "A curator's new reading." and not after[edited].note_es


@pytest.mark.django_db
def test_headers_are_read_in_any_language_and_by_code(benchmark_cases):
    from django.utils import translation

    with translation.override("es"):
        spanish = csv_io.export_cases_csv(Case.objects.filter(pk=_ilo().pk)).decode("utf-8-sig")
    lines = spanish.splitlines()
    codes = ",".join(COLUMNS)
    shouted = lines[0].upper().replace(",", " ,  ")  # case and spaces do not matter
    for header in (codes, shouted):
        (case,) = parse_cases_csv("\n".join([header, *lines[1:]]).encode(), FRAMEWORK)
        assert case["country_es"] == "Perú"
    with translation.override("es"):
        assert problems_of(csv_bytes(row(), header=HEADER.replace(",note", ""))) == [
            "línea 1: falta(n) la(s) columna(s): Nota (en).",
            "línea 2: 14 campos donde el encabezado tiene 13.",
        ]


# --- provenance columns: the judgement flag and the curator's source ---------------------------------

PROVENANCE_HEADER = HEADER + ",judgement,curator_source"


@pytest.mark.django_db
def test_a_new_case_takes_the_files_judgement_and_curators_source(benchmark_cases):
    content = csv_bytes(
        row(indicator="MESO.led_unit", value="unit") + ",true,Informe municipal 2003 p. 12",
        row(indicator="INIT.ced", value="yes") + ",,",
        header=PROVENANCE_HEADER,
    )
    csv_io.import_cases_csv(content=content, overwrite=False)
    values = {v.indicator: v for v in Case.objects.get(slug="rosario").values.all()}
    unit, ced = values["MESO.led_unit"], values["INIT.ced"]
    assert (unit.judgement, unit.curator_source, unit.origin) == (
        True,
        "Informe municipal 2003 p. 12",
        "curator",
    )
    # An empty cell: no judgement call, and the import itself is named as the source.
    assert (ced.judgement, ced.curator_source) == (False, "CSV import")


@pytest.mark.django_db
def test_the_export_carries_both_and_reads_back_unchanged(benchmark_cases):
    ilo = _ilo()
    judged = ilo.values.filter(judgement=True).first()
    content = csv_io.export_cases_csv(Case.objects.filter(pk=ilo.pk)).decode("utf-8-sig")
    header, *lines = content.splitlines()
    assert header.endswith("Judgement call,Curator's source")
    line = next(x for x in lines if f",{judged.indicator}," in x)
    assert line.endswith(",true,")  # a value of the paper: judged, no curator's source
    plan = csv_io.plan_import(content=content.encode(), overwrite=True)
    assert [c.unchanged for c in plan.changes] == [True]


@pytest.mark.django_db
def test_a_curator_corrects_the_source_of_a_curators_value_not_of_the_papers(benchmark_cases):
    ilo = _ilo()
    paper = ilo.values.get(indicator="MESO.led_unit")
    curated = ilo.values.get(indicator="INIT.ced")
    curated.origin, curated.curator_source = "curator", "Old memo"
    curated.save()
    frame = csv_io.cases_frame(csv_io.case_records(Case.objects.filter(pk=ilo.pk)))
    frame.loc[frame["indicator"] == "INIT.ced", "curator_source"] = "Informe 2004, p. 7"
    frame.loc[frame["indicator"] == "MESO.led_unit", "curator_source"] = "Someone's notes"
    content = csv_io.frame_to_csv(frame).encode()

    (change,) = csv_io.plan_import(content=content, overwrite=True).changes
    assert [code for code, _old, _new in change.values] == ["INIT.ced"]  # the paper's value is not changed
    csv_io.import_cases_csv(content=content, overwrite=True)
    after = {v.indicator: v for v in _ilo().values.all()}
    assert (after["INIT.ced"].curator_source, after["INIT.ced"].value) == (
        "Informe 2004, p. 7",
        curated.value,
    )
    assert (after["MESO.led_unit"].origin, after["MESO.led_unit"].curator_source) == ("paper", "")
    assert after["MESO.led_unit"].value == paper.value


@pytest.mark.django_db
def test_a_file_without_the_provenance_columns_keeps_the_stored_ones(benchmark_cases):
    ilo = _ilo()
    curated = ilo.values.get(indicator="INIT.ced")
    curated.origin, curated.curator_source, curated.judgement = "curator", "Old memo", True
    curated.save()
    frame = csv_io.cases_frame(csv_io.case_records(Case.objects.filter(pk=ilo.pk)))
    content = csv_io.frame_to_csv(frame.drop(columns=list(csv_io.PROVENANCE_COLUMNS))).encode()
    assert [c.unchanged for c in csv_io.plan_import(content=content, overwrite=True).changes] == [True]
    csv_io.import_cases_csv(content=content, overwrite=True)
    kept = _ilo().values.get(indicator="INIT.ced")
    assert (kept.curator_source, kept.judgement, kept.origin) == ("Old memo", True, "curator")


def test_bad_provenance_cells_are_named_by_line():
    content = csv_bytes(
        row(indicator="MESO.led_unit") + ",perhaps,",
        row(indicator="INIT.ced", value="yes") + ",false," + "x" * 301,
        header=PROVENANCE_HEADER,
    )
    assert problems_of(content) == [
        "line 2: Judgement call must be true, false or empty, not 'perhaps'.",
        "line 3: Curator's source is longer than 300 characters.",
    ]


def test_bad_provenance_cells_are_named_in_spanish_too():
    from django.utils import translation

    content = csv_bytes(row(indicator="MESO.led_unit") + ",quizás,", header=PROVENANCE_HEADER)
    with translation.override("es"):
        assert problems_of(content) == [
            "línea 2: Juicio de interpretación debe ser true, false o vacío, no 'quizás'."
        ]
