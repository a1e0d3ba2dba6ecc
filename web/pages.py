"""The HTML pages: the search page, an article, search tips."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, abort, current_app, redirect, render_template, request
from werkzeug.datastructures import MultiDict

from search.language.categories import category_names, shown_category
from search.language.request import DEFAULT_FACETS
from search.presentation.marking import marked_paragraphs
from search.presentation.results import FacetValue
from web.chart import MODES, bar_chart, interval_for
from web.dates import PRESET_LABELS, PRESETS, DateEntry, read_entry
from web.engine import engine, replica
from web.home import archive, archive_span
from web.links import SearchLinks
from web.messages import in_language, language
from web.params import choice, no_article, search_request

bp = Blueprint("pages", __name__)

# Numbered page links shown around the current page.
PAGE_WINDOW = 2


@bp.get("/")
def index():
    """The home page, or the results; a date the reader typed wrong is said next to its
    field, on the results without the dates (HTTP 400), the query and filters kept."""
    config = current_app.config
    per_page = config["PER_PAGE"]
    entry = read_entry(request.args)
    links = SearchLinks(request.args)
    if not entry.errors and entry.rewritten(request.args):
        # 15/09/2019 typed in the field: the shareable URL spells it 2019-09-15.
        iso = entry.iso
        return redirect(links.url(from_=iso.get("from"), to=iso.get("to"), page=links.get("page")))
    args = request.args
    if entry.errors:
        args = MultiDict(request.args)
        for name in ("from", "to", "when"):
            args.poplist(name)
        links = SearchLinks(args)
    wanted = search_request(
        args,
        per_page,
        per_page,
        config["MAX_RESULT_WINDOW"],
        config["MAX_QUERY_CHARS"],
        facets=DEFAULT_FACETS,
    )
    result = engine().search(wanted) if wanted.q else None
    links.pin(result.generation if result is not None and replica() is not None else None)
    chart = None
    if result is not None:
        interval = interval_for(engine().span())
        totals = engine().histogram(replace(wanted, q=""), interval)
        mode = choice(request.args, "chart", MODES, "count")
        # A typo searched corrected is charted as searched, not as typed (which finds nothing).
        charted = replace(wanted, q=result.corrected) if result.corrected else wanted
        chart = bar_chart(engine().histogram(charted, interval), interval, totals, mode)
    lang = language("id")
    page = render_template(
        "search.html",
        corpus=None if wanted.q else archive(),
        span=None if wanted.q else archive_span(),
        q=wanted.q,
        result=result,
        facets=shown_facets(result, links),
        search_request=wanted,
        links=links,
        timeline=chart,
        dates=entry,
        live=True,
        date_errors={name: in_language(text, lang) for name, text in entry.errors.items()},
    )
    return page, 400 if entry.errors else 200


@bp.get("/articles/<path:article_id>", merge_slashes=False)
def article(article_id: str):
    found = engine().article(article_id)
    if found is None:
        abort(404, description=no_article(article_id))
    links = SearchLinks(request.args)
    paragraphs = marked_paragraphs(engine().searcher(), found.paragraphs, links.get("q"))
    return render_template(
        "article.html",
        article=found,
        paragraphs=paragraphs,
        related=engine().related(article_id),
        q=links.get("q"),
        links=links,
        from_search=bool(links.state),
    )


@bp.get("/bantuan")
def help():
    return render_template("help.html")


def shown_facets(result, links: SearchLinks) -> dict:
    """The result's facets as the page shows them: categories by their Indonesian names,
    and every value the reader chose still listed (with 0 when nothing matches it now),
    so a filter can always be taken off where it was put on."""
    if result is None:
        return {}
    facets = dict(result.facets)
    if "category" in facets:
        facets["category"] = category_names().merge(facets["category"])
    chosen = {
        "source": links.values("source"),
        "category": [shown_category(value) for value in links.values("category")],
        "month": links.values("month"),
    }
    for key, values in chosen.items():
        if key not in facets:
            continue
        listed = {bucket.value.lower() for bucket in facets[key]}
        missing = [FacetValue(v, 0) for v in dict.fromkeys(values) if v.lower() not in listed]
        facets[key] = [*facets[key], *missing]
        if key == "month":
            facets[key].sort(key=lambda bucket: bucket.value)
    return facets


def page_window(result) -> range:
    """The page numbers linked from the pager: a few either side of the current one."""
    first = max(1, result.page - PAGE_WINDOW)
    last = min(result.pages, result.page + PAGE_WINDOW)
    return range(first, last + 1)


@bp.app_context_processor
def helpers() -> dict:
    return {
        "page_window": page_window,
        "category_name": shown_category,
        "preset_labels": PRESET_LABELS,
        "presets": PRESETS,
        "dates": DateEntry({}, {}, {}),
        "date_errors": {},
    }
