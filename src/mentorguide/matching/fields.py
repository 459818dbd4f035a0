"""The survey fields matching reads by id (scores, explanations, reports, agreements), each
named once here, and the check that ``content/surveys.yml`` still has them: a society may
reword and reorder the surveys, but not drop what matching needs.
"""

from __future__ import annotations

from .spec import SurveySpec

ID = "id"
NAME = "name"
EMAIL = "email"
YEARS = "years_in_practice"
CAREER_GOALS = "career_goals"
AREAS_TO_IMPROVE = "areas_to_improve"
CERTIFICATIONS_WANTED = "certifications_wanted"
FREQUENCY = "frequency"
PLATFORM = "platform"
PREFERRED_QUALITIES = "preferred_qualities"
INTERESTS = "interests"
PREFERRED_MODEL = "preferred_model"
EXPERTISE = "expertise"
CERTIFICATIONS = "certifications"
QUALITIES = "qualities"
CAPACITY = "capacity"

#: The fields matching reads: (survey, field id) → (type, controlled list); every one must be
#: in content/surveys.yml with that type (``check_surveys``).
MATCHED_FIELDS: dict[tuple[str, str], tuple[str, str | None]] = {
    ("mentee", YEARS): ("number", None),
    ("mentee", CAREER_GOALS): ("multichoice", "expertise"),
    ("mentee", AREAS_TO_IMPROVE): ("multichoice", "expertise"),
    ("mentee", CERTIFICATIONS_WANTED): ("multichoice", "credentials"),
    ("mentee", FREQUENCY): ("choice", "frequencies"),
    ("mentee", PLATFORM): ("multichoice", "platforms"),
    ("mentee", PREFERRED_QUALITIES): ("multichoice", "qualities"),
    ("mentee", INTERESTS): ("list", None),
    ("mentee", PREFERRED_MODEL): ("choice", "pairing-models"),
    ("mentor", YEARS): ("number", None),
    ("mentor", EXPERTISE): ("multichoice", "expertise"),
    ("mentor", CERTIFICATIONS): ("multichoice", "credentials"),
    ("mentor", FREQUENCY): ("choice", "frequencies"),
    ("mentor", PLATFORM): ("multichoice", "platforms"),
    ("mentor", QUALITIES): ("multichoice", "qualities"),
    ("mentor", INTERESTS): ("list", None),
    ("mentor", CAPACITY): ("number", None),
    ("mentor", EMAIL): ("email", None),
    ("mentee", EMAIL): ("email", None),
}


class SurveyShapeError(ValueError):
    """The surveys in content/ lack a field, or its type, that scoring needs (a society
    that changed ``surveys.yml`` too far)."""


def check_surveys(mentees: SurveySpec, mentors: SurveySpec) -> None:
    """Raise :class:`SurveyShapeError` naming every field scoring needs and does not find."""
    missing = []
    for (role, field_id), (kind, source) in MATCHED_FIELDS.items():
        spec = (mentees if role == "mentee" else mentors).by_id.get(field_id)
        if spec is None or spec.field.type != kind or spec.field.options_from != source:
            wanted = f"{kind} from {source}" if source else kind
            missing.append(f"the {role} survey needs a field '{field_id}' ({wanted})")
    for role, survey in (("mentee", mentees), ("mentor", mentors)):
        if ID not in survey.by_id:
            missing.append(f"the {role} survey needs a field '{ID}' (text)")
    if missing:
        raise SurveyShapeError("surveys.yml: " + "; ".join(missing) + ", which matching uses")
