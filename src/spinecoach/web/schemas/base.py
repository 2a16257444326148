"""The two kinds of schema: what a client sends (strict) and what the API answers (public)."""

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """A request body: a field the schema does not know is an error, never silently dropped."""

    model_config = ConfigDict(extra="forbid")


class Public(BaseModel):
    """An answer: read from a service's record (its attributes) or from the dict a route builds."""

    model_config = ConfigDict(from_attributes=True)
