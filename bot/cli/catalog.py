"""`zhengban catalog harvest|check`: the known-packages table behind the software catalog."""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Protocol

import click

from bot.cli.base import echo_json, fail, settings_from
from integrations.scoop import ScoopBucket
from integrations.winget import WingetSource
from inventory.catalog import CatalogError, load_catalog
from inventory.classify import Classifier, classifier_for
from inventory.known_packages import (
    KnownPackage,
    KnownPackagesError,
    PublicPackage,
    harvest,
    read_known,
    write_known,
)
from inventory.settings import InventorySettings

PATH = click.Path(path_type=Path)


class Registry(Protocol):
    """A source of public packages (a Scoop bucket, a winget-pkgs checkout)."""

    name: str
    skipped: list[str]

    def packages(self) -> Iterator[PublicPackage]: ...  # noqa: D102


def inventory_settings(ctx: click.Context) -> InventorySettings:
    """The inventory section of the configured settings."""
    return InventorySettings(**settings_from(ctx).section("inventory"))


def configured_known(ctx: click.Context) -> Path | None:
    """The known-packages table the settings name (None: the shipped one)."""
    return inventory_settings(ctx).known_packages_file


def classifier_of(ctx: click.Context, known: Path | None = None) -> Classifier:
    """The configured classifier (KMS block list, known packages), ``known`` overriding the table."""
    try:
        return classifier_for(inventory_settings(ctx), known)
    except KnownPackagesError as error:
        fail(f"已知软件表无法读取 / known-packages table unreadable: {error}")


@click.group("catalog")
def catalog_group() -> None:
    """The software catalog and its known-packages table (软件目录)."""


@catalog_group.command("harvest")
@click.option("--scoop", "scoop", multiple=True, type=PATH, help="a Scoop bucket directory")
@click.option("--winget", "winget", multiple=True, type=PATH, help="a winget-pkgs checkout")
@click.option("--out", type=PATH, required=True, help="the known-packages TSV to write")
@click.option("--note", default="", help="a line for the table's header (where the data came from)")
@click.option("--json", "as_json", is_flag=True)
def harvest_command(
    scoop: tuple[Path, ...], winget: tuple[Path, ...], out: Path, note: str, as_json: bool
) -> None:
    """Build a known-packages table from Scoop buckets and winget manifests (licence fields)."""
    if not scoop and not winget:
        fail("请至少给出一个 --scoop 或 --winget 目录 / give at least one --scoop or --winget")
    if not out.parent.is_dir():
        fail(f"目录不存在 / folder does not exist: {out.parent}")
    registries = [_open(ScoopBucket.open, p) for p in scoop]
    registries += [_open(WingetSource.open, p) for p in winget]
    packages: list[PublicPackage] = []
    read: dict[str, int] = {}
    for registry in registries:
        found = list(registry.packages())
        read[registry.name] = len(found)
        packages += found
    known = harvest(packages)
    _write_atomically(known, out, "\n".join(filter(None, [_note(registries, read), note])))
    summary = _summary(registries, read, known, out)
    if as_json:
        echo_json(summary)
        return
    _print_summary(registries, read, summary)


def _open(opener: Callable[[Path], Registry], path: Path) -> Registry:
    """Open a registry directory; a missing one is bad input."""
    try:
        return opener(path)
    except FileNotFoundError as error:
        fail(str(error))


def _note(registries: list[Registry], read: dict[str, int]) -> str:
    """Header comment of a harvested table: when and from what."""
    sources = ", ".join(f"{r.name} ({read[r.name]})" for r in registries)
    return (
        f"zhengban known packages, harvested {date.today().isoformat()} from: {sources}\n"
        "Each row: name keys, the class its licence field states, and the registry package."
    )


def _write_atomically(known: list[KnownPackage], out: Path, note: str) -> None:
    """Write the table next to its destination, then rename: never half a file."""
    handle, temporary = tempfile.mkstemp(prefix=".known-", suffix=".tsv", dir=out.parent)
    os.close(handle)
    try:
        write_known(known, Path(temporary), note)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes it private; a table is not
        os.replace(temporary, out)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _summary(
    registries: list[Registry], read: dict[str, int], known: list[KnownPackage], out: Path
) -> dict[str, object]:
    """What the harvest read, skipped and wrote."""
    return {
        "out": str(out),
        "sources": [
            {"name": r.name, "packages": read[r.name], "skipped": r.skipped} for r in registries
        ],
        "packages": len(known),
        "keys": sum(len(k.keys) for k in known),
        "classes": dict(Counter(k.license_class.value for k in known).most_common()),
    }


def _print_summary(
    registries: list[Registry], read: dict[str, int], summary: dict[str, object]
) -> None:
    """Human summary of a harvest, skipped manifests named."""
    for registry in registries:
        skipped = registry.skipped
        click.echo(f"{registry.name}: 读取 {read[registry.name]} 个包, 跳过 {len(skipped)} 个")
        for line in skipped[:10]:
            click.echo(f"  跳过 / skipped: {line}")
    click.echo(
        f"写入 {summary['out']}: {summary['packages']} 个软件, {summary['keys']} 个名称键; "
        f"许可类别 {summary['classes']}"
    )


@catalog_group.command("check")
@click.option("--known", type=PATH, help="a known-packages TSV (default: configured or shipped)")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def check_command(ctx: click.Context, known: Path | None, as_json: bool) -> None:
    """Validate the catalog and the known-packages table; print what they hold."""
    known = known or configured_known(ctx)
    try:
        catalog = load_catalog()
        table = read_known(known)
    except (CatalogError, KnownPackagesError) as error:
        fail(str(error))
    summary = {
        "products": len(catalog.products),
        "vendors": len(catalog.vendors),
        "known_packages": len(table),
        "known_file": str(known) if known else "shipped",
        "known_classes": dict(Counter(p.license_class.value for p in table.packages).most_common()),
    }
    if as_json:
        echo_json(summary)
        return
    click.echo(
        f"目录 / catalog: {summary['products']} 个产品, {summary['vendors']} 个厂商; "
        f"已知软件表 / known packages ({summary['known_file']}): {summary['known_packages']} 个, "
        f"{summary['known_classes']}"
    )
