"""The sign-up surveys (content/surveys.yml) as worksheets: a page and a fillable PDF each,
so people can answer online or on paper. Answers come back through ``survey collect``."""

from __future__ import annotations

from typing import Any

from ..content.load import Content
from ..content.models import Role, SignupSurvey, SurveyField
from .models import Worksheet

#: The worksheet slug of each survey (its page: /worksheets/<slug>/, its PDF: <slug>.pdf).
SURVEY_SLUGS: dict[Role, str] = {"mentee": "mentee-survey", "mentor": "mentor-survey"}

_TYPES = {
    "text": "text",
    "textarea": "textarea",
    "email": "email",
    "number": "number",
    "choice": "choice",
    "multichoice": "multichoice",
    "list": "text",  # free words on one line, separated by ';'
}


#: The surveys' own words besides their questions: English, like content/surveys.yml.
SECTION_TITLE = "Your answers"
LIST_HELP = "Separate them with semicolons."


def _field(field: SurveyField) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": field.id,
        "label": field.label,
        "type": _TYPES[field.type],
        "required": field.required,
    }
    help_text = field.help or (LIST_HELP if field.type == "list" else "")
    if help_text:
        entry["help"] = help_text
    if field.options_from:
        entry["options_from"] = field.options_from
    if field.type == "textarea":
        entry["lines"] = 3
    return entry


def survey_worksheet(survey: SignupSurvey) -> Worksheet:
    """One survey as a worksheet: one section of its questions, in order.

    Its questions are content, in the content's language, and so is the rest of its text.
    """
    return Worksheet.model_validate(
        {
            "slug": SURVEY_SLUGS[survey.id],
            "title": survey.title,
            "purpose": survey.intro or survey.title,
            "sections": [
                {
                    "id": "answers",
                    "title": SECTION_TITLE,
                    "fields": [_field(f) for f in survey.fields],
                }
            ],
        }
    )


def survey_worksheets(content: Content) -> list[Worksheet]:
    """Both surveys as worksheets, in the order content/surveys.yml gives them."""
    return [survey_worksheet(survey) for survey in content.surveys.surveys]
