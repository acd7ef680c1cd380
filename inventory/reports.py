"""Reports for filing: the software asset ledger (软件资产台账, xlsx) and the genuine-rate chart (png)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy import func
from sqlalchemy import select as core_select
from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.compliance import ComplianceReport
from inventory.entitlements import Classifies
from inventory.findings import core
from inventory.gap import license_gap
from inventory.models import (
    CheckClient,
    ComplianceSnapshot,
    Department,
    Entitlement,
    EntitlementAssignment,
    Finding,
    Installation,
    Machine,
    Person,
    Scan,
    utcnow,
)

LICENSE_TYPES = {
    "oem": "OEM 预装",
    "retail": "零售",
    "volume": "批量许可",
    "subscription": "订阅",
    "site": "场地授权",
    "free": "免费",
}
SCOPES = {"device": "按设备", "user": "按用户", "unit": "全单位"}
CLASSES = {
    "free": "免费",
    "free_personal": "仅限个人免费",
    "commercial": "商业软件",
    "crack_tool": "破解/激活工具",
    "unknown": "待核实",
}
KINDS = {
    "pirated": "盗版",
    "unlicensed": "未授权",
    "free_personal": "仅限个人",
    "unknown": "待核实",
}
CATEGORIES = {
    "os": "操作系统",
    "office": "办公软件",
    "antivirus": "杀毒软件",
    "database": "数据库",
    "design": "设计",
    "tool": "工具",
    "runtime": "运行库",
    "driver": "驱动",
    "other": "其他",
}
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "SimHei",
    "Microsoft YaHei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
)


def _t(table: type) -> Any:
    """Return the Core table of a model."""
    return table.__table__  # type: ignore[attr-defined]


def _sheet(
    workbook: Workbook, title: str, headers: Sequence[str], widths: Sequence[int]
) -> WriteOnlyWorksheet:
    """Add a sheet with a bold, frozen header row."""
    sheet = workbook.create_sheet(title)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = Font(bold=True)
        cells.append(cell)
    sheet.append(cells)
    return sheet


async def _stream(session: AsyncSession, query: Any) -> AsyncIterator[Any]:
    """Yield the rows of a Core query without loading them all."""
    await session.flush()
    connection = await session.connection()
    result = await connection.stream(query.execution_options(yield_per=5000))
    async for row in result:
        yield row


async def _machines_sheet(session: AsyncSession, workbook: Workbook) -> None:
    """Write 设备台账: one row per machine with owner, department and check-tool state."""
    sheet = _sheet(
        workbook,
        "设备台账",
        [
            "资产编号",
            "主机名",
            "设备类型",
            "科室",
            "使用人",
            "纳入正版化范围",
            "序列号",
            "MAC 地址",
            "操作系统",
            "检查工具客户端",
            "最近检查时间",
            "未整改问题数",
        ],
        [14, 18, 10, 14, 10, 14, 18, 18, 24, 22, 18, 12],
    )
    m, d, p, c, s, f = (
        _t(Machine),
        _t(Department),
        _t(Person),
        _t(CheckClient),
        _t(Scan),
        _t(Finding),
    )
    client = core_select(func.min(c.c.client_id)).where(c.c.machine_id == m.c.id).scalar_subquery()
    last = core_select(func.max(s.c.scanned_at)).where(s.c.machine_id == m.c.id).scalar_subquery()
    opened = (
        core_select(func.count())
        .select_from(f)
        .where(f.c.machine_id == m.c.id, f.c.status == "open")
        .scalar_subquery()
    )
    query = (
        core_select(
            m.c.asset_tag,
            m.c.hostname,
            m.c.device_type,
            d.c.name,
            p.c.name,
            m.c.in_scope,
            m.c.serial,
            m.c.mac,
            m.c.os_name,
            client,
            last,
            opened,
        )
        .outerjoin(d, d.c.id == m.c.department_id)
        .outerjoin(p, p.c.id == m.c.owner_id)
        .order_by(m.c.asset_tag)
    )
    async for row in _stream(session, query):
        values = list(row)
        values[5] = "是" if values[5] else "否"
        sheet.append(values)


async def _installs_sheet(session: AsyncSession, workbook: Workbook) -> None:
    """Write 软件安装明细: every program present on a machine, classified."""
    sheet = _sheet(
        workbook,
        "软件安装明细",
        [
            "资产编号",
            "软件名称",
            "版本",
            "发行商",
            "识别产品",
            "类别",
            "授权类别",
            "首次发现",
            "最近发现",
        ],
        [14, 40, 16, 24, 24, 10, 14, 18, 18],
    )
    i, m = _t(Installation), _t(Machine)
    query = (
        core_select(
            m.c.asset_tag,
            i.c.display_name,
            i.c.version,
            i.c.publisher,
            i.c.product,
            i.c.category,
            i.c.license_class,
            i.c.first_seen,
            i.c.last_seen,
        )
        .join(m, m.c.id == i.c.machine_id)
        .where(i.c.present.is_(True))
        .order_by(m.c.asset_tag, i.c.display_name)
    )
    async for row in _stream(session, query):
        values = list(row)
        values[5] = CATEGORIES.get(values[5] or "", values[5])
        values[6] = CLASSES.get(values[6], values[6])
        sheet.append(values)


async def _licenses_sheet(session: AsyncSession, workbook: Workbook) -> None:
    """Write 授权清单: entitlements with evidence and the machines they are assigned to."""
    sheet = _sheet(
        workbook,
        "授权清单",
        [
            "软件名称",
            "版本",
            "授权方式",
            "数量",
            "授权范围",
            "授权证明",
            "购买日期",
            "到期日期",
            "分配设备",
        ],
        [28, 10, 12, 8, 10, 30, 12, 12, 30],
    )
    e, a, m = _t(Entitlement), _t(EntitlementAssignment), _t(Machine)
    assigned: dict[int, list[str]] = {}
    for entitlement_id, tag in (
        await core(
            session,
            core_select(a.c.entitlement_id, m.c.asset_tag)
            .join(m, m.c.id == a.c.machine_id)
            .order_by(m.c.asset_tag),
        )
    ).all():
        assigned.setdefault(entitlement_id, []).append(tag)
    query = core_select(
        e.c.id,
        e.c.product,
        e.c.version,
        e.c.license_type,
        e.c.quantity,
        e.c.scope,
        e.c.evidence,
        e.c.purchased_on,
        e.c.expires_on,
    ).order_by(e.c.product, e.c.id)
    for row in (await core(session, query)).all():
        kind, scope = str(row.license_type), str(row.scope)
        kind, scope = (
            LICENSE_TYPES.get(kind.split(".")[-1], kind),
            SCOPES.get(scope.split(".")[-1], scope),
        )
        sheet.append(
            [
                row.product,
                row.version,
                kind,
                row.quantity,
                scope,
                row.evidence,
                row.purchased_on,
                row.expires_on,
                "、".join(assigned.get(row.id, [])),
            ]
        )


async def _findings_sheet(session: AsyncSession, workbook: Workbook) -> None:
    """Write 问题清单: every open finding with where it is and since when."""
    sheet = _sheet(
        workbook,
        "问题清单",
        ["资产编号", "科室", "问题类型", "软件", "说明", "首次发现", "最近发现"],
        [14, 14, 10, 28, 60, 18, 18],
    )
    f, m, d = _t(Finding), _t(Machine), _t(Department)
    query = (
        core_select(
            m.c.asset_tag,
            d.c.name,
            f.c.kind,
            f.c.product,
            f.c.detail,
            f.c.first_seen,
            f.c.last_seen,
        )
        .join(m, m.c.id == f.c.machine_id)
        .outerjoin(d, d.c.id == m.c.department_id)
        .where(f.c.status == "open")
        .order_by(m.c.asset_tag, f.c.kind, f.c.product)
    )
    async for row in _stream(session, query):
        kind = str(row.kind).split(".")[-1]
        sheet.append(
            [
                row.asset_tag,
                row.name,
                KINDS.get(kind, kind),
                row.product,
                row.detail,
                row.first_seen,
                row.last_seen,
            ]
        )


async def write_ledger_xlsx(
    session: AsyncSession,
    path: Path,
    today: date | None = None,
    classifier: Classifies | None = None,
) -> Path:
    """Write the software asset ledger workbook: machines, installs, licenses, findings and gap."""
    workbook = Workbook(write_only=True)
    await _machines_sheet(session, workbook)
    await _installs_sheet(session, workbook)
    await _licenses_sheet(session, workbook)
    await _findings_sheet(session, workbook)
    sheet = _sheet(
        workbook,
        "软件缺口",
        ["软件", "需要授权台数", "已有授权", "缺口", "配置方案"],
        [28, 14, 10, 8, 60],
    )
    for line in await license_gap(session, today or utcnow().date(), classifier):
        sheet.append([line.product, line.needed, line.owned, line.gap, line.plan])
    workbook.save(path)
    return path


def cjk_font() -> str | None:
    """Return the name of an installed font that can draw Chinese, or None."""
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def _label(name: str, index: int, chinese: bool) -> str:
    """Return a department label the chosen font can draw."""
    return name if chinese or name.isascii() else f"Dept {index + 1}"


def draw_compliance_chart(
    report: ComplianceReport, path: Path, history: Sequence[ComplianceSnapshot] = ()
) -> Path:
    """Draw genuine rate by department and, with history, overall rate over time, as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    font = cjk_font()
    chinese = font is not None
    style: Any = {"font.family": [font, "DejaVu Sans"]} if font else {}
    with matplotlib.rc_context(style):
        panels = 2 if history else 1
        figure, axes = pyplot.subplots(1, panels, figsize=(7 * panels, 4.5), squeeze=False)
        _departments_panel(axes[0][0], report, chinese)
        if history:
            _history_panel(axes[0][1], history, chinese)
        figure.tight_layout()
        figure.savefig(path, dpi=120)
        pyplot.close(figure)
    return path


