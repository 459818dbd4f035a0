"""The kinds of content: the one table of the files in ``content/`` and what validates each."""

from __future__ import annotations

from dataclasses import dataclass

from .fields import Model
from .models import (
    BenefitsFile,
    ChallengesFile,
    CredentialsFile,
    EngagementFile,
    ExpectationsFile,
    ExpertiseFile,
    GuideFile,
    OptionsFile,
    ProgramFile,
    QuestionsFile,
    ReferencesFile,
    RolesFile,
    StagesFile,
    StatisticsFile,
    SurveysFile,
    ToolsFile,
)


@dataclass(frozen=True)
class ContentKind:
    """One kind of content: its file in ``content/``, the model that validates it, the
    attribute of ``Content`` that holds it, and what it is (as the README lists it)."""

    file: str
    model: type[Model]
    attribute: str
    summary: str


#: Every kind of content, in the order of loading: the one list of them.
CONTENT_KINDS: tuple[ContentKind, ...] = (
    ContentKind(
        "guide.yml",
        GuideFile,
        "guide",
        "title, authorship, contact, disclaimer, acknowledgements",
    ),
    ContentKind(
        "references.yml",
        ReferencesFile,
        "references",
        "the 18 references, in the guide's numbering",
    ),
    ContentKind(
        "statistics.yml", StatisticsFile, "statistics", "the workforce surveys and their figures"
    ),
    ContentKind(
        "credentials.yml",
        CredentialsFile,
        "credentials",
        "credentials (the four advanced ones, and CPhT)",
    ),
    ContentKind("expertise.yml", ExpertiseFile, "expertise", "areas of technical expertise"),
    ContentKind(
        "roles.yml",
        RolesFile,
        "roles",
        "role categories and the administrative and specialized roles",
    ),
    ContentKind(
        "benefits.yml", BenefitsFile, "benefits", "organizational benefits of specialization"
    ),
    ContentKind(
        "challenges.yml", ChallengesFile, "challenges", "first-time challenges and their tips"
    ),
    ContentKind(
        "program.yml",
        ProgramFile,
        "program",
        "matching framework, matching tools, pairing models, first-meeting essentials, "
        "activities, discussion topics",
    ),
    ContentKind("surveys.yml", SurveysFile, "surveys", "mentee and mentor sign-up survey fields"),
    ContentKind(
        "questions.yml",
        QuestionsFile,
        "questions",
        "the question bank: topics and question sets, each question tagged by audience, "
        "stage and topic",
    ),
    ContentKind(
        "expectations.yml", ExpectationsFile, "expectations", "shared expectations to set early"
    ),
    ContentKind("tools.yml", ToolsFile, "tools", "tools that support the relationship"),
    ContentKind(
        "engagement.yml", EngagementFile, "engagement", "strategies for maintaining engagement"
    ),
    ContentKind("stages.yml", StagesFile, "stages", "the four stages of the mentorship cycle"),
    ContentKind(
        "options.yml",
        OptionsFile,
        "options",
        "controlled lists: meeting frequencies, platforms, mentor qualities",
    ),
)


#: Each content file and the model that validates it.
CONTENT_FILES: dict[str, type[Model]] = {kind.file: kind.model for kind in CONTENT_KINDS}
