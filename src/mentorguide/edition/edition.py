"""Who publishes the worksheets, and in which language: one value every page and PDF takes.

Three languages meet on a worksheet, and each part is marked with its own (WCAG 2.2 SC 3.1.1
and 3.1.2):

* the **interface** (buttons, notes, messages, the PDF's kicker and footer) comes from
  ``strings/<language>.yml``, in the society's language;
* the worksheet's **own text** (title, labels, help) is in the language of the language pack
  that translated it (``mentorguide/translations/<language>/worksheets/<slug>.yml``); a
  worksheet the society adds itself is taken to be in its interface language; any other stays
  in the guide's language;
* **lists from content/** that choices come from (credentials, stages, frequencies…) stay in
  the guide's language, like the rest of the guide's content.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..content.load import Content
from .society import Person, Society
from .strings import Strings, english


@dataclass(frozen=True)
class Edition:
    """The interface strings, the publishing society (if any) and each worksheet's language."""

    strings: Strings = field(default_factory=english)
    society: Society | None = None
    languages: Mapping[str, str] = field(default_factory=dict)
    """The language of each worksheet's own text, by slug, where it is not the guide's."""

    @property
    def language(self) -> str:
        """The interface's language."""
        return self.strings.language

    def language_of(self, slug: str, content: Content) -> str:
        """The language the own text of the worksheet ``slug`` is written in."""
        return self.languages.get(slug, content.guide.language)

    @property
    def coordinator(self) -> Person | None:
        return self.society.coordinator if self.society else None

    def publisher(self, content: Content) -> str:
        """Who publishes this copy: the guide's title, after the society's name if any."""
        guide = content.guide.title
        if self.society is None:
            return guide
        return self.strings("worksheet.publisher", society=self.society.name, guide=guide)

    def fingerprint(self) -> str:
        """Everything here that can change a PDF, for the render cache's key."""
        parts = [self.language, *(f"{k}={v}" for k, v in sorted(self.strings.table.items()))]
        if self.society is not None:
            parts.append(self.society.model_dump_json())
        parts += [f"{slug}:{language}" for slug, language in sorted(self.languages.items())]
        return "\0".join(parts)

    def script_strings(self) -> dict[str, str]:
        """The worksheet script's messages (``worksheet_script.*``), by their short key."""
        prefix = "worksheet_script."
        return {
            key.removeprefix(prefix): self.strings.raw(key)
            for key in self.strings.table
            if key.startswith(prefix)
        }


@functools.cache
def default_edition() -> Edition:
    """The guide's own edition: English strings, no society. Made when first needed (the
    strings are validated), not at import: a rebuild from the cache never needs it."""
    return Edition()


def lang(language: str, context: str) -> str:
    """A ``lang`` attribute for text in ``language`` inside ``context``, when they differ."""
    return f' lang="{language}"' if language != context else ""
