"""Files admins send in chat: asset registers, people, authorization lists and scans.

The file is checked with a dry run first; the admin confirms with a button, then it is imported
in one transaction (scans also update tickets and queue alerts).
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import Any

from bot.flows.registry import FlowContext, FlowRegistry, Replies, Route
from bot.imports import KINDS, ImportError_, ImportOutcome, problems_text, run_import
from inventory.models import Role
from inventory.records import ParseError
from reminders.messages import Button, Message, escape_markdown

KIND_WORDS = {
    "assets": ("assets", "资产", "固定资产", "台账"),
    "people": ("people", "人员", "名单", "花名册"),
    "licenses": ("licenses", "授权", "授权清单", "许可"),
    "scan": ("scan", "扫描", "检查", "osquery", "glpi"),
}
KIND_ZH = {"assets": "资产台账", "people": "人员名单", "licenses": "授权清单", "scan": "扫描结果"}
SAFE = re.compile(r"[^A-Za-z0-9._\-\u4e00-\u9fff]+")
TOKEN = re.compile(r"^[A-Za-z0-9_-]{8,32}$")


def upload_dir(ctx: FlowContext) -> Path:
    """Where uploaded files wait for the admin's confirmation."""
    folder = Path(ctx.services.settings.data_dir) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def guess_kind(caption: str, filename: str) -> str | None:
    """The import kind named in the caption or file name, if any."""
    text = f"{caption} {filename}".lower()
    for kind, words in KIND_WORDS.items():
        if any(word in text for word in words):
            return kind
    if filename.lower().endswith((".json", ".reg", ".txt")):
        return "scan"
    return None


def _stored(ctx: FlowContext, token: str) -> Path | None:
    """The waiting upload for ``token``, if it exists."""
    if not TOKEN.match(token):
        return None
    matches = sorted(upload_dir(ctx).glob(f"{token}__*"))
    return matches[0] if matches else None


def _summary(outcome: ImportOutcome) -> str:
    """A short Markdown summary of an import or dry run."""
    report = outcome.report
    if outcome.kind == "scan":
        return (
            f"扫描 {report['received']} 份，新导入 {report['imported']}，重复 {report['duplicates']}，"
            f"软件 {report['installs']} 条，未绑定客户端 {len(report['unbound'])} 个"
        )
    text = f"新增 {report['created']}，更新 {report['updated']}，未变 {report['unchanged']}"
    warnings = report.get("warnings") or []
    if warnings:
        text += "\n" + "\n".join(f"⚠ {escape_markdown(w)}" for w in warnings[:10])
    return text


async def _run(ctx: FlowContext, path: Path, kind: str, dry_run: bool) -> Replies | ImportOutcome:
    """Run the import; a bad file becomes a reply naming file, row and column."""
    try:
        return await run_import(
            ctx.services,
            kind,
            path,
            dry_run=dry_run,
            actor=ctx.person,
            channel=ctx.channel,
            session=ctx.session,
        )
    except ParseError as exc:
        path.unlink(missing_ok=True)
        return [
            Message(
                "文件有误，未导入任何数据：\n```\n" + problems_text(exc).replace("`", "'") + "\n```"
            )
        ]
    except ImportError_ as exc:
        return [Message(escape_markdown(str(exc)))]


async def preview(ctx: FlowContext, token: str, kind: str) -> Replies:
    """Dry-run the waiting file as ``kind`` and ask for confirmation."""
    path = _stored(ctx, token)
    if path is None or kind not in KINDS:
        return [Message(ctx.t("expired_button"))]
    result = await _run(ctx, path, kind, dry_run=True)
    if isinstance(result, list):
        return result
    buttons = (
        (Button("✅ 确认导入", f"imp:go:{token}:{kind}"), Button("取消", f"imp:no:{token}")),
    )
    title = f"**{KIND_ZH[kind]}预检（未写入）**\n"
    return [Message(title + _summary(result), buttons=buttons)]


def register(registry: FlowRegistry) -> None:
    """Register the upload handler and its buttons (admins only)."""

    async def upload(ctx: FlowContext, caption: str, _payload: dict[str, Any]) -> Replies:
        """Keep the file, then preview it (or ask which kind it is)."""
        assert ctx.attachment is not None
        token = secrets.token_urlsafe(12)
        name = SAFE.sub("_", ctx.attachment.filename)[-100:] or "upload.bin"
        (upload_dir(ctx) / f"{token}__{name}").write_bytes(ctx.attachment.content)
        kind = guess_kind(caption, name)
        if kind is not None:
            return await preview(ctx, token, kind)
        rows = tuple((Button(KIND_ZH[k], f"imp:kind:{token}:{k}"),) for k in KINDS)
        return [Message("这是什么文件？请选择导入类型：", buttons=rows)]

    registry.upload = Route(upload, Role.admin)

    @registry.button("imp", role=Role.admin)
    async def on_button(ctx: FlowContext, args: list[str]) -> Replies:
        """Choose the kind, confirm or cancel a waiting upload."""
        action, token, *rest = [*args, "", ""]
        if action == "kind":
            return await preview(ctx, token, rest[0])
        path = _stored(ctx, token)
        if path is None:
            return [Message(ctx.t("expired_button"))]
        if action == "no":
            path.unlink(missing_ok=True)
            return [Message(ctx.t("cancelled"))]
        result = await _run(ctx, path, rest[0], dry_run=False)
        if isinstance(result, list):
            return result
        path.unlink(missing_ok=True)
        tickets = (
            f"\n工单变化 {len(result.tickets)} 个，已发告警 {result.alerts} 条"
            if result.kind == "scan"
            else ""
        )
        return [Message(f"**已导入{KIND_ZH[result.kind]}**\n{_summary(result)}{tickets}")]
