"""Shareable URLs of the search page (web/links.py)."""

from datetime import date

from werkzeug.datastructures import MultiDict

from search.evaluation.filters import month_days
from web.links import SearchLinks


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


def test_months_combine_like_outlets_and_turn_off_one_by_one(app):
    url = "/?q=gempa&month=2019-09&category=Daerah&from=2019-01-01&when=year&page=2"
    with app.test_request_context(url):
        from flask import request

        here = SearchLinks(request.args)
        assert here.month_is_on("2019-09") and not here.month_is_on("2019-08")
        assert here.month("2019-09") == "/?q=gempa&category=Daerah&from=2019-01-01&when=year"
        assert here.month("2019-02") == (
            "/?q=gempa&category=Daerah&month=2019-09&month=2019-02&from=2019-01-01&when=year"
        )
        assert here.active_filter_count == 4
        assert here.without_filters() == "/?q=gempa"


def test_empty_and_unknown_parameters_are_dropped():
    assert SearchLinks(MultiDict([("q", " x "), ("source", ""), ("evil", "1")])).state == MultiDict(
        [("q", "x")]
    )


def test_month_days_know_leap_years():
    assert month_days("2020-02") == (date(2020, 2, 1), date(2020, 2, 29))
    assert month_days("2019-12") == (date(2019, 12, 1), date(2019, 12, 31))


def test_links_keep_synonyms_switched_off(app):
    with app.test_request_context("/?q=banjir&expand=false&page=2"):
        from flask import request

        assert SearchLinks(request.args).url(sort="newest") == "/?q=banjir&sort=newest&expand=false"
