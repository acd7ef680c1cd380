"""License gap (软件缺口) and configuration plan (配置方案) per product."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select as core_select
from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.entitlements import Classifies, active_entitlements, allocate
from inventory.findings import core
from inventory.models import Installation

GAP_CLASSES = ("commercial", "free_personal", "crack_tool")
CORE_CATEGORIES = ("os", "office", "antivirus", "database")


@dataclass(frozen=True, slots=True)
class GapLine:
    """One product: machines needing a license, licenses that apply, the gap and the plan."""

    product: str
    product_id: str
    license_class: str
    needed: int
    owned: int
    gap: int
    action: str  # none | buy | replace | uninstall
    alternative: str | None
    plan: str

    def to_dict(self) -> dict[str, Any]:
        """Render for `zhengban report gap --json`."""
        return {
            "product": self.product,
            "product_id": self.product_id,
            "needed": self.needed,
            "owned": self.owned,
            "gap": self.gap,
            "plan": self.plan,
            "action": self.action,
            "alternative": self.alternative,
        }


def plan_for(
    product: str, license_class: str, category: str | None, gap: int, alternative: str | None
) -> tuple[str, str]:
    """Return (action, plan text): buy N, replace with a free/domestic product, or uninstall."""
    if gap <= 0:
        return "none", "授权充足 / licenses suffice"
    if license_class == "crack_tool":
        return "uninstall", f"卸载 {product}（{gap} 台）/ uninstall {product} from {gap} machines"
    if alternative and (license_class == "free_personal" or category not in CORE_CATEGORIES):
        return (
            "replace",
            f"替换为 {alternative}（{gap} 台）/ replace with {alternative} on {gap} machines",
        )
    if license_class == "free_personal":
        return "uninstall", f"卸载 {product}（{gap} 台）/ uninstall {product} from {gap} machines"
    suffix = f"，或替换为 {alternative} / or replace with {alternative}" if alternative else ""
    return "buy", f"采购 {product} {gap} 套 / buy {gap} × {product}{suffix}"


Key = tuple[str, str]  # (product id, license class)


async def _installed(
    session: AsyncSession,
) -> tuple[dict[Key, dict[int, str | None]], dict[Key, tuple[str, str | None, str]]]:
    """Return present installs needing a license per (product, class), with name and category."""
    table = Installation.__table__  # type: ignore[attr-defined]
    query = core_select(
        table.c.product_id,
        table.c.license_class,
        table.c.machine_id,
        table.c.version,
        table.c.product,
        table.c.category,
        table.c.display_name,
    ).where(
        table.c.present.is_(True),
        table.c.license_class.in_(GAP_CLASSES),
        table.c.product_id.is_not(None),
    )
    demand: dict[Key, dict[int, str | None]] = defaultdict(dict)
    facts: dict[Key, tuple[str, str | None, str]] = {}
    for row in (await core(session, query)).all():
        key = (row.product_id, row.license_class)
        demand[key][row.machine_id] = row.version
        facts[key] = (row.product or row.product_id, row.category, row.display_name)
    return demand, facts


async def license_gap(
    session: AsyncSession, today: date, classifier: Classifies | None = None
) -> list[GapLine]:
    """Return the gap per product, largest first; the classifier supplies alternatives."""
    demand, facts = await _installed(session)
    licensable = {p: m for (p, kind), m in demand.items() if kind == "commercial"}
    covered = allocate(await active_entitlements(session, today), licensable)
    lines = []
    for (product_id, license_class), machines in demand.items():
        product, category, display_name = facts[(product_id, license_class)]
        owned = (
            len(covered.get(product_id, set()) & set(machines))
            if license_class == "commercial"
            else 0
        )
        gap = len(machines) - owned
        alternative = _alternative(classifier, display_name)
        action, plan = plan_for(product, license_class, category, gap, alternative)
        line = GapLine(
            product, product_id, license_class, len(machines), owned, gap, action, alternative, plan
        )
        lines.append(line)
    return sorted(lines, key=lambda line: (-line.gap, line.product, line.license_class))


def _alternative(classifier: Classifies | None, display_name: str) -> str | None:
    """Return the catalog's first free or domestic alternative for a product, if any."""
    if classifier is None:
        return None
    alternatives = getattr(classifier.classify(display_name), "alternatives", ()) or ()
    return str(alternatives[0]) if alternatives else None
