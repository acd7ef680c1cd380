"""Tables owned by the inventory package: departments and people (machines and software follow)."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Return the current time as a naive UTC datetime (how every table stores time)."""
    return datetime.now(UTC).replace(tzinfo=None)


class Role(enum.StrEnum):
    """What a person may do: staff see their own, technicians work tickets, admins run the office."""

    staff = "staff"
    technician = "technician"
    admin = "admin"


class DepartmentBase(SQLModel):
    """Fields shared by every department schema."""

    name: str = Field(index=True, unique=True, max_length=100)


class Department(DepartmentBase, table=True):
    """A department (科室) of the office."""

    id: int | None = Field(default=None, primary_key=True)


class PersonBase(SQLModel):
    """Fields shared by every person schema."""

    name: str = Field(index=True, max_length=100)
    role: Role = Field(default=Role.staff)
    department_id: int | None = Field(default=None, foreign_key="department.id", index=True)
    phone: str | None = Field(default=None, max_length=40)
    language: str = Field(default="zh", max_length=8)


class PersonCreate(PersonBase):
    """Input for creating a person."""


class Person(PersonBase, table=True):
    """A member of staff, a technician or an admin."""

    id: int | None = Field(default=None, primary_key=True)
    active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow)
