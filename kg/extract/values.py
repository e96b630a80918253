"""Literal values of facts, normalised: dates to YYYY[-MM[-DD]], durations to PT<n>M, words to lower case."""

from __future__ import annotations

import datetime as dt
import re


def value_of(raw: str, fmt: str | None, years: list[int]) -> str | None:
    """Normalise a captured value: dates to YYYY[-MM[-DD]], durations to PT<n>M, words to lower case."""
    raw = raw.strip().strip(",.")
    if fmt in ("date", "year"):
        return parse_date(raw, year_only=fmt == "year")
    if fmt == "daydate":
        return infer_year(raw, years)
    if fmt == "duration":
        minutes = re.search(r"(\d+)", raw)
        return f"PT{int(minutes.group(1))}M" if minutes else None
    if fmt in ("lower", "genre", "technique"):
        return re.sub(r"\s+", " ", raw.lower())
    return raw or None


MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                      "dec"), start=1)}


def parse_date(raw: str, *, year_only: bool = False) -> str | None:
    """``"Sunday, March 2, 2025"`` -> ``2025-03-02``; ``"September 2021"`` -> ``2021-09``; ``"late 2023"`` -> ``2023``."""
    year = re.search(r"\b((?:1[89]|20)\d\d)\b", raw)
    if not year:
        return None
    if year_only:
        return year.group(1)
    month = re.search(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?", raw, re.IGNORECASE)
    if not month:
        return year.group(1)
    number = MONTHS[month.group(1).lower()[:3]]
    day = re.search(r"\b(\d{1,2})\b(?!\d)", raw.replace(year.group(1), ""))
    if day and 1 <= int(day.group(1)) <= 31:
        return f"{year.group(1)}-{number:02d}-{int(day.group(1)):02d}"
    return f"{year.group(1)}-{number:02d}"


def infer_year(raw: str, years: list[int]) -> str | None:
    """A weekday and a day with no year ("Tuesday (November 22)"): the first year from the latest year the
    article names in which that day falls on that weekday (within ten years), else None."""
    weekday = re.search(r"(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day", raw)
    month = re.search(r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*", raw)
    day = re.search(r"\b(\d{1,2})\b", raw)
    if not (weekday and month and day and years):
        return None
    want = ("Mon", "Tues", "Wednes", "Thurs", "Fri", "Satur", "Sun").index(weekday.group(1))
    for year in range(years[-1], years[-1] + 11):
        try:
            date = dt.date(year, MONTHS[month.group(1).lower()[:3]], int(day.group(1)))
        except ValueError:
            return None
        if date.weekday() == want:
            return date.isoformat()
    return None
