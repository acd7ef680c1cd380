"""The `zhengban` command line (design.md §4): exit 0 on success, 2 on bad input."""

from __future__ import annotations

import click

from bot.cli.broadcasts import broadcast_command
from bot.cli.catalog import catalog_group
from bot.cli.chat import chat_command
from bot.cli.handover import erase_command, export_command
from bot.cli.inventory import bind_command, classify_command, import_command, token_group
from bot.cli.knowledge import ask_command, kb_group
from bot.cli.reports import report_group
from bot.cli.run import db_group, run_command
from bot.cli.ticket_rules import TICKET_COMMANDS
from bot.cli.tickets import report_tickets_command, tickets_group
from bot.cli.trainings import report_awareness_command, training_group
from bot.cli.users import audit_command, user_group

COMMANDS: tuple[click.Command, ...] = (
    run_command,
    db_group,
    user_group,
    chat_command,
    ask_command,
    kb_group,
    import_command,
    classify_command,
    catalog_group,
    token_group,
    bind_command,
    report_group,
    tickets_group,
    training_group,
    export_command,
    erase_command,
    broadcast_command,
    audit_command,
)
report_group.add_command(report_tickets_command)
for _extra in TICKET_COMMANDS:
    tickets_group.add_command(_extra)
report_group.add_command(report_awareness_command)


@click.group()
@click.version_option(package_name="zhengban")
def cli() -> None:
    """正版 zhengban — 软件正版化助手 / software legalization assistant."""


for _command in COMMANDS:
    cli.add_command(_command)


def main() -> None:
    """Entry point of the `zhengban` console script."""
    cli(prog_name="zhengban")
