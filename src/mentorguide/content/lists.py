"""The controlled lists in ``content/`` that worksheet and survey choices take their options
from, so options are never retyped: their names, and what one item of each is called."""

from __future__ import annotations

from typing import Literal

#: The controlled lists in content/ that worksheet and survey choices take their options
#: from, so options are never retyped (``Content.choices`` reads each one).
ListName = Literal[
    "credentials",
    "expertise",
    "stages",
    "frequencies",
    "platforms",
    "activities",
    "questions",
    "topics",
    "qualities",
    "pairing-models",
]
#: What one item of each list is called in a sentence ("unknown expertise area 'x'").
LIST_ITEMS: dict[ListName, str] = {
    "credentials": "credential",
    "expertise": "expertise area",
    "stages": "stage",
    "frequencies": "meeting frequency",
    "platforms": "meeting platform",
    "activities": "activity",
    "questions": "question",
    "topics": "topic",
    "qualities": "mentor quality",
    "pairing-models": "pairing model",
}
#: The lists a sign-up survey may ask for: those the matching scores and explains.
SurveyListName = Literal[
    "expertise",
    "credentials",
    "frequencies",
    "platforms",
    "qualities",
    "pairing-models",
]
