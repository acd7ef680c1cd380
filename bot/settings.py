"""The one settings object: the only place that reads the environment and `.env`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDERS = {
    "",
    "changeme",
    "change-me",
    "changethis",
    "your-token",
    "your_token",
    "token",
    "xxx",
    "todo",
    "secret",
    "placeholder",
    "<token>",
    "123456:abc",
}
TOKEN_PATTERN = re.compile(r"^\d{3,12}:[A-Za-z0-9_-]{20,}$")


class SettingsError(ValueError):
    """A setting that cannot be used; the message names the variable."""


def _check_secret(name: str, value: SecretStr | None) -> None:
    """Refuse a placeholder secret, naming the variable."""
    if value is None:
        return
    raw = value.get_secret_value().strip()
    if raw.lower() in PLACEHOLDERS or raw.lower().startswith(("your", "change")):
        raise SettingsError(
            f"{name} 是占位符，请填写真实的值 / {name} is a placeholder; set a real value"
        )


class Settings(BaseSettings):
    """Every setting of zhengban, from `ZHENGBAN_*` variables and an optional `.env` file."""

    model_config = SettingsConfigDict(
        env_prefix="ZHENGBAN_",
        env_file=".env",
        env_file_encoding="utf-8",
        env_nested_delimiter="__",
        extra="ignore",
    )

    data_dir: Path = Path("var")
    database_url: str | None = None
    telegram_token: SecretStr | None = None
    telegram_api_url: str | None = None
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    http_host: str = "127.0.0.1"
    http_port: int = Field(default=8080, ge=0, le=65535)
    web_enabled: bool = True
    timezone: str = "Asia/Shanghai"
    language: str = "zh_CN"
    public_knowledge: bool = True
    invite_ttl_hours: int = Field(default=72, ge=1)
    max_message_chars: int = Field(default=4000, ge=100)
    log_level: str = "INFO"
    sections: dict[str, Any] = Field(default_factory=dict)

    @field_validator("telegram_token", mode="before")
    @classmethod
    def _empty_token_is_none(cls, value: Any) -> Any:
        """Treat an empty token variable as not set."""
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _refuse_bad_secrets(self) -> Settings:
        """Refuse placeholder or malformed secrets, naming the variable."""
        _check_secret("ZHENGBAN_TELEGRAM_TOKEN", self.telegram_token)
        if self.telegram_token is not None:
            raw = self.telegram_token.get_secret_value().strip()
            if not TOKEN_PATTERN.match(raw):
                raise SettingsError(
                    "ZHENGBAN_TELEGRAM_TOKEN 格式不对（应为 123456789:ABC...）/ "
                    "ZHENGBAN_TELEGRAM_TOKEN is malformed (expected 123456789:ABC...)"
                )
        if self.webhook_url:
            if not self.webhook_url.startswith("https://"):
                raise SettingsError(
                    "ZHENGBAN_WEBHOOK_URL 必须以 https:// 开头 / must start with https://"
                )
            if self.webhook_secret is None:
                raise SettingsError(
                    "设置了 ZHENGBAN_WEBHOOK_URL 时必须设置 ZHENGBAN_WEBHOOK_SECRET / "
                    "ZHENGBAN_WEBHOOK_SECRET is required with ZHENGBAN_WEBHOOK_URL"
                )
            _check_secret("ZHENGBAN_WEBHOOK_SECRET", self.webhook_secret)
            secret = self.webhook_secret.get_secret_value()
            if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
                raise SettingsError(
                    "ZHENGBAN_WEBHOOK_SECRET 只能包含 A-Z a-z 0-9 _ - / "
                    "ZHENGBAN_WEBHOOK_SECRET may only contain A-Z a-z 0-9 _ -"
                )
        return self

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to a SQLite file under the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'zhengban.db').as_posix()}"

    @property
    def default_language(self) -> str:
        """The UI language code used for new users: zh or en."""
        return "en" if self.language.lower().startswith("en") else "zh"

    def section(self, name: str) -> dict[str, Any]:
        """Raw values for one package's settings section (from ZHENGBAN_SECTIONS__<NAME>__<FIELD>).

        The office time zone is included so every section that has one agrees with
        ZHENGBAN_TIMEZONE unless the section sets its own.
        """
        value = self.sections.get(name, {})
        return {"timezone": self.timezone, **(dict(value) if isinstance(value, dict) else {})}


def load_settings(**overrides: Any) -> Settings:
    """Load settings from the environment, turning validation errors into a SettingsError."""
    from pydantic import ValidationError

    try:
        return Settings(**overrides)
    except SettingsError:
        raise
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        variable = f"ZHENGBAN_{where.upper()}" if where else "ZHENGBAN_*"
        cause = first.get("ctx", {}).get("error")
        if isinstance(cause, SettingsError):
            raise cause from None
        raise SettingsError(f"{variable}: {first.get('msg')}") from None
