"""Correct what WeasyPrint 70 gets wrong in a worksheet's AcroForm, before the file is
written (WeasyPrint writes the AcroForm with ``pdf_forms=True`` and the structure tree with
the PDF/UA-1 variant):

* radio buttons: each button is listed as a field of its own, named like its group (so a
  viewer sees ``stage`` and ``stage.stage``); they become kids of the group only, as
  ISO 32000-1 §12.7.4.2.4 describes;
* tooltips (/TU, the field's accessible name, §12.7.3.1 and PDF/UA-1 §7.18.1): WeasyPrint
  names a radio group after its first option and a table cell after nothing; every field
  gets the name ``form.py`` gives it (a date field's also says how to write a date);
* required fields get the Required flag (§12.7.3.1, Table 221), which viewers show;
* pages with fields get ``/Tabs /S`` so Tab follows the structure order (PDF/UA-1 §7.18.3);
* the Info dictionary records which worksheet this is (``/MentorguideWorksheet``), so a
  saved copy can be recognised when a reader opens it on the site again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pydyf

from ..worksheets.form import FormField

INFO_KEY = "MentorguideWorksheet"


_REQUIRED = 1 << 1  # field flag bit 2: Required


class FormFinisher:
    """Corrects WeasyPrint's AcroForm in place, on its pydyf objects (see module docstring)."""

    def __init__(self, slug: str, fields: Iterable[FormField], date_tooltip: str = "") -> None:
        self.slug = slug
        self.fields = {f.name: f for f in fields}
        # "{label} (a date: MM/DD/YYYY or YYYY-MM-DD)": a date field's tooltip says the forms
        # it takes, since a viewer shows the box alone (worksheet.date_hint words it).
        self.date_tooltip = date_tooltip

    def tooltip(self, spec: FormField) -> str:
        if spec.value == "date" and self.date_tooltip:
            return self.date_tooltip.replace("{label}", spec.label)
        return spec.label

    def fingerprint(self) -> str:
        """Everything the finisher writes, for the render cache's key."""
        return "\0".join(
            [self.slug, self.date_tooltip]
            + [
                f"{f.name}={f.label}|{f.field.required and f.name == f.field.id}"
                for f in self.fields.values()
            ]
        )

    def __call__(self, document: Any, pdf: Any) -> None:
        pdf.info[INFO_KEY] = pydyf.String(self.slug)
        form = pdf.catalog.get("AcroForm")
        if form is None:
            return
        by_number = {obj.number: obj for obj in pdf.objects if hasattr(obj, "number")}

        def resolve(reference: bytes) -> Any:
            return by_number[int(reference.split()[0])]

        kept = pydyf.Array()
        kids: set[bytes] = set()
        for reference in form["Fields"]:
            field = resolve(reference)
            if "Kids" in field:
                for kid_reference in field["Kids"]:
                    kid = resolve(kid_reference)
                    kids.add(bytes(kid_reference))
                    # A widget that is only a kid carries no field attributes of its own.
                    for key in ("T", "TU", "FT"):
                        kid.pop(key, None)
        for reference in form["Fields"]:
            if bytes(reference) in kids:
                continue
            field = resolve(reference)
            kept.append(reference)
            name = _text(field.get("T"))
            spec = self.fields.get(name)
            if spec is None:
                continue
            field["TU"] = pydyf.String(self.tooltip(spec))
            # The field a required question is answered in: not each box of a multiple
            # choice, not a table's cells, not the "other" text.
            if spec.field.required and spec.name == spec.field.id:
                field["Ff"] = int(field.get("Ff", 0)) | _REQUIRED
        form["Fields"] = kept
        for page in pdf.objects:
            if isinstance(page, dict) and page.get("Type") == "/Page" and "Annots" in page:
                page["Tabs"] = "/S"


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(getattr(value, "string", value))
