"""A confirmed pair's meetings as an RFC 5545 calendar file (``.ics``), which Outlook,
Google Calendar and Apple Calendar import: the first meeting, then a recurring series at the
pair's frequency until the cycle's last day, each with a reminder alarm.

Times are *floating* local times (RFC 5545 §3.3.5, form #1): 12:00 is noon wherever each
person's calendar is, so no time zone has to be guessed. The first meetings fall on the
cycle's first weekday; a mentor with several mentees meets each on a different weekday after
it, so their first meetings never overlap.

Every word of a calendar (its name, each meeting's summary, description and reminder) is
one of the edition's ``program.calendar.*`` strings, so the pair reads it in the society's
language; the questions are the guide's content.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from icalendar import Parameters, vDDDTypes, vRecur

from .. import __version__
from ..content.load import Content
from ..edition.strings import Strings
from .cycles import Cycle, get_cycle
from .documents import (
    RECURRENCE,
    PairDocuments,
    confirmed_documents,
    first_meeting_questions,
    how_often,
    option_names,
)
from .file import Reading, now

PRODID = f"-//mentorguide//Technician Mentorship toolkit {__version__}//EN"
#: How long before each meeting its reminder shows.
REMINDER = timedelta(days=1)


@dataclass(frozen=True)
class MeetingTimes:
    """When meetings are held: the time of day and how long they last."""

    start: time = time(12, 0)
    minutes: int = 60


def _weekday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:  # Saturday, Sunday
        day += timedelta(days=1)
    return day


def _nth_weekday(day: date, n: int) -> date:
    """The ``n``-th weekday (from 0) on or after ``day``."""
    day = _weekday_on_or_after(day)
    for _ in range(n):
        day = _weekday_on_or_after(day + timedelta(days=1))
    return day


#: RFC 5545 weekday codes, Monday first (as ``date.weekday()`` counts).
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _series(first: datetime, frequency: str) -> tuple[datetime, tuple[str, int, str | None]]:
    """The first meeting of the series after ``first``, and its recurrence rule (FREQ,
    INTERVAL, BYDAY; without UNTIL). A monthly series keeps the weekday: the first meeting's
    "second Thursday" of the month (at most the fourth, which every month has), so it never
    falls on a weekend."""
    freq, interval = RECURRENCE.get(frequency, ("MONTHLY", 1))
    if freq == "WEEKLY":
        return first + timedelta(weeks=interval), (freq, interval, None)
    nth = min((first.day - 1) // 7 + 1, 4)
    month = first.month - 1 + interval
    year, month = first.year + month // 12, month % 12 + 1
    day = date(year, month, 1)
    day += timedelta(days=(first.weekday() - day.weekday()) % 7 + 7 * (nth - 1))
    rule = (freq, interval, f"{nth}{_WEEKDAYS[first.weekday()]}")
    return datetime.combine(day, first.time()), rule


def pair_calendar(
    cycle: Cycle,
    doc: PairDocuments,
    *,
    order: int,
    frequency_names: Mapping[str, str],
    questions: tuple[str, ...],
    strings: Strings,
    times: MeetingTimes = MeetingTimes(),
    stamp: datetime,
) -> bytes:
    """The ``.ics`` of one pair, in the words of ``strings``; ``order`` is the pair's place
    among its mentor's mentees (from 0), ``stamp`` the moment written (DTSTAMP, in UTC)."""
    t = strings
    pair = doc.pair
    mentor, mentee = pair.mentor, pair.mentee
    first = datetime.combine(_nth_weekday(cycle.starts_on, order), times.start)
    length = timedelta(minutes=times.minutes)
    frequency = doc.meeting_frequency
    often = how_often(t, frequency, frequency_names)
    agenda = "\n".join(f"- {q}" for q in questions)
    names = {"mentor": mentor.name, "mentee": mentee.name}
    uid = f"{cycle.id}-pair-{pair.id}"
    people = _people(mentor.name, mentor.email, mentee.name, mentee.email)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{_text(PRODID)}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_text(t('program.calendar.name', **names))}",
        *_event(
            f"{uid}-first@mentorguide",
            t("program.calendar.first_summary", **names),
            first,
            length,
            t("program.calendar.first_description", **names, questions=agenda, often=often),
            stamp,
            people,
        ),
    ]
    series, rule = _series(first, frequency)
    last = datetime.combine(cycle.ends_on, time(23, 59, 59))
    if series <= last:
        lines += _event(
            f"{uid}-series@mentorguide",
            t("program.calendar.series_summary", **names),
            series,
            length,
            t("program.calendar.series_description", often=often, ends=cycle.ends_on.isoformat()),
            stamp,
            people,
            rule=_rrule(*rule, until=last),
        )
    lines.append("END:VCALENDAR")
    return b"".join(_folded(line) for line in lines)


