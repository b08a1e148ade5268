"""The language layer: number forms, names and the rule that no library module names a language.

Adding a language is a locale file and a notebook: a fixture locale ('xx', tests/fixtures/locale) is read,
formats numbers and dates, and writes a report's table with no code change.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from evbrief import PACKAGE_DIR
from evbrief.core import language
from evbrief.core.claims import Register

FIXTURE_LOCALES = Path(__file__).parents[1] / "fixtures" / "locale"


@pytest.mark.parametrize(
    "value,unit,ja,en",
    [
        (100_000, "persons", "10万人", "100,000"),
        (554.5, "gCO2e/kWh", "約554 g-CO2e/kWh", "554 gCO2e/kWh"),
        (1.4e11, "JPY", "1,400億円", "¥140 billion"),
        (1.835e6, "vehicles per year", "180万台", "1.8 million"),
        (9e8, "USD", "9億ドル", "$900 million"),
        (2023, "year", "2023", "2023"),
        (0, "count", "0", "none"),
    ],
)
def test_number_forms_per_language(value, unit, ja, en) -> None:
    assert language.number(value, unit, "ja") == ja
    assert language.number(value, unit, "en") == en


# a Japanese number may not carry two decimals (100,000.00, 554.50) nor a year a separator (2,023年)
TWO_DECIMALS = re.compile(r"(?<![\d.,])[1-9][\d,]*\.\d{2,}")
YEAR_SEPARATED = re.compile(r"(?<![\d,])[12],\d{3}(?=年)")


def japanese_number_problems(text: str) -> list[str]:
    """Numbers in a Japanese text with two decimals or a year with a separator (a tariff heading such as
    HS 8703.80 is a code, not a number)."""
    return [
        m.group() for m in TWO_DECIMALS.finditer(text) if not text[: m.start()].endswith("HS ")
    ] + [m.group() for m in YEAR_SEPARATED.finditer(text)]


def test_a_number_with_two_decimals_or_a_separated_year_is_found() -> None:
    assert japanese_number_problems("就業者100,000.00人、554.50 g-CO2e/kWh、2,023年") == [
        "100,000.00",
        "554.50",
        "2,023",
    ]
    assert not japanese_number_problems("10万人、約554 g-CO2e/kWh、2023年、1,400億円、0.15")


def test_every_number_form_of_the_japanese_locale_passes_the_rule() -> None:
    values = [0.123, 1.5, 12.25, 554.5, 9_999, 12_345, 100_000, 1.835e6, 2.5e8, 1.4e11, 3e12]
    units = ["percent", "vehicles", "persons", "USD", "JPY", "THB", "gCO2e/km", "times", "km"]
    shown = [language.number(v, u, "ja") for v in values for u in units]
    assert not japanese_number_problems(" ".join(s for s in shown if not s.startswith("0.")))


def test_a_place_takes_its_article_and_possessive() -> None:
    phl, tha = language.place("Philippines", "en"), language.place("Thailand", "en")
    assert f"in {phl}" == "in the Philippines"
    assert f"{phl:poss} grid" == "the Philippines' grid"
    assert f"{phl:The} mined" == "The Philippines mined"
    assert f"{tha:poss} grid" == "Thailand's grid"
    assert str(phl) == "Philippines"  # tables and lookups keep the bare name
    assert f"{language.place('Philippines', 'ja'):poss}電力" == "Philippinesの電力"
    reg = Register()
    assert reg.say("On {m:poss} grid", m=phl) == "On the Philippines' grid"


# --- no module of the library names a language --------------------------------------------------

LANGUAGE_BRANCH = re.compile(r"""(==|!=|\bin)\s*\(?\s*["'](ja|en)["']|["'](ja|en)["']\s*:""")


def language_branches(source: str) -> list[str]:
    return [line.strip() for line in source.splitlines() if LANGUAGE_BRANCH.search(line)]


def test_no_library_module_branches_on_a_language() -> None:
    found = [
        f"{path.relative_to(PACKAGE_DIR)}: {line}"
        for path in PACKAGE_DIR.rglob("*.py")
        for line in language_branches(path.read_text(encoding="utf-8"))
    ]
    assert not found, "\n".join(found)


def test_a_language_branch_is_found() -> None:
    assert language_branches('    if lang == "ja":\n        x = 1\nFONTS = {"ja": "Noto"}') == [
        'if lang == "ja":',
        'FONTS = {"ja": "Noto"}',
    ]


# --- a new language is a locale file ------------------------------------------------------------


@pytest.fixture
def fixture_language(monkeypatch):
    monkeypatch.setenv("EVBRIEF_LOCALE_PATH", str(FIXTURE_LOCALES))
    language.locale.cache_clear()
    before = language.current()
    yield "xx"
    language.use(before)
    language.locale.cache_clear()


def test_a_fixture_locale_writes_a_report_with_no_code_change(fixture_language, capsys) -> None:
    from evbrief.document.report import Report
    from evbrief.sections import strategy

    assert fixture_language in language.languages()
    assert language.for_notebook("briefing_xx") == "xx"
    language.use("xx")
    assert language.number(1.835e6, "vehicles per year") == "XX 1.8 M"
    assert language.date("2024-09-21") == "09/2024"
    assert language.join(["A", "B", "C"]) == "A + B + C"
    rep = Report("briefing_xx", {}, "t")
    f = strategy.timeline_facts(rep)
    assert str(f.events).startswith("XX ")
    strategy.timeline_table(rep, caption="xx")
    page = capsys.readouterr().out
    assert "XX-Date" in page and "XX-What happened" in page


def test_a_language_without_a_locale_file_is_one_clear_error() -> None:
    with pytest.raises(ValueError, match="has no locale file"):
        language.use("zz")


def test_a_cell_text_is_cut_at_a_word_end_never_inside_a_word():
    long = 'Huayou replaces LG Energy Solution as lead partner of the Indonesia Grand Package ("Titan")'
    cut = language.shorten(long, 80)
    assert cut.endswith("…") and len(cut) <= 80
    assert long.startswith(cut[:-1]) and long[len(cut) - 1] == " "  # the cut falls on a space
    assert language.shorten("short text", 80) == "short text"
    assert language.shorten("あ" * 100, 50) == "あ" * 49 + "…"


def test_money_as_published_reads_in_words_in_both_languages():
    assert language.number(9.8e9, "USD", "en") == "$9.80 billion"
    assert language.number(7500, "USD", "en") == "$7,500"
    assert language.number(1e10, "EUR", "en") == "EUR 10 billion"
    assert language.number(88.72e9, "IDR", "en") == "IDR 88.7 billion"
    assert language.number(7500, "USD", "ja") == "7,500ドル"
    assert language.number(1e10, "EUR", "ja") == "100億ユーロ"


def test_a_year_column_is_known_in_every_language_so_it_prints_without_a_separator():
    from evbrief.document.report import is_year_column

    try:
        language.use("ja")
        assert is_year_column("年") and is_year_column("Year")
        assert not is_year_column("台数")
    finally:
        language.use("en")
    assert not is_year_column("Vehicle capacity (per year)")


def test_a_fiscal_year_is_written_the_language_s_way() -> None:
    from evbrief.core import language

    assert language.fiscal("FY2030", "ja") == "2030年度"
    assert language.fiscal("FY2030", "en") == "FY2030"
    assert language.fiscal("by 2030", "ja") == "by 2030"
