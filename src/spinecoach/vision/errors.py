"""Errors of the vision adapter, in words a person can act on."""

EXTRA = "pip install 'spinecoach[vision]'"


class VisionError(Exception):
    """The camera check cannot run on this input or on this installation."""


class VisionUnavailable(VisionError):
    """The optional pose model is not installed."""


class UnreadableMedia(VisionError):
    """A file that is not there or is not a picture or video we can decode."""
