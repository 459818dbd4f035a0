"""The schema: one typed model per kind of content, each field described once.

Every ``content/<kind>.yml`` file is a mapping with one top-level key holding a list of
items (or, for ``guide.yml``, the guide's own details). Text fields are inline Markdown;
raw HTML in them is escaped when rendered, so ``USP <825>`` shows as written.
Citations are written ``[@reference-id]`` (several: ``[@a; @b]``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .fields import Cited as Cited
from .fields import (
    Doi,
    Email,
    FieldId,
    Id,
    LanguageTag,
    Model,
    RefId,
    Text,
    Url,
)
from .lists import SurveyListName

# --- guide.yml -------------------------------------------------------------------------


class Author(Model):
    name: Text
    """The author's name as printed in the acknowledgements."""
    credentials: list[Text] = []
    """Post-nominal credentials, in the order printed (e.g. PharmD, DPLA)."""


class Guide(Model):
    title: Text
    """The guide's title."""
    prepared_by: Text
    """Who prepared the resource, as stated on its cover."""
    contact_email: Email
    """Where readers send questions about the guide."""
    language: LanguageTag = "en"
    """The content's language as a BCP 47 tag (used for HTML and PDF metadata)."""
    disclaimer: Text
    """The disclaimer, verbatim."""
    acknowledgement: Text
    """The sentence introducing the authors in the acknowledgements."""
    authors: list[Author] = Field(min_length=1)
    """The guide's authors, in the order printed."""


class GuideFile(Model):
    guide: Guide
    """The guide's own details: title, authorship, disclaimer."""


# --- statistics.yml --------------------------------------------------------------------


class Finding(Model):
    id: Id
    """Identifier of this finding, unique within its survey."""
    value: Text
    """The headline figure as printed, e.g. '59%'."""
    statement: Text
    """What the figure measures, completing the sentence that starts with the value."""


class Survey(Cited):
    id: Id
    """Identifier of the survey."""
    title: Text
    """The survey's name as the guide gives it."""
    year: int = Field(ge=1900, le=2100)
    """The year the survey was run."""
    sample: Text
    """Who answered, as the guide describes them (e.g. 'more than 20,000 pharmacy technicians')."""
    findings: list[Finding] = Field(min_length=1)
    """The figures the guide reports from this survey."""


class StatisticsFile(Model):
    surveys: list[Survey]
    """Workforce surveys whose findings motivate the guide."""


# --- credentials.yml and expertise.yml -------------------------------------------------


class Credential(Cited):
    id: Id
    """Identifier used by roles and surveys to refer to this credential (e.g. 'CSPT')."""
    name: Text
    """The credential's full name."""
    abbreviation: str = ""
    """Its usual short form, if it has one (e.g. 'CSPT')."""
    kind: Literal["certification", "certificate"]
    """A certification (an examined designation) or a certificate (a program completed)."""
    advanced: bool
    """True for the advanced credentials the guide lists beyond entry-level certification."""
    issuer: str = ""
    """Who awards it, where the guide says so."""
    summary: str = ""
    """What it prepares a technician for, where the guide says so."""


class CredentialsFile(Model):
    intro: Text
    """The guide's sentence introducing the advanced credentials."""
    closing: Text
    """The guide's sentence on what the credentials make possible."""
    credentials: list[Credential]
    """Credentials a technician can hold or pursue."""


class ExpertiseArea(Model):
    id: Id
    """Identifier used by roles, surveys and worksheets."""
    name: Text
    """The area as the guide names it (e.g. 'Sterile compounding')."""


class ExpertiseFile(Model):
    expertise: list[ExpertiseArea]
    """Areas of technical expertise mentors offer and mentees want exposure to."""


# --- roles.yml and benefits.yml --------------------------------------------------------


class RoleCategory(Cited):
    id: Id
    """Identifier roles use for their category."""
    name: Text
    """Heading for the category."""
    label: Text
    """A short name for the category, shown as a tag on each role (e.g. 'Administrative')."""
    intro: Text
    """The guide's sentence introducing these roles."""
    closing: str = ""
    """The guide's sentence after the list, if any."""


class CareerRole(Cited):
    id: Id
    """Identifier of the role, also its anchor on the career pathways page."""
    name: Text
    """The role's title."""
    also_known_as: str = ""
    """An abbreviation or other title the guide gives in brackets."""
    category: Id
    """The category id from this file's categories list."""
    patient_care: bool = False
    """True when the role works at the point of care with patients."""
    summary: str = ""
    """What the role involves, as the guide describes it."""
    credentials: list[Id] = []
    """Credentials (ids from credentials.yml) the role draws on."""
    expertise: list[Id] = []
    """Expertise areas (ids from expertise.yml) the role draws on."""


