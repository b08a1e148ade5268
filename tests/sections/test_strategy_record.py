"""The record of the joint work names each meeting once (editorial rule: say a thing once)."""

from evbrief.core import language
from evbrief.sections import strategy

JETRO = "31st AEM-METI Consultations, Kuala Lumpur (JETRO report of the joint statement)"
ERIA = "31st AEM-METI Consultations, Kuala Lumpur: ERIA reports on the Master Plan"
DECISION = "Japan and ASEAN to set up working groups"


def test_two_accounts_of_one_meeting_name_it_once() -> None:
    language.use("en")
    text = strategy._entry_text([JETRO, ERIA, DECISION])
    assert text == (
        "31st AEM-METI Consultations, Kuala Lumpur: ERIA reports on the Master Plan; "
        "Japan and ASEAN to set up working groups"
    )
    assert text.count("31st AEM-METI") == 1


def test_a_lone_title_keeps_its_source_and_a_short_start_is_no_name() -> None:
    language.use("en")
    lone = "Planned joint strategy through ~2035 (Nikkei report)"
    assert strategy._entry_text([lone]) == lone
    # "Kishida: ..." and "Kishida announces ..." share a word, not a meeting
    two = ["Kishida: Japan will formulate a strategy", "Kishida announces an initiative"]
    assert strategy._entry_text(two) == "; ".join(two)


def test_a_meeting_is_followed_by_what_it_decided() -> None:
    language.use("en")
    text = strategy._entry_text(["30th AEM-METI Consultations, Vientiane (METI release)", DECISION])
    assert (
        text == "30th AEM-METI Consultations, Vientiane: Japan and ASEAN to set up working groups"
    )


def test_the_record_on_file_names_no_meeting_twice() -> None:
    for lang in ("en", "ja"):
        language.use(lang)
        for titles in strategy.record()["titles"]:
            text = strategy._entry_text(titles)
            head = text.split(":")[0].split("：")[0]
            assert text.count(head) == 1, (lang, text)
    language.use("en")


def test_a_title_that_says_an_electric_model_is_built_names_its_maker() -> None:
    import re

    built = "Production of the D-MAX EV (battery-electric one-ton pickup) started at Samrong"
    planned = "Electric D-MAX pickup exports from Thailand to start in 2025"
    assert re.search(strategy.ELECTRIC_LINE, built)
    assert not re.search(strategy.ELECTRIC_LINE, planned)
    from evbrief.document.report import Report

    language.use("en")
    lines = strategy._electric_lines(Report("x", {}, "t"), "THA")
    assert lines["bev_makers"] and "Toyota" in lines["bev_makers"]
