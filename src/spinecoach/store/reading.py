"""Reading rows straight into domain records: the columns named by a record's fields, one record
per result row. No ORM object is made, so nothing read can be changed behind a repository's back."""

from collections.abc import Callable
from dataclasses import fields
from typing import Any, Generic, TypeVar, cast

from sqlalchemy import Column, Executable, Select, Table, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from spinecoach.store.errors import Duplicate
from spinecoach.store.tables import Base

R = TypeVar("R")


class Reader(Generic[R]):
    """How one record is read from its table; built once per record type, at import."""

    def __init__(self, record: type[R], row: type[Base]) -> None:
        table = cast(Table, row.__table__)
        self._make: Callable[..., R] = record
        self.names = tuple(f.name for f in fields(record))  # type: ignore[arg-type]
        self.columns: tuple[Column[Any], ...] = tuple(table.c[name] for name in self.names)

    def select(self) -> Select[Any]:
        return select(*self.columns)

    def all(self, session: Session, query: Executable) -> list[R]:
        make = self._make
        return [make(*row) for row in session.execute(query)]

    def first(self, session: Session, query: Executable) -> R | None:
        row = session.execute(query).first()
        return None if row is None else self._make(*row)

    def of(self, row: Base) -> R:
        """The record of an ORM row just stored (its id and defaults filled in by the flush)."""
        return self._make(*(getattr(row, name) for name in self.names))


def add_row(session: Session, row: Base, reader: Reader[R]) -> R:
    """Store a new row and hand back its record; `Duplicate` when it clashes with a unique key."""
    session.add(row)
    try:
        session.flush()
    except IntegrityError as error:
        raise Duplicate(str(error.orig)) from error
    return reader.of(row)
