"""Channel-neutral chat flows: (person, text or button) in, Reply values out."""

from __future__ import annotations

from bot.flows import (
    basic,
    broadcasts,
    inventory,
    questions,
    quiz,
    ticket_waiting,
    tickets,
    trainings,
    uploads,
)
from bot.flows.core import ChatCore, Incoming
from bot.flows.registry import FlowContext, FlowRegistry

FLOW_MODULES = (
    basic,
    questions,
    inventory,
    tickets,
    ticket_waiting,
    uploads,
    trainings,
    quiz,
    broadcasts,
)

__all__ = ["ChatCore", "FlowContext", "FlowRegistry", "Incoming", "build_registry"]


def build_registry() -> FlowRegistry:
    """Create the registry with every flow module's commands, buttons and dialog steps."""
    registry = FlowRegistry()
    for module in FLOW_MODULES:
        module.register(registry)
    return registry
