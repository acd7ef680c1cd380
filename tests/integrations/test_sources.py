from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integrations.sources import cell_text, detect_encoding, read_json_items
from integrations.tables import Column, open_table
from inventory.records import ParseError
from tests.integrations.conftest import write_xlsx

COLUMNS = (
    Column("tag", ("资产编号", "asset tag"), required=True),
    Column("name", ("计算机名", "hostname")),
    Column("owner", ("使用人", "owner"), required=True),
)


def test_cell_text() -> None:
    assert cell_text(13800138000.0) == "13800138000"
    assert cell_text("  a \u3000") == "a"
    assert cell_text("") is None
    assert cell_text(None) is None
    assert cell_text(1.5) == "1.5"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_csv_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "a.csv"
    path.write_text("资产编号,使用人\nA-1,张伟\n", encoding=encoding)
    assert detect_encoding(path) in {encoding, "utf-8-sig", "utf-16", "gb18030", "utf-8"}
    table = open_table(path, COLUMNS)
    assert [(r.number, r.cells) for r in table.rows] == [(2, {"tag": "A-1", "owner": "张伟"})]


def test_semicolon_and_tab_delimiters(tmp_path: Path) -> None:
    for delimiter in (";", "\t"):
        path = tmp_path / "a.csv"
        path.write_text(f"asset tag{delimiter}owner\nA-1{delimiter}Bob\n", "utf-8")
        assert [r.cells for r in open_table(path, COLUMNS).rows] == [{"tag": "A-1", "owner": "Bob"}]


def test_xls_and_broken_xlsx(tmp_path: Path) -> None:
    old = tmp_path / "a.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ParseError, match="xlsx"):
        open_table(old, COLUMNS)
    broken = tmp_path / "a.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(ParseError, match="Excel"):
        open_table(broken, COLUMNS)


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"\x80\xff\xfe\x81\x00\xff" * 3)
    with pytest.raises(ParseError, match="编码"):
        open_table(path, COLUMNS)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=400))
def test_hostile_bytes_give_rows_or_parse_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "h.csv"
    path.write_bytes(data)
    try:
        list(open_table(path, COLUMNS).rows)
    except ParseError as exc:
        assert exc.problems


def _damaged_copy(source: Path, target: Path, part: str, data: bytes | None) -> Path:
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as damaged:
        for item in original.infolist():
            if part not in item.filename:
                damaged.writestr(item, original.read(item.filename))
            elif data is not None:
                damaged.writestr(item, data)
    return target


@pytest.mark.parametrize(
    ("part", "data"),
    [("worksheets/sheet1", b"<worksheet><sheetData><row"), ("worksheets/sheet1", None),
     ("workbook.xml", b"<x"), ("styles", b"garbage"), ("Content_Types", b"garbage")],
)  # fmt: skip
def test_damaged_workbooks_give_parse_error(tmp_path: Path, part: str, data: bytes | None) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", [["资产编号", "使用人"], ["A-1", "张伟"]])
    damaged = _damaged_copy(good, tmp_path / "damaged.xlsx", part, data)
    with pytest.raises(ParseError, match="Excel"):
        list(open_table(damaged, COLUMNS).rows)


@pytest.mark.parametrize(
    "content",
    ["1" * 5000, "[" * 100000, "{}\n" + "[" * 100000, '{"a": 1}\n{"b": ' + "9" * 5000 + "}"],
)
def test_json_that_python_refuses(tmp_path: Path, content: str) -> None:
    path = tmp_path / "x.json"
    path.write_text(content, "utf-8")
    try:
        items = read_json_items(path)
    except ParseError as exc:
        assert exc.problems[0].file == "x.json"
    else:
        assert items
