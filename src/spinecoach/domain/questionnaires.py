"""Questionnaires as data: the forms we ship in our own words, and the licensed wording a clinic
may load to replace them.

The ODI 2.1a statements are copyrighted (licensed by Mapi Research Trust) and the STarT Back
wording is Keele University's (free for non-commercial use, unchanged): we ship the ODI section
names with levels 0-5, and short STarT Back item descriptions of our own. A form without the
licensed wording says so (`validated_wording` is false).
"""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from spinecoach.domain.errors import DomainError
from spinecoach.domain.text import Text

Instrument = Literal["odi", "startback"]
INSTRUMENTS: tuple[Instrument, ...] = ("odi", "startback")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(Strict):
    code: str = Field(min_length=1, description="the answer's code, e.g. `3` or `agree`")
    score: int = Field(ge=0, le=5)
    text: Text


class Item(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$", description="the FHIR linkId")
    text: Text
    loinc: str | None = None
    options: list[Option] = Field(min_length=2)


class Questionnaire(Strict):
    id: Instrument
    title: Text
    version: str
    source: str = Field(description="the publication the scoring follows")
    notice: Text = Field(description="what the wording is and where the licensed one comes from")
    loinc_panel: str
    validated_wording: bool = False
    wording_source: str = "spinecoach's own short descriptions (not the validated wording)"
    items: list[Item] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> "Questionnaire":
        ids = [item.id for item in self.items]
        if len(ids) != len(set(ids)):
            raise ValueError("item ids must be unique")
        return self


class LicensedText(Strict):
    """Licensed wording in one or both languages; a missing language falls back to the other."""

    en: str | None = Field(default=None, min_length=1)
    ru: str | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _one_language(self) -> "LicensedText":
        if self.en is None and self.ru is None:
            raise ValueError("give the text in at least one language (en or ru)")
        return self

    def as_text(self) -> Text:
        en = self.en or self.ru or ""
        return Text(en=en, ru=self.ru or en)


class LicensedItem(Strict):
    text: LicensedText
    options: list[LicensedText] | None = None


class LicensedForm(Strict):
    source: str = Field(min_length=1, description="whose wording, and the licence it is used under")
    items: dict[str, LicensedItem]


class LicensedTexts(Strict):
    """The file a clinic loads (setting `questionnaire_texts`); docs/outcomes.md shows its shape."""

    odi: LicensedForm | None = None
    startback: LicensedForm | None = None

    def form(self, instrument: Instrument) -> LicensedForm | None:
        return self.odi if instrument == "odi" else self.startback


def with_licensed_wording(form: Questionnaire, licensed: LicensedForm) -> Questionnaire:
    """The same form (same items, codes and scores) with the licensed texts. Every item must be
    given, with one text per answer option where options are given, so no form is half-replaced."""
    known = {item.id for item in form.items}
    unknown = sorted(set(licensed.items) - known)
    missing = [item.id for item in form.items if item.id not in licensed.items]
    if unknown or missing:
        problems = [f"unknown item {i!r}" for i in unknown] + [f"item {i!r} is missing" for i in missing]
        raise DomainError(f"{form.id}: " + "; ".join(problems))
    items = []
    for item in form.items:
        given = licensed.items[item.id]
        options = item.options
        if given.options is not None:
            if len(given.options) != len(item.options):
                raise DomainError(
                    f"{form.id}: item {item.id!r} needs {len(item.options)} option texts, "
                    f"got {len(given.options)}"
                )
            options = [
                o.model_copy(update={"text": t.as_text()})
                for o, t in zip(item.options, given.options, strict=True)
            ]
        items.append(item.model_copy(update={"text": given.text.as_text(), "options": options}))
    return form.model_copy(
        update={"items": items, "validated_wording": True, "wording_source": licensed.source}
    )
