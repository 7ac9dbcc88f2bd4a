"""The SVG radar chart: pure, no database."""

import xml.etree.ElementTree as ET

import pytest

from assessments.radar import radar_svg

NS = {"svg": "http://www.w3.org/2000/svg"}
LABELS = ["Meso-institutions", "Initiatives", "Networks & <partners>", "Learning", "Outcomes"]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # well-formed XML, or this raises


def test_accessible_svg_names_every_number():
    root = parse(radar_svg(LABELS, [80, None, 50, 20.4, 100], title="Scores of Villa", uid="t"))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "radar-title-t radar-desc-t"
    assert root.find("svg:title", NS).text == "Scores of Villa"
    desc = root.find("svg:desc", NS).text
    assert "Meso-institutions: 80; Initiatives: no score; Networks & <partners>: 50; Learning: 20" in desc
    assert "<script" not in radar_svg(LABELS, [1, 2, 3, 4, 5], title="x")


def test_labels_and_titles_are_escaped():
    svg = radar_svg(LABELS, [1, 2, 3, 4, 5], title='<script>alert("x")</script>')
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "Networks &amp; &lt;partners&gt;" in svg
    texts = "".join(parse(svg).itertext())
    assert "Networks & <partners>" in texts


def test_polygon_vertices_follow_the_values():
    root = parse(radar_svg(["a", "b", "c", "d"], [100, 0, 50, 0], title="x"))
    [series] = root.findall(".//svg:polygon[@class='radar-series-a']", NS)
    points = [tuple(map(float, p.split(","))) for p in series.get("points").split()]
    # Centre (210, 210), radius 130; the first axis points up, axes go clockwise.
    assert points == [(210, 80), (210, 210), (210, 275), (210, 210)]
    assert len(root.findall(".//svg:polygon[@class='radar-ring']", NS)) == 4


def test_second_series_gets_a_legend_and_is_described():
    svg = radar_svg(LABELS, [1, 2, 3, 4, 5], title="x", second=[5, 4, 3, 2, 1], second_name="Medellín")
    root = parse(svg)
    assert root.find(".//svg:polygon[@class='radar-series-b']", NS) is not None
    legend = "".join(root.find(".//svg:g[@class='radar-legend']", NS).itertext())
    assert "This locality" in legend and "Medellín" in legend
    assert "Medellín: Meso-institutions: 5" in root.find("svg:desc", NS).text
    single = parse(radar_svg(LABELS, [1, 2, 3, 4, 5], title="x"))
    assert single.find(".//svg:g[@class='radar-legend']", NS) is None


def test_ids_are_unique_per_chart():
    a, b = radar_svg(LABELS, [1] * 5, title="a"), radar_svg(LABELS, [1] * 5, title="b")
    assert parse(a).get("aria-labelledby") != parse(b).get("aria-labelledby")


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="one value per label"):
        radar_svg(LABELS, [1, 2], title="x")
    with pytest.raises(ValueError, match="three axes"):
        radar_svg(["a", "b"], [1, 2], title="x")


def test_phones_get_a_larger_label_set_hidden_by_default():
    root = parse(radar_svg(LABELS, [1, 2, 3, 4, 5], title="x", second=[5, 4, 3, 2, 1]))
    wide = root.findall(".//svg:g[@class='radar-labels-wide']", NS)
    narrow = root.findall(".//svg:g[@class='radar-labels-narrow']", NS)
    assert len(wide) == len(narrow) == 2  # the axis labels and the legend, in each set
    assert [g.get("display") for g in wide] == [None, None]
    assert [g.get("display") for g in narrow] == ["none", "none"]  # the stylesheet shows them on phones
    labels = [t.get("font-size") for t in narrow[0].findall("svg:text", NS)]
    assert labels == ["22"] * len(LABELS)
    assert {t.get("font-size") for t in wide[0].findall("svg:text", NS)} == {"13"}
    # The larger set breaks lines sooner: a long label takes more lines there.
    long = parse(
        radar_svg(["Nature and type of LED initiatives, judged by fit", "b", "c"], [1, 2, 3], title="x")
    )
    first = [long.find(f".//svg:g[@class='radar-labels-{s}']/svg:text", NS) for s in ("wide", "narrow")]
    assert [len(t.findall("svg:tspan", NS)) for t in first] == [3, 4]


def test_the_picture_grows_to_hold_a_tall_top_label():
    short = parse(radar_svg(["a", "b", "c"], [1, 2, 3], title="x"))
    tall = parse(radar_svg(["a label of many words that takes lines", "b", "c"], [1, 2, 3], title="x"))
    y_short, y_tall = (float(r.get("viewBox").split()[1]) for r in (short, tall))
    assert y_short == 20 and y_tall < 0
    # Every line of the top label's larger set starts inside the picture, a font size below its top.
    [text] = tall.find(".//svg:g[@class='radar-labels-narrow']", NS).findall("svg:text", NS)[:1]
    first = float(text.find("svg:tspan", NS).get("y"))
    assert first - 22 * 0.8 >= y_tall
