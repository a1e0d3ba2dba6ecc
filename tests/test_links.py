"""Shareable URLs of the search page (web/links.py)."""

from werkzeug.datastructures import MultiDict

from web.links import SearchLinks, month_range


def test_changes_keep_the_rest_of_the_state_and_go_back_to_page_one(app):
    state = "q=banjir&sort=newest&source=kompas.com&page=3"
    with app.test_request_context("/?" + state):
        from flask import request

        here = SearchLinks(request.args)
        assert here.page(4) == "/?q=banjir&source=kompas.com&sort=newest&page=4"
        assert here.page(1) == "/?q=banjir&source=kompas.com&sort=newest"
        assert here.url(sort="oldest") == "/?q=banjir&source=kompas.com&sort=oldest"
        assert here.url(sort=None) == "/?q=banjir&source=kompas.com"
        assert here.toggle("source", "tempo.co") == (
            "/?q=banjir&source=kompas.com&source=tempo.co&sort=newest"
        )
        assert here.toggle("source", "kompas.com") == "/?q=banjir&sort=newest"
        assert here.url(q="banjir bandang") == ("/?q=banjir+bandang&source=kompas.com&sort=newest")


def test_month_filter_turns_on_and_off(app):
    with app.test_request_context("/?q=gempa&from=2019-09-01&to=2019-09-30&category=Daerah"):
        from flask import request

        here = SearchLinks(request.args)
        assert here.month_is_on("2019-09") and not here.month_is_on("2019-08")
        assert here.month("2019-09") == "/?q=gempa&category=Daerah"
        assert here.month("2019-02") == "/?q=gempa&category=Daerah&from=2019-02-01&to=2019-02-28"
        assert here.active_filter_count == 2
        assert here.without_filters() == "/?q=gempa"


def test_empty_and_unknown_parameters_are_dropped():
    assert SearchLinks(MultiDict([("q", " x "), ("source", ""), ("evil", "1")])).state == MultiDict(
        [("q", "x")]
    )


def test_month_range_knows_leap_years():
    assert month_range("2020-02") == ("2020-02-01", "2020-02-29")
    assert month_range("2019-12") == ("2019-12-01", "2019-12-31")


def test_links_keep_synonyms_switched_off(app):
    with app.test_request_context("/?q=banjir&expand=false&page=2"):
        from flask import request

        assert SearchLinks(request.args).url(sort="newest") == "/?q=banjir&sort=newest&expand=false"
