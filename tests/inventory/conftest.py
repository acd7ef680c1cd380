from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest

import inventory.models  # noqa: F401  (registers the tables)

NOW = datetime(2026, 3, 2, 9, 0, 0)


def _foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@dataclass(frozen=True)
class FakeClassification:
    display_name: str
    product_id: str | None
    product: str | None
    vendor: str | None
    category: str | None
    license_class: str
    confidence: float = 1.0
    reason: str = "fake catalog"
    alternatives: tuple[str, ...] = ()


# name fragment -> (product_id, product, category, license_class, alternatives)
FAKE_CATALOG: list[tuple[str, tuple[str, str, str, str, tuple[str, ...]]]] = [
    ("kmspico", ("kmspico", "KMSpico", "tool", "crack_tool", ())),
    ("winrar", ("winrar", "WinRAR", "tool", "commercial", ("7-Zip",))),
    (
        "wps office 个人版",
        ("wps-office", "WPS Office", "office", "free_personal", ("LibreOffice",)),
    ),
    ("wps office 专业版", ("wps-office", "WPS Office", "office", "commercial", ())),
    ("7-zip", ("7zip", "7-Zip", "tool", "free", ())),
    ("windows 11 专业版", ("windows-11", "Windows 11", "os", "commercial", ())),
    ("windows 11 pro", ("windows-11", "Windows 11", "os", "commercial", ())),
    ("windows 10 pro", ("windows-10", "Windows 10", "os", "commercial", ())),
    (
        "office professional plus 2021",
        (
            "office",
            "Microsoft Office",
            "office",
            "commercial",
            ("WPS Office 专业版",),
        ),
    ),
    ("火绒", ("huorong", "火绒安全", "antivirus", "free", ())),
    ("360杀毒", ("360av", "360杀毒", "antivirus", "free", ())),
    ("sql server", ("mssql", "SQL Server", "database", "commercial", ("达梦数据库",))),
]


class FakeClassifier:
    """A tiny catalog with the same interface as inventory.classify.Classifier."""

    def __init__(self) -> None:
        self.calls = 0

    def classify(
        self, display_name: str, publisher: str | None = None, version: str | None = None
    ) -> FakeClassification:
        self.calls += 1
        lowered = display_name.lower()
        for fragment, (pid, product, category, license_class, alternatives) in FAKE_CATALOG:
            if fragment in lowered:
                return FakeClassification(
                    display_name,
                    pid,
                    product,
                    None,
                    category,
                    license_class,
                    alternatives=alternatives,
                )
        return FakeClassification(display_name, None, None, None, None, "unknown", 0.0)


@pytest.fixture
def classifier() -> FakeClassifier:
    return FakeClassifier()
