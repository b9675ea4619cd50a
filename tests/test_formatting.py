"""Norwegian number formatting and markdown-safe text."""

import pandas as pd
import pytest

from analysis.formatting import WORD_JOINER, format_nb, markdown_literal, markdown_table


def test_numbers_get_a_decimal_comma_and_a_non_breaking_thousands_space():
    assert format_nb(12345.678, 1) == "12\u00a0345,7"
    assert format_nb(None) == "–"


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("**fet** _kursiv_", r"\*\*fet\*\* \_kursiv\_"),
        ("![bilde](x.png)", r"\!\[bilde\]\(x\.png\)"),
        (":red[rød] $x$", r"\:red\[rød\] \$x\$"),
        ("<b>fet</b>", r"\<b\>fet\<\/b\>"),
        ("# Øvre Eiker «3314»", r"\# Øvre Eiker «3314»"),
    ],
)
def test_markdown_characters_are_escaped(text, escaped):
    assert markdown_literal(text) == escaped


def test_addresses_that_markdown_would_link_get_an_invisible_word_joiner():
    assert markdown_literal("http://x.no") == f"http\\:{WORD_JOINER}\\/\\/x\\.no"
    assert markdown_literal("www.x.no") == f"www{WORD_JOINER}\\.x\\.no"
    assert markdown_literal("a@x.no") == f"a\\@{WORD_JOINER}x\\.no"


def test_line_breaks_and_indents_become_single_spaces():
    assert markdown_literal("  linje 1\n\n    linje 2") == "linje 1 linje 2"


def test_a_markdown_table_keeps_a_pipe_in_a_name_inside_its_cell_and_aligns_numbers_right():
    table = pd.DataFrame({"Kommune": ["Ås", "A|B <b>"], "Endring": ["+5", "−3"]})
    lines = markdown_table(table, right=("Endring",)).splitlines()
    assert lines[:2] == ["| Kommune | Endring |", "|:---|---:|"]
    assert lines[3] == r"| A\|B \<b\> | −3 |"
    assert len(lines) == 4
