from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integrations.assets import parse_assets
from integrations.sources import cell_text, detect_encoding, iter_raw_rows
from integrations.tables import Column, normalize_header, open_table
from inventory.records import ParseError
from tests.integrations.conftest import write_xlsx

COLUMNS = (
    Column("tag", ("资产编号", "asset tag"), required=True),
    Column("name", ("计算机名", "hostname")),
    Column("owner", ("使用人", "owner"), required=True),
)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("资产编号（必填）", "资产编号"),
        ("*资产编号", "资产编号"),
        ("　资产 编号　", "资产编号"),
        ("ＭＡＣ地址", "mac地址"),
        ("Asset_Tag", "assettag"),
        ("采购日期\n(YYYY-MM-DD)", "采购日期"),
        ("计算机名：", "计算机名"),
    ],
)
def test_normalize_header(header: str, expected: str) -> None:
    assert normalize_header(header) == expected


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


def test_header_after_title_rows_and_blank_rows_skipped(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        "某局资产表\n\n使用人,备注,资产编号(必填)\n张伟,x,A-1\n,,\n李娜,,A-2\n", "utf-8"
    )
    table = open_table(path, COLUMNS)
    assert table.headers == {"owner": "使用人", "tag": "资产编号(必填)"}
    assert [(r.number, r.cells["tag"]) for r in table.rows] == [(4, "A-1"), (6, "A-2")]


def test_missing_columns_reported_once_with_headers_found(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("计算机名,部门\nPC1,办公室\n", "utf-8")
    with pytest.raises(ParseError) as caught:
        open_table(path, COLUMNS)
    (problem,) = caught.value.problems
    assert problem.row == 1
    assert "资产编号、使用人" in problem.message
    assert "计算机名、部门" in problem.message


def test_semicolon_and_tab_delimiters(tmp_path: Path) -> None:
    for delimiter in (";", "\t"):
        path = tmp_path / "a.csv"
        path.write_text(f"asset tag{delimiter}owner\nA-1{delimiter}Bob\n", "utf-8")
        assert [r.cells for r in open_table(path, COLUMNS).rows] == [{"tag": "A-1", "owner": "Bob"}]


def test_xlsx_first_and_named_sheet(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "a.xlsx", [["资产编号", "使用人"], ["A-1", "张伟"], [None, None], [7, "李娜"]]
    )
    rows = list(open_table(path, COLUMNS).rows)
    assert [(r.number, r.cells["tag"]) for r in rows] == [(2, "A-1"), (4, 7)]
    assert list(open_table(path, COLUMNS, sheet="Sheet").rows)
    with pytest.raises(ParseError, match="找不到工作表"):
        list(iter_raw_rows(path, "资产"))


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


def test_rows_are_streamed(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("资产编号,使用人\n")
        for i in range(20000):
            handle.write(f"A-{i},p{i}\n")
    rows = open_table(path, COLUMNS).rows
    assert next(rows).number == 2
    assert sum(1 for _ in rows) == 19999


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
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


def test_problem_cap(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    path.write_text("资产编号,MAC地址\n" + "".join(f"A-{i},bad\n" for i in range(500)), "utf-8")
    with pytest.raises(ParseError) as caught:
        parse_assets(path)
    problems = caught.value.problems
    assert len(problems) == 200
    assert [p.row for p in problems[:3]] == [2, 3, 4]
    assert "too many problems" in problems[-1].message
