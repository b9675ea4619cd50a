"""The portfolio's data shaping and figures, on tiny inline frames."""

import pandas as pd
import pytest

from analysis import figures_portfolio as fp
from analysis import schema

PROJECTS = schema.conform(
    pd.DataFrame(
        {
            "project_id": ["R09", "D1", "D2", "IDE-00001"],
            "title": ["Den samskapende kommune", "<b>Velferd</b>", "Skolevei", "Vakt"],
            "sector_id": [None, "pleie_og_omsorg", "grunnskole", "pleie_og_omsorg"],
            "phase": ["ny praksis", "stoppet", "utvikling og utprøving", "innsikt og idé"],
            "start_year": [2020, 2016, 2024, 2026],
            "end_year": [2023, 2017, None, None],
            "partner_types": ["akademia;innbyggere", None, "innbyggere", None],
            "innovation_type": ["samskaping", None, "tjenesteinnovasjon", None],
            "source": ["Forskningsrådet", "Demodata", "Demodata", "Idébanken i Innosikt"],
            "is_real": [True, False, False, True],
        }
    ),
    schema.PROJECTS,
)
MEMBERS = schema.conform(
    pd.DataFrame(
        {
            "project_id": ["R09", "R09", "D1", "D1", "D2", "IDE-00001"],
            "kommunenummer": ["4649", "3207", "3314", "3207", "3314", "3314"],
        }
    ),
    schema.PROJECT_MUNICIPALITIES,
)
MUNICIPALITIES = pd.DataFrame(
    {
        "kommunenummer": ["4649", "3207", "3314"],
        "name": ["Stad", "Nordre Follo", "Øvre Eiker"],
        "lat": [61.9, 59.7, 59.8],
        "lon": [5.6, 10.8, 9.9],
    }
).astype({"kommunenummer": "string", "name": "string", "lat": "Float64", "lon": "Float64"})
IDEAS = pd.DataFrame(
    {
        "idea_id": pd.array([1, 2, 3], dtype="Int64"),
        "stage": pd.Categorical(
            ["innsikt og idé", "ny", "avslått"], categories=list(schema.IDEA_STAGES)
        ),
        "project_id": pd.array(["IDE-00001", pd.NA, pd.NA], dtype="string"),
    }
)


@pytest.fixture
def projects() -> pd.DataFrame:
    return fp.with_origin(PROJECTS, {"IDE-00001"})


def test_origin_separates_idea_bank_real_and_demo_projects(projects):
    assert projects["origin"].astype(str).tolist() == ["real", "demo", "demo", "idebank"]
    assert "origin" not in PROJECTS.columns


def test_scope_keeps_the_chosen_municipalities_projects_active_in_the_period(projects):
    chosen = fp.in_scope(projects, MEMBERS, {"3314"}, (2018, 2025), open_end=False)
    assert chosen["project_id"].tolist() == ["D2"]  # D1 ended 2017, IDE-00001 starts 2026
    open_end = fp.in_scope(projects, MEMBERS, {"3314"}, (2018, 2025), open_end=True)
    assert open_end["project_id"].tolist() == ["D2", "IDE-00001"]


def test_scope_filters_sector_and_real_projects(projects):
    everything = fp.in_scope(projects, MEMBERS, None, (2015, 2025), open_end=True)
    assert len(everything) == 4
    real = fp.in_scope(projects, MEMBERS, None, (2015, 2025), open_end=True, real_only=True)
    assert real["project_id"].tolist() == ["R09", "IDE-00001"]
    care = fp.in_scope(
        projects, MEMBERS, None, (2015, 2025), open_end=True, sector="pleie_og_omsorg"
    )
    assert care["project_id"].tolist() == ["D1", "IDE-00001"]


def test_funnel_counts_projects_by_phase_and_open_ideas_by_stage(projects):
    counts = fp.funnel_counts(projects, IDEAS).set_index(["stage", "origin"])["n"]
    assert counts[("ny", "idebank")] == 1  # the open idea
    assert counts[("innsikt og idé", "idebank")] == 1  # the project, not also its idea
    assert counts[("utvikling og utprøving", "demo")] == 1
    assert counts[("ny praksis", "real")] == 1
    assert counts.sum() == 4  # the stopped project and the rejected idea stand beside it
    assert fp.out_of_funnel(projects, IDEAS) == {"stoppet": 1, "avslått": 1}