# Lines are put together here, and folded by :func:`_folded`: icalendar's whole-component
# writer takes about 3 ms a calendar, too slow for a cycle of 2,000 pairs. icalendar encodes
# the parameters (RFC 6868 quoting) and the recurrence rules; the tests parse every file back
# with it.

_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n", "\r": ""})


def _text(value: str) -> str:
    """A TEXT value, escaped (RFC 5545 §3.3.11): backslash, semicolon, comma, line break."""
    return value.translate(_ESCAPES)


@lru_cache(maxsize=4096)
def _address(prop: str, name: str, email: str, role: str = "") -> str:
    """``ORGANIZER`` or ``ATTENDEE`` with the person's name (a mentor's repeat: cached)."""
    params = Parameters({"CN": name, **({"ROLE": role} if role else {})})
    return f"{prop};{params.to_ical().decode('utf-8')}:mailto:{email}"


@lru_cache(maxsize=256)
def _rrule(freq: str, interval: int, byday: str | None, until: datetime) -> str:
    """An RRULE's value (a cycle's pairs share a few: cached)."""
    rule: dict[str, object] = {"freq": freq, "interval": interval, "until": until}
    if byday:
        rule["byday"] = byday
    recurrence: Any = vRecur(rule)  # icalendar leaves to_ical untyped here
    return str(recurrence.to_ical().decode("ascii"))


def _people(mentor: str, mentor_email: str, mentee: str, mentee_email: str) -> list[str]:
    return [
        _address("ORGANIZER", mentor, mentor_email),
        _address("ATTENDEE", mentor, mentor_email, "REQ-PARTICIPANT"),
        _address("ATTENDEE", mentee, mentee_email, "REQ-PARTICIPANT"),
    ]


def _when(moment: datetime) -> str:
    """A DATE-TIME (RFC 5545 §3.3.5): floating local time, or UTC (``Z``) if it has a zone."""
    if moment.tzinfo is not None:
        return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return moment.strftime("%Y%m%dT%H%M%S")


def _event(
    uid: str,
    summary: str,
    start: datetime,
    length: timedelta,
    description: str,
    stamp: datetime,
    people: list[str],
    *,
    rule: str | None = None,
) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{_text(uid)}",
        f"DTSTAMP:{_when(stamp)}",
        f"DTSTART:{_when(start)}",
        f"DTEND:{_when(start + length)}",
        f"SUMMARY:{_text(summary)}",
        f"DESCRIPTION:{_text(description)}",
        *people,
    ]
    if rule is not None:
        lines.append(f"RRULE:{rule}")
    lines += [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{_text(summary)}",
        f"TRIGGER:{vDDDTypes(-REMINDER).to_ical().decode('ascii')}",
        "END:VALARM",
        "END:VEVENT",
    ]
    return lines


def _folded(line: str) -> bytes:
    """One content line, folded at 75 octets (RFC 5545 §3.1), never inside a character."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return data + b"\r\n"
    pieces: list[bytes] = []
    start, room = 0, 75
    while start < len(data):
        end = min(start + room, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte
            end -= 1
        pieces.append(data[start:end])
        start, room = end, 74  # a continuation line starts with a space
    return b"\r\n ".join(pieces) + b"\r\n"


def write_cycle_calendars(
    tx: Reading,
    content: Content,
    cycle_id: str,
    folder: Path,
    times: MeetingTimes = MeetingTimes(),
    *,
    strings: Strings,
) -> int:
    """One ``.ics`` per confirmed pair of the cycle in ``folder``, named as the introductions
    sheet's agreements are (``meetings-<mentor>-<mentee>.ics``), in the words of ``strings``
    (the project's); returns how many."""
    cycle = get_cycle(tx, cycle_id)
    names = option_names(content, "frequencies")
    questions = first_meeting_questions(content)
    stamp = now().replace(microsecond=0)
    mentees_of: dict[int, int] = {}
    count = 0
    for doc in confirmed_documents(tx, cycle.id):
        order = mentees_of.get(doc.pair.mentor.id, 0)
        mentees_of[doc.pair.mentor.id] = order + 1
        data = pair_calendar(
            cycle,
            doc,
            order=order,
            frequency_names=names,
            questions=questions,
            strings=strings,
            times=times,
            stamp=stamp,
        )
        (folder / doc.calendar).write_bytes(data)
        count += 1
    return count
