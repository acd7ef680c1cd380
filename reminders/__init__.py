"""Scheduler, outbox, alerts, trainings and broadcasts."""

from reminders.broadcasts import (
    AudienceError,
    BroadcastProgress,
    acknowledge,
    confirm,
    create_draft,
    progress,
    resolve_audience,
    unread,
)
from reminders.messages import Attachment, Button, Message, buttons_row, escape_markdown
from reminders.models import (
    Broadcast,
    BroadcastReceipt,
    BroadcastStatus,
    NotificationPref,
    Outbox,
    OutboxKind,
    OutboxStatus,
    ScheduleState,
)
from reminders.outbox import AddressBook, cancel, enqueue, enqueue_to_address
from reminders.ports import DeliveryResult, DeliveryStatus, Notifier, RateLimits
from reminders.quiet import deliver_at, is_quiet, set_mute_digest
from reminders.scheduler import JobSpec, ReminderScheduler, daily_job
from reminders.settings import ReminderSettings
from reminders.worker import DeliveryWorker

__all__ = [
    "AddressBook",
    "Attachment",
    "AudienceError",
    "Broadcast",
    "BroadcastProgress",
    "BroadcastReceipt",
    "BroadcastStatus",
    "Button",
    "DeliveryResult",
    "DeliveryStatus",
    "DeliveryWorker",
    "JobSpec",
    "Message",
    "NotificationPref",
    "Notifier",
    "Outbox",
    "OutboxKind",
    "OutboxStatus",
    "RateLimits",
    "ReminderScheduler",
    "ReminderSettings",
    "ScheduleState",
    "acknowledge",
    "buttons_row",
    "cancel",
    "confirm",
    "create_draft",
    "daily_job",
    "deliver_at",
    "enqueue",
    "enqueue_to_address",
    "escape_markdown",
    "is_quiet",
    "progress",
    "resolve_audience",
    "set_mute_digest",
    "unread",
]
