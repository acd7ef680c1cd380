"""CRUD for departments and people; every function takes an explicit session."""

from __future__ import annotations

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.models import Department, Person, PersonCreate, Role


async def get_or_create_department(session: AsyncSession, name: str) -> Department:
    """Return the department called ``name``, creating it when missing."""
    name = name.strip()
    found = (await session.exec(select(Department).where(Department.name == name))).first()
    if found is not None:
        return found
    department = Department(name=name)
    session.add(department)
    await session.flush()
    return department


async def find_department(session: AsyncSession, name: str) -> Department | None:
    """Return the department called ``name`` or None."""
    return (await session.exec(select(Department).where(Department.name == name.strip()))).first()


async def add_person(session: AsyncSession, data: PersonCreate) -> Person:
    """Create a person from validated input."""
    person = Person.model_validate(data)
    session.add(person)
    await session.flush()
    return person


async def find_people(session: AsyncSession, name: str) -> list[Person]:
    """Return the active people called exactly ``name``."""
    query = select(Person).where(Person.name == name.strip(), col(Person.active).is_(True))
    return list((await session.exec(query)).all())


async def list_people(session: AsyncSession, role: Role | None = None) -> list[Person]:
    """Return active people ordered by id, optionally of one role."""
    query = select(Person).where(col(Person.active).is_(True))
    if role is not None:
        query = query.where(Person.role == role)
    return list((await session.exec(query.order_by(col(Person.id)))).all())


async def department_name(session: AsyncSession, department_id: int | None) -> str | None:
    """Return the name of a department id, or None."""
    if department_id is None:
        return None
    department = await session.get(Department, department_id)
    return department.name if department else None
