"""A reason given to a person: a stable code for programs and translations, and plain words."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Reason:
    code: str
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "text": self.text}


DOES_NOT_REPLACE_A_DOCTOR = Reason(
    "not-a-doctor",
    "spinecoach gives general guidance from its safety rules. It does not diagnose and does not "
    "replace a doctor or your instructor.",
)
