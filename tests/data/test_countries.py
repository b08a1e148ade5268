import pycountry
import pytest
from evbrief.data import countries


def test_asean_has_ten_members_with_iso_codes():
    assert len(countries.ASEAN) == 10
    for code in countries.ASEAN:
        assert pycountry.countries.get(alpha_3=code) is not None, code


@pytest.mark.parametrize(
    "text", ["Viet Nam", "vietnam", "VNM", "vn", "Socialist Republic of Viet Nam"]
)
def test_member_resolves_from_any_common_spelling(text):
    assert countries.resolve_member(text) == "VNM"


def test_focus_accepts_region():
    assert countries.resolve_focus("asean") == "ASEAN"
    assert countries.resolve_focus("Thailand") == "THA"


def test_unknown_member_lists_every_valid_member():
    with pytest.raises(countries.UnknownCountry) as err:
        countries.resolve_member("Atlantis")
    message = str(err.value)
    for code in countries.ASEAN:
        assert code in message and countries.name(code) in message


def test_comparators_are_not_members():
    with pytest.raises(countries.UnknownCountry):
        countries.resolve_member("China")
