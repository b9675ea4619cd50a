"""The translation table is complete, and pages show no untranslated text."""

import ast
import string
from pathlib import Path

import pytest

from analysis import i18n

PAGE_FILES = sorted((Path(__file__).resolve().parent.parent / "app_pages").glob("*.py"))
# Streamlit calls whose first argument is text the user reads.
DISPLAY_CALLS = {
    "title",
    "header",
    "subheader",
    "markdown",
    "caption",
    "info",
    "warning",
    "error",
    "success",
    "metric",
    "button",
    "selectbox",
    "multiselect",
    "slider",
    "text_input",
    "radio",
    "expander",
    "download_button",
    "toggle",
    "number_input",
    "popover",
    "write",
    "tabs",
    "segmented_control",
    "pills",
    "checkbox",
    "select_slider",
    "form_submit_button",
    "text",
}
# Text that reads the same in both languages.
LANGUAGE_NEUTRAL = {"CSV", "Excel", "PNG", "SVG", "PPTX", "HTML", "Innosikt"}


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(i18n.TEXTS))
def test_every_text_has_both_languages_with_the_same_fields(key):
    entry = i18n.TEXTS[key]
    assert set(entry) == set(i18n.LANGUAGES)
    assert all(entry[lang].strip() for lang in i18n.LANGUAGES)
    assert fields(entry["nb"]) == fields(entry["en"])


def test_t_fills_fields_and_falls_back_to_bokmal():
    assert i18n.t("kpi_rank", "en", year=2024) == "Rank 2024"
    assert i18n.t("kpi_rank", "xx", year=2024) == "Plassering 2024"


def untranslated_literals(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in DISPLAY_CALLS or not node.args:
            continue
        first = node.args[0]
        texts = [first] if not isinstance(first, ast.List) else first.elts
        for text in texts:
            if (
                isinstance(text, ast.Constant)
                and isinstance(text.value, str)
                and any(ch.isalpha() for ch in text.value)
                and text.value not in LANGUAGE_NEUTRAL
            ):
                found.append(f"{path.name}:{node.lineno}: {text.value!r}")
    return found


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: p.name)
def test_pages_pass_every_visible_text_through_the_translation_table(path):
    assert untranslated_literals(path) == []
