"""The Start page and what every page shares: Easy Read in the URL, the ladder, the safety net."""

from __future__ import annotations

from conftest import open_page
from reading import read_all, shown

PAGES = ["start", "assess", "results", "progress", "actions", "frameworks", "manage"]


def test_start_on_an_empty_database_explains_and_offers_set_up(empty_app):
    at = open_page()
    assert not at.exception and not at.error
    text = shown(at)
    assert "works **with** people, not just **for** them" in text
    assert "No organisation or round yet." in text
    assert "journey ends here" in text  # the ladder picture, as real text
    assert [link.proto.label for link in at.get("page_link")] == [
        "Set up an organisation and a round"
    ]


def test_start_with_the_demo_offers_the_three_jobs(demo_app):
    at = open_page()
    latest = demo_app.rounds()[-1]
    assert at.selectbox[0].value == demo_app.organisations()[0].id
    assert at.selectbox[1].value == latest.id
    labels = [link.proto.label for link in at.get("page_link")]
    assert labels == ["Answer the questions", "See results", "Board progress"]
    assert f"16 people have answered in {latest.title} so far." in shown(at)  # 2 drafts left out
    assert at.query_params["round"] in (str(latest.id), [str(latest.id)])


def test_choosing_a_closed_round_says_it_is_closed(demo_app):
    first = demo_app.rounds()[0]
    at = open_page()
    at.selectbox[1].set_value(first.id).run()
    assert f"14 people have answered in {first.title} so far." in shown(at)
    assert "This round is closed to new answers." in shown(at)
    assert "Answer the questions" not in [link.proto.label for link in at.get("page_link")]


def test_easy_read_switch_is_kept_in_the_url(demo_app):
    at = open_page()
    at.toggle[0].set_value(True).run()
    assert at.query_params["easy"] in ("1", ["1"])
    assert "How well do we work with you?" in shown(at)
    assert "We tell you what we decided. We explain why." in shown(at)  # Easy Read rungs
    at.switch_page("toolkit/ui/pages/results.py").run()
    assert at.query_params["easy"] in ("1", ["1"])
    at.toggle[0].set_value(False).run()
    assert "easy" not in at.query_params


def test_every_page_renders_on_an_empty_database(empty_app):
    for page in PAGES:
        at = open_page(page)
        assert not at.exception, (page, at.exception)
        assert not at.error, (page, read_all(e.value for e in at.error))


def test_every_page_renders_on_the_demo_database_also_in_easy_read(demo_app):
    for page in PAGES:
        for easy in (False, True):
            at = open_page(page, easy=easy)
            assert not at.exception, (page, easy, at.exception)
            assert not at.error, (page, easy, read_all(e.value for e in at.error))


def test_an_unreachable_database_gets_a_plain_message(tmp_path, monkeypatch):
    monkeypatch.setenv("TOOLKIT_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    at = open_page()
    assert not at.exception
    assert read_all(e.value for e in at.error)[0].startswith("The database cannot be reached")
