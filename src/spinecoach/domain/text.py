"""Text in the two languages every user-facing string of the catalog carries."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Language = Literal["en", "ru"]
LANGUAGES: tuple[Language, ...] = ("en", "ru")


class Text(BaseModel):
    """One piece of text in English and Russian."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    en: str = Field(min_length=1)
    ru: str = Field(min_length=1)

    def in_(self, language: Language) -> str:
        return self.ru if language == "ru" else self.en
