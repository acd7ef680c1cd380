"""`zhengban import`, `classify`, `token` and `bind`: getting inventory data in from outside."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from bot import access
from bot.cli.base import echo_json, fail, run_async, settings_from, with_database
from bot.cli.catalog import classifier_of
from bot.database import Database
from bot.imports import (
    KINDS,
    ImportError_,
    ImportOutcome,
    bind_client,
    problems_text,
    run_import,
)
from inventory import binding, tokens
from inventory.classify import classify_csv_lines
from inventory.machines import InventoryError
from inventory.models import utcnow
from inventory.records import ParseError

CLI = "cli"


@click.command("import")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    default="auto",
    show_default=True,
    help="scan format: auto|checktool|osquery|glpi|registry|activation",
)
@click.option(
    "--mapping",
    type=click.Path(path_type=Path),
    default=None,
    help="check-tool column mapping YAML",
)
@click.option("--dry-run", is_flag=True, help="show what would change; write nothing")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def import_command(
    ctx: click.Context,
    kind: str,
    file: Path,
    fmt: str,
    mapping: Path | None,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Import an asset register, people list, authorization list or scan (one transaction)."""
    from bot.app import build_services

    settings = settings_from(ctx)

    progress = TerminalProgress() if sys.stderr.isatty() and not as_json else None

    async def go(db: Database) -> ImportOutcome:
        services = build_services(settings, db)
        return await run_import(
            services,
            kind,
            file,
            fmt=fmt,
            dry_run=dry_run,
            mapping=mapping,
            channel=CLI,
            progress=progress,
        )

    try:
        outcome = run_async(with_database(ctx, go))
    except ParseError as exc:
        fail(f"文件有误，未导入任何数据 / nothing was imported:\n{problems_text(exc)}")
    except ImportError_ as exc:
        fail(str(exc))
    if as_json:
        echo_json(outcome.to_dict())
        return
    _print_outcome(outcome)


class TerminalProgress:
    """A progress display on the terminal's stderr: the phase, then a bar over machines."""

    WIDTH = 30

    def __init__(self) -> None:
        self.started = time.monotonic()

    def phase(self, name: str, detail: str) -> None:
        """Say which phase started."""
        label = {"parse": f"解析 / parsing {detail} …", "store": f"写入 / storing {detail} 条记录"}
        click.echo(f"\r{label.get(name, name)}", err=True)

    def step(self, done: int, total: int) -> None:
        """Redraw the bar for ``done`` of ``total`` machines."""
        filled = self.WIDTH * done // max(total, 1)
        elapsed = time.monotonic() - self.started
        bar = "█" * filled + "·" * (self.WIDTH - filled)
        end = "\n" if done >= total else ""
        click.echo(f"\r[{bar}] {done}/{total} 台 machines {elapsed:5.1f}s", err=True, nl=False)
        if end:
            click.echo("", err=True)


def _print_outcome(outcome: ImportOutcome) -> None:
    """Human summary of an import."""
    report = outcome.report
    prefix = "（演练，未写入 / dry run）" if report.get("dry_run") else ""
    if outcome.kind == "scan":
        click.echo(
            f"{prefix}扫描 {report['received']} 份，导入 {report['imported']}，重复 "
            f"{report['duplicates']}，软件 {report['installs']} 条，未绑定 {len(report['unbound'])}"
        )
        for line in outcome.tickets:
            click.echo(
                f"  工单 #{line['ticket']} {line['asset']}: {line['action']} {', '.join(line['products'])}"
            )
        return
    click.echo(
        f"{prefix}{outcome.kind}: 新增 {report['created']}，更新 {report['updated']}，"
        f"未变 {report['unchanged']}"
    )
    for change in report.get("changes", [])[:50]:
        click.echo(f"  {change}")
    for warning in report.get("warnings", []):
        click.echo(f"  ⚠ {warning}", err=True)


