"""Numbers the Norwegian way (`12 345,6`), spreadsheet-safe exports and markdown-safe text."""

from __future__ import annotations

import io
import math
import re

import pandas as pd

NBSP = "\u00a0"  # non-breaking space: thousands separator that never wraps
# Spreadsheet programs run cells that start with these as formulas (CSV/formula injection).
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
# plotly: decimal comma and a space for thousands, for hovers and axis ticks.
PLOTLY_SEPARATORS = ", "
# Markdown (CommonMark) reads any ASCII punctuation after a backslash as itself: escaping all of
# it also disarms math ($…$) and Streamlit's :colour[…], :material/…: and emoji short codes.
_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# GFM links bare URLs, www. addresses and e-mail addresses even when escaped; an invisible word
# joiner (U+2060) after their «:» (of «://»), «www» and «@» keeps them text.
_AUTOLINK_START = re.compile(r"(:(?=//)|(?i:www)(?=\.)|@)")
WORD_JOINER = "\u2060"


def format_nb(value: float | int | None, decimals: int = 0, *, signed: bool = False) -> str:
    """Format a number as Norwegian text: `12 345,6`; an empty cell becomes «–»."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "–"
    sign = "+" if signed and value > 0 else ""
    text = f"{value:,.{decimals}f}".replace(",", NBSP).replace(".", ",")
    return sign + text.replace("-", "−")  # a true minus sign reads better than a hyphen


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula with an apostrophe."""

    def fix(column: pd.Series) -> pd.Series:
        if not (pd.api.types.is_string_dtype(column) or column.dtype == object):
            return column
        text = column.astype("string")
        risky = text.str.startswith(FORMULA_PREFIXES).fillna(False)
        return text.mask(risky, "'" + text)

    return frame.apply(fix)


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV for Norwegian Excel: `;`, decimal comma, UTF-8 with BOM, formulas neutralised."""
    return (
        neutralise_formulas(frame)
        .to_csv(index=False, sep=";", decimal=",", lineterminator="\n")
        .encode("utf-8-sig")
    )


def to_xlsx_bytes(frame: pd.DataFrame, sheet_name: str = "Data") -> bytes:
    """An Excel workbook of one sheet, formulas neutralised."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        neutralise_formulas(frame).to_excel(writer, index=False, sheet_name=sheet_name[:31])
    return buffer.getvalue()


def markdown_literal(text: object) -> str:
    """Text from a file or a user, escaped so that markdown shows it as typed, on one line."""
    one_line = " ".join(str(text).split())  # line breaks and indents would start new blocks
    unlinked = _AUTOLINK_START.sub(lambda m: m.group(1) + WORD_JOINER, one_line)
    return _ASCII_PUNCTUATION.sub(r"\\\1", unlinked)


def markdown_table(frame: pd.DataFrame, *, right: tuple[str, ...] = ()) -> str:
    """A small table as GitHub-flavoured markdown, every cell shown literally.

    For a handful of rows a markdown table reads like st.table but needs none of the browser's
    table code (~0.8 MB of JavaScript to load on a page that has no other table). Cells are
    formatted by the caller; columns named in `right` are right-aligned (numbers).
    """
    header = "| " + " | ".join(markdown_literal(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("---:" if c in right else ":---" for c in frame.columns) + "|"
    rows = (
        "| " + " | ".join(markdown_literal(cell) for cell in row) + " |"
        for row in frame.itertuples(index=False)
    )
    return "\n".join((header, rule, *rows))
