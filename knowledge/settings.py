"""Settings of the knowledge package (thresholds and limits); composed by bot/settings.py."""

from __future__ import annotations

from pydantic import BaseModel, Field


class KnowledgeSettings(BaseModel):
    """How confident the answerer must be, and how much input it reads."""

    answer_threshold: float = Field(default=0.42, ge=0.0, le=1.0)
    suggest_threshold: float = Field(default=0.3, ge=0.0, le=1.0)
    out_of_scope_override: float = Field(
        default=0.75, ge=0.0, le=1.0, description="score that beats an out-of-scope word"
    )
    ambiguity_margin: float = Field(default=0.02, ge=0.0, le=1.0)
    max_question_chars: int = Field(default=500, ge=1)
    suggestions: int = Field(default=3, ge=1, le=10)
    articles_dir: str | None = None
