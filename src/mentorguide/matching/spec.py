"""The sign-up surveys as specifications for reading answers: each field, the choices it
accepts (from the controlled lists in ``content/``) and how headers and choices are spelled.

Reading is forgiving about form and strict about meaning: headers may be the field id or the
question text, and choices their id or name, in any case and spacing (``normalize``).
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from functools import cached_property, lru_cache

from ..content.lists import LIST_ITEMS, ListName
from ..content.load import Content
from ..content.models import ROLES as ROLES  # the survey roles, for the readers here
from ..content.models import Role as Role
from ..content.models import SignupSurvey, SurveyField

#: Separates the choices of a multichoice cell and the words of a list cell.
SEPARATOR = ";"


_FOLD = str.maketrans(
    {"-": " ", "_": " ", "®": "", "™": "", "\u00a0": " ", "\ufeff": "", "\u200b": ""}
)


@lru_cache(maxsize=1 << 16)
def normalize(text: str) -> str:
    """The form of a header or choice used to compare it: case, spacing, dashes, marks and
    a trailing ``?``, ``:`` or ``*`` (required-question marker) do not matter."""
    folded = " ".join(text.translate(_FOLD).casefold().split())
    return folded.rstrip("?:*. ").strip()


@dataclass(frozen=True)
class SurveyChoice:
    id: str
    name: str
    short: str = ""
    """A short form for sentences (a credential's abbreviation), if there is one."""

    @property
    def label(self) -> str:
        """How the choice reads inside a sentence: its short form, else its name."""
        return self.short or self.name


def choices_for(source: ListName, content: Content) -> tuple[SurveyChoice, ...]:
    """The options of a controlled list, in content order (credentials with their short form)."""
    short = {c.id: c.abbreviation for c in content.credentials.credentials}
    if source == "credentials":
        return tuple(SurveyChoice(i, name, short[i]) for i, name in content.choices(source))
    return tuple(SurveyChoice(i, name) for i, name in content.choices(source))


@dataclass(frozen=True)
class FieldSpec:
    """One survey field with what it accepts."""

    field: SurveyField
    choices: tuple[SurveyChoice, ...] = ()
    lookup: dict[str, str] = dc_field(default_factory=dict)
    """Normalized spelling (id, name, abbreviation) → option id."""

    @property
    def id(self) -> str:
        return self.field.id

    @property
    def what(self) -> str:
        return LIST_ITEMS[self.field.options_from] if self.field.options_from else "value"

    @cached_property
    def index(self) -> dict[str, int]:
        """Option id → position in the list."""
        return {choice.id: n for n, choice in enumerate(self.choices)}

    @cached_property
    def option(self) -> dict[str, SurveyChoice]:
        """Option id → the option."""
        return {choice.id: choice for choice in self.choices}


def _field_spec(survey_field: SurveyField, content: Content) -> FieldSpec:
    if survey_field.options_from is None:
        return FieldSpec(survey_field, (), {})
    choices = choices_for(survey_field.options_from, content)
    lookup: dict[str, str] = {}
    clashes: set[str] = set()
    for choice in choices:
        for spelling in (choice.id, choice.name, choice.short):
            if not spelling:
                continue
            key = normalize(spelling)
            if lookup.get(key, choice.id) != choice.id:
                clashes.add(key)  # two options read the same: neither spelling is accepted
            lookup[key] = choice.id
    for key in clashes:
        del lookup[key]
    for choice in choices:  # ids always work, even if a name elsewhere reads like them
        lookup[normalize(choice.id)] = choice.id
    return FieldSpec(survey_field, choices, lookup)


@dataclass(frozen=True)
class SurveySpec:
    """A survey ready to read answers: its fields, and how headers map to them."""

    survey: SignupSurvey
    fields: tuple[FieldSpec, ...]

    @property
    def role(self) -> Role:
        return self.survey.id

    @cached_property
    def by_id(self) -> dict[str, FieldSpec]:
        return {spec.id: spec for spec in self.fields}

    @cached_property
    def headers(self) -> dict[str, str]:
        """Normalized header (id or question text) → field id."""
        table: dict[str, str] = {}
        for spec in self.fields:
            table[normalize(spec.field.label)] = spec.id
        for spec in self.fields:
            table[normalize(spec.id)] = spec.id  # an id wins over another field's label
        return table

    def field_for_header(self, header: str) -> str | None:
        return self.headers.get(normalize(header))

    @property
    def required(self) -> list[FieldSpec]:
        return [spec for spec in self.fields if spec.field.required]


def survey_spec(content: Content, role: Role) -> SurveySpec:
    """The ``mentee`` or ``mentor`` survey of ``content``."""
    for survey in content.surveys.surveys:
        if survey.id == role:
            return SurveySpec(survey, tuple(_field_spec(f, content) for f in survey.fields))
    raise ValueError(f"content has no {role} survey")
