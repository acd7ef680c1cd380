"""Fixtures for the tickets tests: a fresh database per test and a few people and machines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

import inventory.models
import tickets.models
from inventory.models import Department, Machine, Person, Role
from tickets.calendar import shared_calendar
from tickets.settings import TicketSettings

assert inventory.models and tickets.models  # every table must be in the metadata


@pytest.fixture
def settings() -> TicketSettings:
    shared_calendar.cache_clear()
    return TicketSettings()


@dataclass
class Office:
    """A small office: two departments, two technicians, an admin and two staff with machines."""

    finance: Department
    it: Department
    tech_a: Person
    tech_b: Person
    admin: Person
    alice: Person
    bob: Person
    pc_alice: Machine
    pc_bob: Machine


async def _person(session: AsyncSession, name: str, role: Role, department: Department) -> Person:
    person = Person(name=name, role=role, department_id=department.id)
    session.add(person)
    await session.flush()
    return person


async def _machine(
    session: AsyncSession, tag: str, department: Department, owner: Person
) -> Machine:
    machine = Machine(
        asset_tag=tag,
        hostname=f"pc-{tag.lower()}",
        department_id=department.id,
        owner_id=owner.id,
        in_scope=True,
    )
    session.add(machine)
    await session.flush()
    return machine


@pytest.fixture
async def office(session: AsyncSession) -> Office:
    finance, it = Department(name="财务科"), Department(name="信息科")
    session.add_all([finance, it])
    await session.flush()
    tech_a = await _person(session, "张工", Role.technician, it)
    tech_b = await _person(session, "李工", Role.technician, it)
    admin = await _person(session, "王主任", Role.admin, it)
    alice = await _person(session, "刘会计", Role.staff, finance)
    bob = await _person(session, "陈出纳", Role.staff, finance)
    pc_alice = await _machine(session, "ZC-0001", finance, alice)
    pc_bob = await _machine(session, "ZC-0002", finance, bob)
    return Office(finance, it, tech_a, tech_b, admin, alice, bob, pc_alice, pc_bob)


NOW = datetime(2025, 9, 30, 2, 0)  # Tue 30 Sep 2025 10:00 Asia/Shanghai