@click.command("classify")
@click.argument("file", required=False, default="-")
@click.option("--json", "as_json", is_flag=True, help="one JSON per row")
@click.option("--known", type=click.Path(path_type=Path), help="a known-packages TSV to use")
@click.pass_context
def classify_command(ctx: click.Context, file: str, as_json: bool, known: Path | None) -> None:
    """Classify software names: CSV display_name[,publisher,version] or one name per line."""
    classifier = classifier_of(ctx, known)
    if file == "-":
        lines = sys.stdin
    else:
        path = Path(file)
        if not path.is_file():
            fail(f"找不到文件 / file not found: {file}")
        lines = path.read_text(encoding="utf-8-sig").splitlines()  # type: ignore[assignment]
    for result in classify_csv_lines(lines, classifier):
        if as_json:
            echo_json(result.to_dict())
        else:
            click.echo(
                f"{result.license_class:<13} {result.product or '-':<30} {result.display_name}"
                f"  ({result.reason})"
            )


@click.group("token")
def token_group() -> None:
    """API tokens for HTTP imports (POST /api/import/KIND)."""


@token_group.command("add")
@click.argument("name")
@click.pass_context
def token_add(ctx: click.Context, name: str) -> None:
    """Create a token for a source (printed once; only its hash is stored)."""

    async def go(db: Database) -> str:
        async with db.session() as session:
            plaintext = await tokens.create_token(session, name, utcnow())
            await access.audit(session, None, CLI, "token.add", {"name": name})
            return plaintext

    click.echo(run_async(with_database(ctx, go)))


@token_group.command("revoke")
@click.argument("name")
@click.pass_context
def token_revoke(ctx: click.Context, name: str) -> None:
    """Revoke every active token of a source."""

    async def go(db: Database) -> int:
        async with db.session() as session:
            count = await tokens.revoke(session, name, utcnow())
            await access.audit(session, None, CLI, "token.revoke", {"name": name, "count": count})
            return count

    count = run_async(with_database(ctx, go))
    if not count:
        fail(f"没有名为 {name!r} 的有效令牌 / no active token named {name!r}")
    click.echo(f"已吊销 {count} 个 / revoked {count}")


@token_group.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def token_list(ctx: click.Context, as_json: bool) -> None:
    """List tokens (names and dates, never the secret)."""

    async def go(db: Database) -> list[dict[str, object]]:
        async with db.session() as session:
            return [
                {"name": t.name, "created_at": t.created_at, "revoked_at": t.revoked_at}
                for t in await tokens.list_tokens(session)
            ]

    rows = run_async(with_database(ctx, go))
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        click.echo(
            f"{row['name']}  {row['created_at']}  {'revoked' if row['revoked_at'] else 'active'}"
        )


@click.command("bind")
@click.argument("client_id", required=False)
@click.argument("asset_tag", required=False)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def bind_command(
    ctx: click.Context, client_id: str | None, asset_tag: str | None, as_json: bool
) -> None:
    """Bind a check-tool client to an asset; without arguments list unbound clients and candidates."""

    async def go(db: Database) -> list[dict[str, object]]:
        async with db.session() as session:
            if client_id and asset_tag:
                from bot.app import build_services

                services = build_services(settings_from(ctx), db)
                outcome = await bind_client(services, session, client_id, asset_tag, None, CLI)
                return [
                    {"imported": outcome.report.get("imported", 0), "tickets": len(outcome.tickets)}
                ]
            rows: list[dict[str, object]] = []
            for client in await binding.unbound_clients(session):
                found = await binding.candidates(session, client)
                rows.append(
                    {
                        "client_id": client.client_id,
                        "hostname": client.hostname,
                        "candidates": [
                            {"asset_tag": m.asset_tag, "score": round(s, 2), "reason": r}
                            for m, s, r in found[:3]
                        ],
                    }
                )
            return rows

    if bool(client_id) != bool(asset_tag):
        fail("用法：zhengban bind 客户端ID 资产编号 / usage: zhengban bind CLIENT_ID ASSET_TAG")
    try:
        rows = run_async(with_database(ctx, go))
    except InventoryError as exc:
        fail(str(exc))
    if client_id:
        click.echo(
            f"已绑定 / bound: {client_id} -> {asset_tag}（补录扫描 {rows[0]['imported']} 份）"
        )
    elif as_json:
        echo_json(rows)
    else:
        for row in rows:
            options = ", ".join(f"{c['asset_tag']}({c['score']})" for c in row["candidates"])  # type: ignore[attr-defined]
            click.echo(f"{row['client_id']}  {row['hostname'] or '-'}  -> {options or '无候选'}")
