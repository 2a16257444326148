"""What the store raises in place of the database driver's own errors."""


class Duplicate(Exception):
    """A row clashed with a unique key: the same client id was stored already (a retried post)."""
