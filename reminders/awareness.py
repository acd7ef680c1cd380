"""Awareness rate (知晓率): staff who passed the quiz / staff, per department and overall."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.models import Department, Person
from reminders.models import QuizAttempt

NO_DEPARTMENT = "未分配科室"


def rate(passed: int, staff: int) -> float | None:
    """passed / staff as a fraction from 0 to 1 (None with no staff)."""
    return round(passed / staff, 4) if staff else None


async def passed_people(session: AsyncSession) -> set[int]:
    """Ids of the people with at least one passed attempt."""
    query = select(QuizAttempt.person_id).where(col(QuizAttempt.passed).is_(True)).distinct()
    return set((await session.exec(query)).all())


async def awareness_report(session: AsyncSession) -> dict[str, Any]:
    """{"staff", "passed", "awareness_rate", "departments": [{"name", "staff", "passed", "awareness_rate"}]}."""
    people = (await session.exec(select(Person).where(col(Person.active).is_(True)))).all()
    names = {d.id: d.name for d in (await session.exec(select(Department))).all()}
    passed = await passed_people(session)
    staff_by: Counter[str] = Counter()
    passed_by: Counter[str] = Counter()
    for person in people:
        dept = names.get(person.department_id, NO_DEPARTMENT)
        staff_by[dept] += 1
        passed_by[dept] += int(person.id in passed)
    total_passed = sum(passed_by.values())
    return {
        "staff": len(people),
        "passed": total_passed,
        "awareness_rate": rate(total_passed, len(people)),
        "departments": [
            {
                "name": name,
                "staff": staff_by[name],
                "passed": passed_by[name],
                "awareness_rate": rate(passed_by[name], staff_by[name]),
            }
            for name in sorted(staff_by)
        ],
    }


async def write_awareness_xlsx(session: AsyncSession, path: Path) -> dict[str, Any]:
    """Write the awareness report as a workbook (one row per department, then the total)."""
    report = await awareness_report(session)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "知晓率"
    sheet.append(["科室 / department", "人数 / staff", "通过 / passed", "知晓率 / awareness rate"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in [*report["departments"], {**report, "name": "合计 / total"}]:
        sheet.append([row["name"], row["staff"], row["passed"], row["awareness_rate"]])
        sheet.cell(sheet.max_row, 4).number_format = "0.00%"
    for column, width in zip("ABCD", (24, 12, 12, 20), strict=True):
        sheet.column_dimensions[column].width = width
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return report
