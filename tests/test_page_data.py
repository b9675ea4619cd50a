"""AppTest: the Data page checks uploads, stores only on confirm and chooses what the app shows."""

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis import storage
from analysis.formatting import markdown_literal
from app_pages import _ui
from tests.apptest_utils import ROOT, TIMEOUT, run_app

FIXTURES = Path(__file__).parent / "fixtures" / "import"
ØVRE_EIKER = "3314"
# Values for Øvre Eiker that the demo data does not have: they show only when own data is used.
OWN_VALUES = (
    b"kommunenummer;year;indicator_id;value\n"
    b"3314;2023;gs_grunnskolepoeng;58,5\n"
    b"3314;2024;gs_grunnskolepoeng;59,5\n"
)


@pytest.fixture
def engine(tmp_path, monkeypatch):
    """A fresh database for this test, used by the page and by the test alike."""
    url = f"sqlite:///{tmp_path / 'innosikt.db'}"
    monkeypatch.setenv(storage.DB_URL_ENV, url)
    _ui.engine.clear()  # the page's engine is cached per process: make it read the new URL
    yield _ui.engine()
    _ui.engine.clear()  # later tests get the session's database again


@pytest.fixture
def at(engine):
    return run_app("data")


def upload(at, name: str, data: bytes | None = None):
    """Upload a file (a fixture by name, or `data`) and run the page."""
    data = (FIXTURES / name).read_bytes() if data is None else data
    return at.file_uploader(key="data_filer").set_value((name, data, "text/csv")).run()


def confirm_button(at):
    return next(b for b in at.button if b.key and b.key.endswith("_lagre"))


def has_confirm_button(at) -> bool:
    return any(b.key and b.key.endswith("_lagre") for b in at.button)


def stored(engine) -> pd.DataFrame:
    return storage.list_datasets(engine)


def texts(elements) -> str:
    return "\n".join(e.value for e in elements)


def test_page_without_files_lists_no_datasets(at, engine):
    assert not at.exception
    assert "Ingen egne datasett er lagret ennå." in texts(at.info)
    assert at.radio(key="data_kilde").value == storage.DEFAULT_FEED_MODE


def test_good_file_shows_report_and_preview_and_is_stored_only_on_confirm(at, engine):
    upload(at, "long_comma.csv")
    assert not at.exception
    assert "Fila er i orden: 3 rader kan lagres" in texts(at.success)
    assert "Alt i orden: fila kan importeres." in texts(at.text)
    preview = at.dataframe[-1].value
    assert preview["kommunenummer"].tolist() == ["0301", "3201", "3201"]
    assert not confirm_button(at).disabled
    assert stored(engine).empty, "nothing is stored before the user confirms"

    confirm_button(at).click().run()
    assert not at.exception
    datasets = stored(engine)
    assert datasets[["name", "kind", "rows"]].values.tolist() == [["long_comma", "indicators", 3]]
    assert "Lagret «long\\_comma» (datasett 1, 3 rader)" in texts(at.success)
    assert "allerede lagret" in texts(at.info), "the file now shows as stored"
    assert not has_confirm_button(at)


def test_identical_file_uploaded_again_is_recognised_and_not_stored_twice(at, engine):
    upload(at, "long_comma.csv")
    confirm_button(at).click().run()
    upload(at, "long_comma.csv")  # a new upload of the same bytes
    assert not at.exception
    assert "Denne fila er allerede lagret som «long\\_comma» (datasett 1" in texts(at.info)
    assert not has_confirm_button(at)
    assert len(stored(engine)) == 1


@pytest.mark.parametrize(
    ("fixture", "row", "column"),
    [("bad_text_in_numbers.csv", 3, "value"), ("bad_unknown_codes.csv", 3, "kommunenummer")],
)
def test_bad_file_names_row_and_column_and_cannot_be_stored(at, engine, fixture, row, column):
    upload(at, fixture)
    assert not at.exception
    assert "Fila kan ikke importeres før" in texts(at.error)
    problems = at.dataframe[0].value
    assert {"Rad", "Kolonne", "Verdi", "Feil", "Slik retter du det"} <= set(problems.columns)
    assert ((problems["Rad"] == row) & (problems["Kolonne"] == column)).any()
    assert f"Rad {row}, kolonne «{column}»" in texts(at.text)
    assert confirm_button(at).disabled
    assert stored(engine).empty


def test_unreadable_file_is_refused_with_a_message_not_a_traceback(at, engine):
    upload(at, "garbage.csv", (FIXTURES / "garbage.bin").read_bytes())
    assert not at.exception
    assert "Fila ser ikke ut til å være en tekstfil" in texts(at.error)
    assert not has_confirm_button(at)
    upload(at, "empty.csv")
    assert not at.exception
    assert "Fila er tom" in texts(at.error)
    assert stored(engine).empty


