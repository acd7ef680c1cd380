"""Settings section of the reminders package: quiet hours, scheduler timezone and delivery pacing."""

from __future__ import annotations

from datetime import time

from pydantic import BaseModel, Field


class ReminderSettings(BaseModel):
    """How and when reminders are delivered (`ZHENGBAN_SECTIONS__REMINDERS__<FIELD>`)."""

    timezone: str = "Asia/Shanghai"
    quiet_start: time = time(22, 0)
    quiet_end: time = time(7, 0)
    digest_time: time = time(9, 0)
    batch_size: int = Field(default=50, ge=1, le=1000)
    concurrency: int = Field(default=16, ge=1, le=256)
    max_attempts: int = Field(default=8, ge=1)
    backoff_base_seconds: float = Field(default=5.0, gt=0)
    backoff_cap_seconds: float = Field(default=3600.0, gt=0)
    poll_seconds: float = Field(default=1.0, gt=0)
    rate_headroom: float = Field(default=0.95, gt=0, le=1.0)
    # > 0 groups outcome commits (fewer transactions, a few more duplicates after a crash)
    record_linger_seconds: float = Field(default=0.0, ge=0)
    stop_timeout_seconds: float = Field(default=5.0, gt=0)
