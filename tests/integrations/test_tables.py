from __future__ import annotations

from pathlib import Path

import pytest

from integrations.assets import parse_assets
from integrations.sources import iter_raw_rows
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


def test_xlsx_first_and_named_sheet(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "a.xlsx", [["资产编号", "使用人"], ["A-1", "张伟"], [None, None], [7, "李娜"]]
    )
    rows = list(open_table(path, COLUMNS).rows)
    assert [(r.number, r.cells["tag"]) for r in rows] == [(2, "A-1"), (4, 7)]
    assert list(open_table(path, COLUMNS, sheet="Sheet").rows)
    with pytest.raises(ParseError, match="找不到工作表"):
        list(iter_raw_rows(path, "资产"))


def test_rows_are_streamed(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("资产编号,使用人\n")
        for i in range(20000):
            handle.write(f"A-{i},p{i}\n")
    rows = open_table(path, COLUMNS).rows
    assert next(rows).number == 2
    assert sum(1 for _ in rows) == 19999


def test_problem_cap(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    path.write_text("资产编号,MAC地址\n" + "".join(f"A-{i},bad\n" for i in range(500)), "utf-8")
    with pytest.raises(ParseError) as caught:
        parse_assets(path)
    problems = caught.value.problems
    assert len(problems) == 200
    assert [p.row for p in problems[:3]] == [2, 3, 4]
    assert "too many problems" in problems[-1].message