def test_ssb_export_skips_aggregates_keeps_symbols_and_is_stored(at, engine):
    upload(at, "ssb_wide_title.csv")
    assert not at.exception
    skipped = next(e for e in at.expander if "hoppes over" in e.label)
    reasons = skipped.dataframe[0].value["reason"].tolist()
    assert "Hele landet (ikke en kommune)" in reasons
    assert "KOSTRA-gruppe (ikke en kommune)" in reasons
    assert "3048 → 3314" in texts(at.text), "the old Øvre Eiker code is harmonised"
    preview = at.dataframe[-1].value
    assert {":", "..."} <= set(preview["value_symbol"].dropna())

    confirm_button(at).click().run()
    assert not at.exception
    values = storage.stored_tables(engine)["indicator_values"]
    assert len(values) == 12
    assert not values["kommunenummer"].isin(["0", "32", "EKA32", "EKG13", "EAKUO"]).any()
    trondheim = values.set_index(["kommunenummer", "year"]).loc[("5001", 2023)]
    assert trondheim["value_symbol"] == ":" and pd.isna(trondheim["value"])


def test_file_whose_rows_are_all_skipped_has_nothing_to_store(at, engine):
    data = "region;år;statistikkvariabel;verdi\nEKG13 Kostragruppe 13;2023;Grunnskolepoeng;42,2\n"
    upload(at, "bare_grupper.csv", data.encode())
    assert not at.exception
    assert "Fila har ingen rader som kan lagres" in texts(at.warning)
    assert confirm_button(at).disabled


def test_excel_sheet_can_be_chosen(at, engine):
    upload(at, "two_sheets.xlsx")
    assert "Fila er i orden: 3 rader kan lagres" in texts(at.success)
    at.selectbox(key=keyed(at, "_ark")[0]).select("Bredt").run()
    assert not at.exception
    assert "Fila er i orden: 5 rader kan lagres" in texts(at.success)
    assert set(at.dataframe[-1].value["indicator_id"]) == {"gs_grunnskolepoeng", "he_legearsverk"}
    confirm_button(at).click().run()
    assert stored(engine)["rows"].tolist() == [5]


def test_unsure_detection_asks_which_column_is_which(at, engine):
    data = "Sted;Periode;Mål;Tall\n0301;2023;gs_grunnskolepoeng;42,7\n".encode()
    upload(at, "egne_navn.csv", data)
    assert not at.exception
    assert "Vi er ikke sikre på hvilke kolonner som er hva" in texts(at.warning)
    assert confirm_button(at).disabled
    at.selectbox(key=keyed(at, "_indicator")[0]).select("Mål").run()
    assert not at.exception
    assert "Fila er i orden: 1 rader kan lagres" in texts(at.success)
    assert not confirm_button(at).disabled


def test_one_column_chosen_for_two_roles_is_refused(at, engine):
    data = "Sted;Periode;Mål;Tall\n0301;2023;gs_grunnskolepoeng;42,7\n".encode()
    upload(at, "egne_navn.csv", data)
    at.selectbox(key=keyed(at, "_indicator")[0]).select("Tall").run()
    assert not at.exception
    assert "Kolonnen «Tall» er valgt for mer enn én rolle" in texts(at.error)
    assert not has_confirm_button(at)


def test_unknown_ssb_variable_can_be_linked_to_a_catalogue_indicator(at, engine):
    data = "region;år;statistikkvariabel;verdi\n0301 Oslo;2023;Skolepoeng (snitt);43,0\n".encode()
    upload(at, "ssb.csv", data)
    assert "1 indikator(er) i fila finnes ikke i katalogen" in texts(at.warning)
    assert confirm_button(at).disabled
    at.selectbox(key=keyed(at, "_indikator_0")[0]).select("gs_grunnskolepoeng").run()
    assert not at.exception
    assert not confirm_button(at).disabled
    assert at.dataframe[-1].value["indicator_id"].tolist() == ["gs_grunnskolepoeng"]


def test_undo_last_import_removes_it(at, engine):
    upload(at, "long_comma.csv")
    confirm_button(at).click().run()
    assert len(stored(engine)) == 1
    at.button(key="data_angre").click().run()
    assert not at.exception
    assert "Angret importen av «long\\_comma»." in texts(at.success)
    assert stored(engine).empty


def test_delete_removes_the_chosen_dataset(at, engine):
    upload(at, "long_comma.csv")
    confirm_button(at).click().run()
    at.button(key="data_slett").click().run()
    assert not at.exception
    assert "Slettet «long\\_comma»." in texts(at.success)
    assert stored(engine).empty


