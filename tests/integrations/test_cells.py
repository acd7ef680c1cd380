from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from integrations import cells
from integrations.tables import CellError


@pytest.mark.parametrize(
    ("value", "expected"),
    [("是", True), ("否", False), ("Y", True), ("n", False), ("YES", True), ("no", False), (1, True),
     (0, False), (1.0, True), ("√", True), ("×", False), (True, True), ("ｙｅｓ", True), (None, None), ("", None)],
)  # fmt: skip
def test_boolean(value: object, expected: bool | None) -> None:
    assert cells.boolean(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3", 3), (3.0, 3), ("1,000", 1000), ("５", 5), ("10套", 10), (None, None)],
)
def test_positive_int(value: object, expected: int | None) -> None:
    assert cells.positive_int(value) == expected


@pytest.mark.parametrize("value", ["0", "-1", "2.5", 2.5, "三", "1e3", "١٢"])
def test_positive_int_rejects(value: object) -> None:
    with pytest.raises(CellError):
        cells.positive_int(value)


def test_choice_and_required() -> None:
    convert = cells.choice({"台式机": "desktop"}, "未知", "unknown")
    assert convert(" 台式机 ") == "desktop"
    with pytest.raises(CellError, match="未知 'x'"):
        convert("x")
    assert cells.choice({"a": "b"}, "", "", keep_unknown=True)("打印机") == "打印机"
    with pytest.raises(CellError, match="必填"):
        cells.required(convert)(None)


@settings(deadline=None)
@given(st.one_of(st.text(max_size=12), st.integers(), st.floats(), st.booleans(), st.none()))
def test_hostile_cells(value: object) -> None:
    for convert in (cells.boolean, cells.positive_int, cells.text):
        try:
            result = convert(value)
        except CellError:
            continue
        if convert is cells.positive_int and result is not None:
            assert isinstance(result, int) and result > 0
