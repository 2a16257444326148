"""The one family of errors the domain raises: each message says what was wrong and how to fix it."""


class DomainError(Exception):
    """A rule was broken by the input; the message is meant for the person who gave it."""


class OutOfRange(DomainError):
    """A number (reps, sets, seconds, pain) fell outside what the rule allows."""


class UnknownExercise(DomainError):
    """An exercise id that the catalog does not hold."""


class NotFound(DomainError):
    """The thing asked for does not exist, or is not visible to the one asking."""


class Conflict(DomainError):
    """The request clashes with what is already there (an email in use, a finished session)."""
