"""The building blocks every schema shares: the base model, identifiers, text and patterns.

Content, society settings, strings, worksheets and matching weights are all validated with
these, so a value means the same thing (and fails with the same words) wherever it appears.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .docstrings import attribute_docstrings

ID_PATTERN = r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$"
FIELD_ID_PATTERN = r"^[a-z][a-z0-9_]*$"
URL_PATTERN = r"^https?://[^\s<>\"]+$"
DOI_PATTERN = r"^10\.\d{4,9}/[^\s<>\"]+$"
#: Stricter than RFC 5322 on purpose: each part starts with a letter or digit and holds no
#: character a spreadsheet or a shell reads specially, so no formula (``=cmd|x!A0@evil.org``)
#: passes as an address (files/cells.py).
EMAIL_PATTERN = r"^\w[\w.'+-]*@\w[\w-]*(?:\.\w[\w-]*)+$"
#: A participant's id in a survey: it starts with a letter or digit (so it is never a
#: formula) and holds no control character.
PARTICIPANT_ID_PATTERN = r"^\w[^\x00-\x1f\x7f]*$"
LANGUAGE_PATTERN = r"^[a-z]{2}(-[A-Z]{2})?$"

#: What each pattern means, in the words an error message uses ("expected ...").
PATTERN_HINTS = {
    ID_PATTERN: "an identifier: letters, digits and single hyphens",
    FIELD_ID_PATTERN: "a field name: lower-case letters, digits and underscores",
    URL_PATTERN: "a web address starting with https://",
    DOI_PATTERN: "a DOI such as 10.1016/j.japh.2023.09.006",
    EMAIL_PATTERN: "an email address",
    LANGUAGE_PATTERN: "a language tag such as 'en' or 'es'",
}

Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN),
    Field(description="An identifier: letters, digits and single hyphens, e.g. 'cspt-role'."),
]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
RefId = Id
FieldId = Annotated[
    str,
    StringConstraints(pattern=FIELD_ID_PATTERN),
    Field(
        description="A field name: lower-case letters, digits and underscores, e.g. 'start_date'."
    ),
]
Url = Annotated[str, StringConstraints(pattern=URL_PATTERN)]
Doi = Annotated[str, StringConstraints(pattern=DOI_PATTERN)]
Email = Annotated[str, StringConstraints(pattern=EMAIL_PATTERN)]
LanguageTag = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]


class Model(BaseModel):
    # strict: YAML already gives typed values, so '5' for a number is a mistake to report.
    # extra=forbid: a misspelt key is reported instead of silently ignored.
    # defer_build: a rebuild with unchanged content takes it from the project cache and
    # never validates, so it should not pay for building ~50 validators at import.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """Each field's description is the docstring under it (what pydantic's
        ``use_attribute_docstrings`` does, read from one parse of the module instead of one
        source lookup per class: a third of the import time)."""
        super().__pydantic_init_subclass__(**kwargs)
        for name, doc in attribute_docstrings(cls).items():
            field = cls.model_fields.get(name)
            if field is not None and field.description is None:
                field.description = doc


class Cited(Model):
    cite: list[RefId] = []
    """References that support this item, by id from references.yml (shown as superscripts)."""