@pytest.mark.parametrize("button", ["data_aktiv", "data_slett"])
def test_dataset_deleted_elsewhere_gives_a_clear_message(at, engine, button):
    upload(at, "long_comma.csv")
    confirm_button(at).click().run()
    storage.delete_dataset(engine, 1)  # another user, between two runs of this page
    at.button(key=button).click().run()
    assert not at.exception
    assert "Fant ikke datasett 1" in texts(at.error)
    assert "Ingen egne datasett er lagret ennå." in texts(at.info), "the list is up to date"


def value_shown(code: str, year: int, indicator: str) -> float | None:
    values = _ui.dataset().values.set_index(["kommunenummer", "year", "indicator_id"])["value"]
    return values.get((code, year, indicator))


def test_feed_mode_and_activity_choose_what_the_dashboard_shows(at, engine):
    demo = value_shown(ØVRE_EIKER, 2024, "gs_grunnskolepoeng")
    upload(at, "egen_verdi.csv", OWN_VALUES)
    confirm_button(at).click().run()
    assert value_shown(ØVRE_EIKER, 2024, "gs_grunnskolepoeng") == 59.5, "both: own values win"
    assert not _ui.dataset().values.empty

    at.radio(key="data_kilde").set_value("demo").run()
    assert not at.exception
    assert storage.feed_mode(engine) == "demo"
    assert value_shown(ØVRE_EIKER, 2024, "gs_grunnskolepoeng") == demo

    at.radio(key="data_kilde").set_value("own").run()
    assert not at.exception
    assert len(_ui.dataset().values) == 2

    at.button(key="data_aktiv").click().run()  # take the only own dataset out of use
    assert not at.exception
    assert "er tatt ut av bruk" in texts(at.success)
    assert "dashbordet viser nå «Begge" in texts(at.warning)
    assert storage.feed_mode(engine) == "both"
    assert at.radio(key="data_kilde").value == "both"
    assert value_shown(ØVRE_EIKER, 2024, "gs_grunnskolepoeng") == demo


def test_own_data_only_needs_own_values_and_works_with_a_single_year(at, engine):
    at.radio(key="data_kilde").set_value("own").run()
    assert not at.exception
    assert "«Bare egne data» krever egne indikatorverdier i bruk" in texts(at.error)
    assert storage.feed_mode(engine) == storage.DEFAULT_FEED_MODE
    assert at.radio(key="data_kilde").value == storage.DEFAULT_FEED_MODE

    upload(at, "long_comma.csv")  # 2023 only
    confirm_button(at).click().run()
    at.radio(key="data_kilde").set_value("own").run()
    assert not at.exception
    assert storage.feed_mode(engine) == "own"
    assert "År: 2023 (dataene har bare dette året)" in texts(at.sidebar.caption)
    at.switch_page("app_pages/oversikt.py").run()
    assert not at.exception


def test_user_text_is_shown_as_text_never_as_markup(at, engine):
    file_name = "**fet** [lenke](http://example.com).csv"
    upload(at, file_name, OWN_VALUES)
    assert at.subheader[0].value == markdown_literal(file_name)
    name = "![bilde](http://example.com/x.png) :red[rød] $x$"
    at.text_input(key=keyed(at, "_navn")[0]).input(name).run()
    confirm_button(at).click().run()
    assert not at.exception
    assert f"Lagret «{markdown_literal(name)}»" in texts(at.success)
    assert stored(engine)["name"].tolist() == [name], "stored as typed"


def test_projects_with_html_and_formulas_are_stored_as_plain_text(at, engine):
    upload(at, "projects_html_formula.csv")
    assert not at.exception
    assert "vises aldri som HTML" in texts(at.text)
    titles = at.dataframe[-1].value["title"].tolist()
    assert '<script>alert("hei")</script>' in titles
    confirm_button(at).click().run()
    assert storage.stored_tables(engine)["projects"]["title"].str.contains("<script>").any()


def test_page_in_english_translates_its_own_texts(engine):
    # The page on its own: through app.py, AppTest formats the sidebar's options in bokmål on
    # the second run (format_func runs outside the script, where the language is not known).
    at = AppTest.from_file(str(ROOT / "app_pages" / "data.py"), default_timeout=TIMEOUT)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Data: your own files and datasets"
    upload(at, "long_comma.csv")
    assert not at.exception
    assert "The file is fine: 3 rows can be stored" in texts(at.success)


def keyed(at, suffix: str) -> list[str]:
    """Keys of the page's selectboxes and text inputs for the uploaded file that end in `suffix`."""
    widgets = [*at.selectbox, *at.text_input]
    return [
        w.key for w in widgets if w.key and w.key.startswith("data_") and w.key.endswith(suffix)
    ]
