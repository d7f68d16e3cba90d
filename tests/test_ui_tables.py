"""Every table the app shows is safe to open in a spreadsheet.

Streamlit's own "Download as CSV" on `st.dataframe` writes cells as they are, so a theme title
`=HYPERLINK(...)` would reach a spreadsheet as a formula. On a database imported from the
hostile backup (tests/hostile_backup.py), whose theme titles, rung labels, statements, round
titles, actions and owners start with `=`, `+`, `-` or `@`, every table on every page (every
chart's "Show as table", the actions list, the rounds table) is opened through AppTest: no text
cell and no column name may start with `=`, `+`, `-`, `@`, a tab or a carriage return, and
numbers stay numbers. (The real download is clicked in Chromium in
tests/browser/test_hostile_text.py.)
"""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import open_page
from hostile_backup import (
    FORMULA_ACTION,
    FORMULA_OWNER,
    FORMULA_ROUND,
    FORMULA_RUNG,
    FORMULA_STATEMENT,
    FORMULA_THEME,
    hostile_backup,
)
from reading import read

from toolkit.store.backup import import_backup, parse_backup

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def hostile_app(empty_app):
    import_backup(empty_app, parse_backup(hostile_backup()))
    return empty_app


def every_table_shown(at) -> list[pd.DataFrame]:
    """Switch every chart to its table, then hand back every table on the page."""
    for switch in [t for t in at.toggle if t.key and t.key.startswith("table_")]:
        switch.set_value(True).run()
        assert not at.exception, at.exception
    return [element.value for element in (*at.dataframe, *at.table)]


def text_cells(frame: pd.DataFrame) -> list[str]:
    cells = [str(column) for column in frame.columns]
    for column in frame.columns:
        cells += [cell for cell in frame[column] if isinstance(cell, str)]
    return cells


def runs_in_a_spreadsheet(frames: list[pd.DataFrame]) -> list[str]:
    return [
        cell for frame in frames for cell in text_cells(frame) if cell.startswith(FORMULA_STARTS)
    ]


def assert_quoted(frames: list[pd.DataFrame], *formulas: str) -> None:
    """The data holds these formulas, each shown with the quote in front (so the test cannot
    pass on tables that never held a formula)."""
    shown = [read(cell) for frame in frames for cell in text_cells(frame)]
    for formula in formulas:
        assert any(cell.startswith("'" + formula) for cell in shown), (formula, shown[:20])


def test_every_chart_table_on_results_is_spreadsheet_safe(hostile_app):
    at = open_page("results")
    assert not at.exception and not at.error
    frames = every_table_shown(at)
    assert len(at.dataframe) == 5  # four charts in tabs and one statement's answers
    assert not runs_in_a_spreadsheet(frames)
    assert_quoted(frames, FORMULA_THEME, FORMULA_RUNG, FORMULA_STATEMENT)
    # Numbers stay numbers, so a spreadsheet can still add them up.
    groups = at.dataframe[0].value
    assert pd.api.types.is_integer_dtype(groups["Answers placed on the ladder"])


def test_the_easy_read_results_table_is_spreadsheet_safe(hostile_app):
    at = open_page("results", easy=True)
    frames = every_table_shown(at)
    assert frames and not runs_in_a_spreadsheet(frames)
    assert_quoted(frames, FORMULA_THEME)


def test_every_table_on_board_progress_is_spreadsheet_safe(hostile_app):
    at = open_page("progress")
    assert not at.exception and not at.error
    frames = every_table_shown(at)
    assert len(at.dataframe) == 3  # the journey, the themes and the gap, round by round
    assert not runs_in_a_spreadsheet(frames)
    assert_quoted(frames, FORMULA_ROUND, FORMULA_THEME)


def test_the_actions_list_is_spreadsheet_safe(hostile_app):
    at = open_page("actions")
    assert not at.exception and not at.error
    frames = every_table_shown(at)
    assert len(at.table) == 1
    assert not runs_in_a_spreadsheet(frames)
    assert_quoted(frames, FORMULA_ACTION, FORMULA_OWNER, FORMULA_ROUND)


def test_the_rounds_table_is_spreadsheet_safe(hostile_app):
    at = open_page("manage")
    assert not at.exception and not at.error
    frames = every_table_shown(at)
    assert len(at.table) == 1
    assert not runs_in_a_spreadsheet(frames)
    assert_quoted(frames, FORMULA_ROUND)
    rounds = at.table[0].value
    assert pd.api.types.is_integer_dtype(rounds[rounds.columns[-1]])