class RolesFile(Model):
    intro: Text
    """The guide's opening paragraph on advancing technician roles."""
    categories: list[RoleCategory] = Field(min_length=1)
    """Groups of roles, in the order the guide presents them."""
    roles: list[CareerRole]
    """Advanced technician roles."""


class Benefit(Model):
    id: Id
    """Identifier of the benefit."""
    text: Text
    """The benefit as the guide states it."""


class BenefitsFile(Cited):
    intro: Text
    """The guide's sentence introducing the benefits."""
    benefits: list[Benefit] = Field(min_length=1)
    """Benefits health systems see from specialisation."""
    closing: list[Text] = []
    """The guide's paragraphs after the list."""


# --- challenges.yml --------------------------------------------------------------------


class Tip(Cited):
    text: Text
    """One tip, as the guide gives it."""
    show: Literal["activities", "discussion-topics"] | None = None
    """Shows the activities or discussion topics under this tip (from program.yml)."""


class Challenge(Cited):
    id: Id
    """Identifier of the challenge, also its anchor."""
    title: Text
    """The challenge in a few words."""
    summary: Text
    """What the challenge is."""
    tips_cite: list[RefId] = []
    """References supporting the tips as a whole."""
    tips: list[Tip] = Field(min_length=1)
    """How to manage the challenge."""
    search_terms: list[str] = []
    """Other words people search for this challenge by (another spelling, a synonym, e.g.
    'imposter syndrome'): the site's search finds the challenge by them too."""


class ChallengesFile(Cited):
    intro: Text
    """The guide's sentence introducing first-time challenges."""
    challenges: list[Challenge]
    """Challenges a first-time mentor or mentee may face."""


# --- program.yml -----------------------------------------------------------------------


class Item(Cited):
    id: Id
    """Identifier of this item."""
    title: str = ""
    """A short heading, where the guide gives one."""
    text: Text
    """The item as the guide states it."""


class ProgramFile(Model):
    framework: list[Item] = Field(min_length=1)
    """The data a matching framework collects about mentors and mentees."""
    matching_tools: list[Item] = Field(min_length=1)
    """Ways to manage profiles and make pairs, by program size."""
    pairing_models: list[Item] = Field(min_length=1)
    """Models for pairing participants."""
    essentials_intro: Text
    """The sentence that leads into the essentials (it ends where the list begins)."""
    essentials: list[Item] = Field(min_length=1)
    """What every pairing should have in place after its initial meetings."""
    essentials_cite: list[RefId] = []
    """References for the essentials as a whole (cited at the end of the lead-in)."""
    activities: list[Item] = Field(min_length=1)
    """Suggested activities for mentoring pairs."""
    activities_cite: list[RefId] = []
    """References for the suggested activities."""
    discussion_topics: list[Item] = Field(min_length=1)
    """Potential discussion topics for meetings."""
    discussion_topics_cite: list[RefId] = []
    """References for the discussion topics."""


# --- surveys.yml -----------------------------------------------------------------------


class SurveyField(Model):
    id: FieldId
    """Column name in spreadsheets and field name in forms."""
    label: Text
    """The question as shown to the person answering (also accepted as a column header)."""
    help: str = ""
    """A short hint shown under the question."""
    type: Literal["text", "textarea", "email", "number", "choice", "multichoice", "list"] = "text"
    """The kind of answer: text, textarea, email, number, choice (one of the options),
    multichoice (any of the options) or list (free words, e.g. hobbies, separated by ';')."""
    required: bool = False
    """True when a response without this answer cannot be matched."""
    options_from: SurveyListName | None = None
    """The controlled list (in content/) a choice or multichoice answer must come from."""
    minimum: float | None = None
    """The smallest number allowed, for number fields."""
    maximum: float | None = None
    """The largest number allowed, for number fields."""
    whole: bool = False
    """True when a number field must be a whole number (e.g. how many mentees)."""
    guide_name: str = ""
    """The guide's own name for this field, for the fields the guide recommends collecting."""

    @model_validator(mode="after")
    def _fits_type(self) -> SurveyField:
        choice = self.type in ("choice", "multichoice")
        if choice != (self.options_from is not None):
            raise ValueError(
                "choice and multichoice fields need options_from; other types take no options_from"
            )
        if self.type != "number" and (
            self.minimum is not None or self.maximum is not None or self.whole
        ):
            raise ValueError("minimum, maximum and whole only apply to number fields")
        return self


