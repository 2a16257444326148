"""Pure rules and data models. Nothing here reads files, talks to a database or knows the web."""
