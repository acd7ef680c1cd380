"""Settings of the tickets package (SLA working days, office hours, holidays file); no I/O."""

from __future__ import annotations

from pydantic import BaseModel, Field

DEFAULT_SLA_DAYS: dict[str, dict[str, int]] = {
    "remediation": {"low": 10, "normal": 5, "high": 3, "urgent": 1},
    "deployment": {"low": 10, "normal": 5, "high": 3, "urgent": 1},
    "consultation": {"low": 1, "normal": 1, "high": 1, "urgent": 1},
    "other": {"low": 10, "normal": 5, "high": 3, "urgent": 1},
}


class TicketSettings(BaseModel):
    """SLA per kind and priority in working days, the office day and the holiday fallback.

    A ticket opened on day D is due at ``due_hour`` (local time) of the Nth working day after
    D, where N is ``sla_days[kind][priority]``. Paused time counts only within office hours
    (``workday_start_hour`` to ``due_hour`` on working days).
    """

    sla_days: dict[str, dict[str, int]] = Field(
        default_factory=lambda: {kind: dict(days) for kind, days in DEFAULT_SLA_DAYS.items()}
    )
    default_sla_days: int = Field(default=5, ge=0)
    timezone: str = "Asia/Shanghai"
    workday_start_hour: int = Field(default=9, ge=0, le=23)
    due_hour: int = Field(default=18, ge=1, le=24)
    holidays_file: str | None = None

    def working_days(self, kind: str, priority: str) -> int:
        """Return the SLA in working days for a ticket kind and priority."""
        return self.sla_days.get(str(kind), {}).get(str(priority), self.default_sla_days)