def test_partner_counts_split_the_list_and_give_shares(projects):
    counts = fp.partner_counts(projects).set_index("partner_type")
    assert counts.loc["innbyggere", "n"] == 2
    assert counts.loc["akademia", "share"] == pytest.approx(0.25)
    assert counts.loc["staten", "n"] == 0
    assert counts.index.tolist() == list(schema.PARTNER_TYPES)


def test_sector_type_counts_name_missing_sectors_and_types(projects):
    counts = fp.sector_type_counts(projects, {"pleie_og_omsorg": "Pleie og omsorg"}, "Flere")
    rows = counts.set_index(["sector", "innovation_type"])["n"].to_dict()
    assert rows[("Flere", "samskaping")] == 1
    assert rows[("Pleie og omsorg", fp.NOT_GIVEN)] == 2


def test_cooperation_edges_pair_members_of_shared_projects(projects):
    edges = fp.cooperation_edges(projects, MEMBERS)
    assert edges[["a", "b", "projects", "real"]].astype(str).values.tolist() == [
        ["3207", "3314", "1", "0"],
        ["3207", "4649", "1", "1"],
    ]
    assert edges.loc[edges["b"] == "4649", "titles"].iloc[0] == ["Den samskapende kommune"]
    nodes = fp.network_nodes(edges, MUNICIPALITIES, "3314", ["3207"])
    assert nodes.set_index("kommunenummer")["partners"].to_dict() == {
        "3207": 2,
        "3314": 1,
        "4649": 1,
    }
    assert nodes.set_index("kommunenummer")["role"].to_dict() == {
        "3207": "group",
        "3314": "chosen",
        "4649": "other",
    }


def test_network_figure_draws_real_links_apart_and_escapes_titles(projects):
    edges = fp.cooperation_edges(projects, MEMBERS)
    nodes = fp.network_nodes(edges, MUNICIPALITIES, "3314", ["3207"])
    fig = fp.network_figure(
        nodes,
        edges,
        {"type": "FeatureCollection", "features": []},
        title="Nettverk",
        source="Kilde",
        edge_names={"real": "Reelt", "demo": "Demodata"},
        role_names={"chosen": "Øvre Eiker", "group": "Gruppe", "other": "Andre"},
        hover_projects="Prosjekter",
        hover_partners="Partnere",
    )
    names = [trace.name for trace in fig.data if trace.name]
    assert names == ["Demodata", "Reelt", "Andre", "Gruppe", "Øvre Eiker"]
    assert fig.layout.title.text == "Nettverk"
    hovers = [h for trace in fig.data if trace.hovertext for h in trace.hovertext]
    assert any("Den samskapende kommune" in h for h in hovers)
    assert any("&lt;b&gt;Velferd" in h for h in hovers)
    assert not any("<b>Velferd" in h for h in hovers)


def test_funnel_figure_stacks_one_trace_per_origin_first_stage_on_top(projects):
    counts = fp.funnel_counts(projects, IDEAS)
    fig = fp.funnel_figure(
        counts,
        stage_names={s: s.upper() for s in fp.FUNNEL_STAGES},
        origin_names={o: o for o in schema.ORIGINS},
        title="Trakt",
        source="Kilde",
    )
    assert [trace.name for trace in fig.data] == list(schema.ORIGINS)
    assert list(fig.data[0].y) == [s.upper() for s in fp.FUNNEL_STAGES]
    assert sum(sum(trace.x) for trace in fig.data) == 4


def test_peers_axis_leaves_out_extreme_small_municipalities():
    peers = pd.DataFrame(
        {
            "kommunenummer": [f"{i:04d}" for i in range(20)],
            "name": [f"K{i}" for i in range(20)],
            "active_projects": [1] * 20,
            "active_per_10k": pd.array([1.0] * 18 + [50.0, 80.0], dtype="Float64"),
            "role": ["chosen", "group", *["other"] * 18],
        }
    )
    axis_end, beyond = fp.peers_axis(peers)
    assert beyond == 2 and axis_end < 50
    fig = fp.peers_figure(
        peers,
        axis_end=axis_end,
        title="Per 10 000",
        x_label="x",
        source="Kilde",
        row_names={"group": "Gruppen", "national": "Landet"},
        chosen_name="K0",
    )
    assert [len(trace.x) for trace in fig.data] == [2, 20, 2]  # group, country, the diamond
    assert list(fig.layout.xaxis.range) == [0, axis_end]
