"""Settings section of alerts, trainings and the quiz (`ZHENGBAN_SECTIONS__ALERTS__<FIELD>`); no I/O."""

from __future__ import annotations

from datetime import time
from typing import Literal

from pydantic import BaseModel, Field, field_validator

InspectionCadence = Literal["weekly", "monthly", "quarterly", "off"]


class AlertSettings(BaseModel):
    """When digests, escalations, scans, expiries, inspection rounds and training reminders run."""

    timezone: str = "Asia/Shanghai"
    digest_time: time = time(9, 0)
    escalation_every_minutes: int = Field(default=30, ge=1, le=1440)
    stale_days: int = Field(default=14, ge=1)
    stale_time: time = time(9, 30)
    expiry_days: list[int] = Field(default_factory=lambda: [30, 7])
    expiry_time: time = time(9, 15)
    inspection_cadence: InspectionCadence = "monthly"
    inspection_time: time = time(9, 0)
    training_check_minutes: int = Field(default=5, ge=1, le=60)
    training_day_before_hours: int = Field(default=24, ge=2)
    training_hour_before_minutes: int = Field(default=60, ge=5)
    quiz_size: int = Field(default=5, ge=1, le=50)
    quiz_pass_mark: float = Field(default=0.8, gt=0, le=1.0)

    @field_validator("expiry_days")
    @classmethod
    def _positive_thresholds(cls, value: list[int]) -> list[int]:
        """Keep distinct positive thresholds, largest first."""
        days = sorted({d for d in value if d > 0}, reverse=True)
        if not days:
            raise ValueError("expiry_days needs at least one positive number of days")
        return days
