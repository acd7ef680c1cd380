"""The dependency rules of design.md §2, checked on every import statement of our packages."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OURS = ("bot", "knowledge", "inventory", "tickets", "reminders", "integrations")
ALLOWED: dict[str, set[str]] = {
    "knowledge": set(),
    "inventory": set(),
    "tickets": {"inventory"},
    "reminders": {"tickets", "inventory"},
    "integrations": {"inventory"},
    "bot": set(OURS),
}
FORBIDDEN_NAMES = {"utils", "common", "helpers", "misc"}


def imports_of(path: Path) -> list[str]:
    """Every module name imported by the file at ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def source_files(package: str) -> list[Path]:
    """Python files of one package (migrations included)."""
    return sorted((ROOT / package).rglob("*.py"))


def allowed(package: str, imported: str) -> bool:
    """Whether ``package`` may import the module ``imported`` of ours."""
    top = imported.split(".")[0]
    if top == package:
        return True
    return any(
        imported == rule or imported.startswith(rule + ".") or top == rule
        for rule in ALLOWED[package]
    )


@pytest.mark.parametrize("package", OURS)
def test_dependencies_point_down(package: str) -> None:
    bad = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in source_files(package)
        for name in imports_of(path)
        if name.split(".")[0] in OURS and not allowed(package, name)
    ]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("package", OURS)
def test_only_channels_import_telegram_and_only_bot_imports_aiohttp(package: str) -> None:
    bad = []
    for path in source_files(package):
        rel = path.relative_to(ROOT).as_posix()
        for name in imports_of(path):
            top = name.split(".")[0]
            if top == "telegram" and not rel.startswith("bot/channels/"):
                bad.append(f"{rel} imports telegram")
            if top == "aiohttp" and package != "bot":
                bad.append(f"{rel} imports aiohttp")
    assert not bad, "\n".join(bad)


def test_no_grab_bag_modules() -> None:
    bad = [
        p.relative_to(ROOT).as_posix()
        for pkg in OURS
        for p in source_files(pkg)
        if p.stem in FORBIDDEN_NAMES
    ]
    assert not bad, f"helpers live with their concept, not in: {bad}"


def test_rule_checker_catches_a_violation(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("from tickets.models import Ticket\nimport telegram\n", encoding="utf-8")
    names = imports_of(sample)
    assert not allowed("inventory", names[0])
    assert allowed("bot", names[0])
