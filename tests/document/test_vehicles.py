"""The facts the briefings call for: the price gap for the focus and the two-wheeler electric share."""

from __future__ import annotations

import pytest
from evbrief.document.context import Context
from evbrief.document.report import Report
from evbrief.sections import vehicles


def _report() -> Report:
    return Report("briefing", {}, title="test")


def test_price_gap_for_thailand_is_parity_in_2024():
    # car_prices_iea: THA 2024 all cars, BEV 36,000 and ICEV 35,000 -> 36/35 - 1 = 2.857%
    f = vehicles.price_gap_for(_report(), Context(focus="THA", end_year=2025))
    assert f.year == 2024 and f.dearer and f.at_parity
    assert f.gap.value == pytest.approx(100 / 35)
    assert str(f.bev) == "$36,000" and str(f.icev) == "$35,000"
    assert f.first_year == 2013  # 38,000 against 27,000: 40.7% dearer
    assert f.first_gap.value == pytest.approx((38 / 27 - 1) * 100)


def test_no_price_gap_for_the_region_or_an_unpriced_member():
    rep = _report()
    region = vehicles.price_gap_for(rep, Context(end_year=2025))
    assert region.gap is None and region.published == ["Indonesia", "Malaysia", "Thailand"]
    assert vehicles.price_gap_for(rep, Context(focus="VNM", end_year=2025)).gap is None


def test_two_wheeler_share_for_the_region_and_a_member():
    rep = _report()
    assert vehicles.two_wheeler_share_for(rep, Context(end_year=2025)).share.value == 6.0
    vnm = vehicles.two_wheeler_share_for(rep, Context(focus="VNM", end_year=2025))
    assert (vnm.share.value, vnm.year, vnm.sales.value) == (22.0, 2025, 740000)
    assert vehicles.two_wheeler_share_for(rep, Context(focus="BRN", end_year=2025)).share is None


def test_charging_points_add_the_three_power_classes():
    f = vehicles.charging_facts(_report(), "VNM", 2025)
    # ev_charging_iea VNM 2025: slow 21,000 + fast 11,000; IEA gives no ultra-fast count there
    assert f.points.detail["classes"] == ["slow_points", "fast_points"]
    assert f.points.value == 32000 and f.fast.value == 11000
