"""Use cases: one function each, taking a unit of work and committing only on success."""