def _departments_panel(axis: Any, report: ComplianceReport, chinese: bool) -> None:
    """Bar chart of each department's genuine rate (in percent)."""
    names = [_label(d["name"], i, chinese) for i, d in enumerate(report.departments)]
    values = [100 * (d["genuine_rate"] or 0.0) for d in report.departments]
    axis.bar(names, values, color="#2f7d4f")
    overall = report.genuine_rate.get("overall")
    if overall is not None:
        axis.axhline(
            100 * overall,
            color="#b03a2e",
            linestyle="--",
            label=("全单位" if chinese else "overall"),
        )
        axis.legend(loc="lower right")
    axis.set_ylim(0, 105)
    axis.set_ylabel("正版率 (%)" if chinese else "Genuine rate (%)")
    axis.set_title("各科室正版率" if chinese else "Genuine rate by department")
    axis.tick_params(axis="x", labelrotation=30)


def _history_panel(axis: Any, history: Sequence[ComplianceSnapshot], chinese: bool) -> None:
    """Line chart of the overall and per-category genuine rate over the stored days."""
    days = [snapshot.day for snapshot in history]
    labels = {
        "overall": "全单位",
        "os": "操作系统",
        "office": "办公软件",
        "antivirus": "杀毒软件",
        "database": "数据库",
    }
    for key, label in labels.items():
        values = [getattr(s, key) for s in history]
        if any(v is not None for v in values):
            points = [100 * v if v is not None else float("nan") for v in values]
            axis.plot(days, points, marker="o", label=label if chinese else key)
    axis.set_ylim(0, 105)
    axis.set_title("正版率趋势" if chinese else "Genuine rate over time")
    axis.legend(loc="lower right")
    axis.tick_params(axis="x", labelrotation=30)