#: Who answers a sign-up survey; a pair is one of each.
Role = Literal["mentee", "mentor"]
ROLES: tuple[Role, ...] = ("mentee", "mentor")


class SignupSurvey(Model):
    id: Role
    """Who answers this survey."""
    title: Text
    """The survey's title."""
    intro: str = ""
    """What the survey is for, shown above its questions."""
    fields: list[SurveyField] = Field(min_length=1)
    """The information the survey collects, in the order asked."""


class SurveysFile(Model):
    surveys: list[SignupSurvey] = Field(min_length=2, max_length=2)
    """The mentee and mentor sign-up surveys."""


# --- questions.yml ---------------------------------------------------------------------


Audience = Literal["mentor", "mentee", "both"]


class Topic(Model):
    id: Id
    """Identifier questions use to tag their topic."""
    name: Text
    """The topic as shown on filter buttons."""


class Question(Model):
    id: Id
    """Identifier of the question, also its anchor on the question bank page."""
    text: Text
    """The question, as the guide words it."""
    audience: Audience | None = None
    """Who asks or answers it; defaults to the set's audience."""
    stages: list[Id] = Field(min_length=1)
    """Mentorship stages (ids from stages.yml) where the question fits."""
    topics: list[Id] = Field(min_length=1)
    """Topics (ids from this file's topics list)."""


class QuestionSet(Cited):
    id: Id
    """Identifier of the set, also its anchor."""
    title: Text
    """The set's heading."""
    audience: Audience
    """Who the questions in this set are for, unless a question says otherwise."""
    intro: Text
    """The guide's sentence introducing the set."""
    questions: list[Question] = Field(min_length=1)
    """The questions, in the guide's order."""


class QuestionsFile(Model):
    topics: list[Topic] = Field(min_length=1)
    """Topics used to tag and filter questions."""
    sets: list[QuestionSet] = Field(min_length=1)
    """Groups of questions, as the guide presents them."""


# --- expectations.yml, tools.yml, engagement.yml, stages.yml, options.yml -------------


class ExpectationsFile(Cited):
    intro: Text
    """The guide's advice on setting shared expectations."""
    expectations: list[Item] = Field(min_length=1)
    """What a pair identifies together early on."""


class ToolsFile(Cited):
    intro: Text
    """The guide's sentence introducing the tools."""
    tools: list[Item] = Field(min_length=1)
    """Tools that give the relationship structure."""
    closing: list[Text] = []
    """The guide's paragraphs after the list."""


class Strategy(Model):
    id: Id
    """Identifier of the strategy, also its anchor."""
    title: Text
    """The strategy's heading."""
    body: list[Text] = Field(min_length=1)
    """The strategy's paragraphs."""


class EngagementFile(Model):
    intro: Text
    """The guide's paragraph introducing the strategies."""
    strategies: list[Strategy] = Field(min_length=1)
    """Strategies for maintaining an engaged mentorship."""


class Stage(Model):
    id: Id
    """Identifier used by questions and worksheets."""
    name: Text
    """The stage's name."""
    description: Text
    """What happens in this stage."""


class StagesFile(Cited):
    intro: Text
    """The guide's sentence introducing the stages."""
    stages: list[Stage] = Field(min_length=4, max_length=4)
    """The four stages of the mentorship cycle, in order."""
    closing: list[Text] = []
    """The guide's paragraphs after the stages."""


class Option(Model):
    id: Id
    """Identifier stored in answers and spreadsheets."""
    name: Text
    """The choice as shown to people."""


class OptionsFile(Model):
    frequencies: list[Option] = Field(min_length=1)
    """How often a pair checks in, from most to least often."""
    platforms: list[Option] = Field(min_length=1)
    """Where and how a pair communicates."""
    qualities: list[Option] = Field(min_length=1)
    """Qualities a mentee may look for in a mentor and a mentor may offer."""


# --- references.yml --------------------------------------------------------------------


class Reference(Model):
    id: RefId
    """Identifier used in citations: [@id]."""
    citation: Text
    """The reference as printed (inline Markdown for italics), without its URL or DOI."""
    url: Url | None = None
    """A web address for the work."""
    doi: Doi | None = None
    """The work's DOI, without the https://doi.org/ prefix."""
    after_url: str = ""
    """Text printed right after the URL, punctuation included (e.g. '. Accessed April 7, 2025.')."""


class ReferencesFile(Model):
    references: list[Reference] = Field(min_length=1)
    """The guide's references, numbered in this order."""
