"""Dates as the tables write them (YYYY, YYYY-MM or YYYY-MM-DD), and today (fixed by EVBRIEF_TODAY)."""

from __future__ import annotations

import calendar
import os
import re
from datetime import date

import pandas as pd


def today() -> date:
    """Today, or the day EVBRIEF_TODAY names (YYYY-MM-DD), so that checks and tests can fix the date."""
    fixed = os.environ.get("EVBRIEF_TODAY")
    return date.fromisoformat(fixed) if fixed else date.today()


def start(text) -> date | None:
    """The first day of a YYYY, YYYY-MM or YYYY-MM-DD date (None when blank or not a date)."""
    text = "" if text is None or (not isinstance(text, str) and pd.isna(text)) else str(text)
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text.strip()[:10])
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return None


def end(text) -> date | None:
    """The last day of a YYYY, YYYY-MM or YYYY-MM-DD date."""
    first = start(text)
    if first is None:
        return None
    text = str(text).strip()[:10]
    if len(text) == 4:
        return date(first.year, 12, 31)
    if len(text) == 7:
        return date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])
    return first
