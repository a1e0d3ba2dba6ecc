"""Presents the search: the Flask application factory, its pages and JSON API."""

from __future__ import annotations

from flask import Flask

from web import answers, api, feeds, health, pages
from web.caching import register_caching
from web.cors import register_cors
from web.engine import init_engine
from web.errors import register_errors
from web.filters import register_filters
from web.hosts import register_hosts
from web.jsonprovider import OrjsonProvider
from web.replica_api import register_generation
from web.responses import TextResponse
from web.security import register_security
from web.settings import check, defaults_from_env


def create_app(test_config: dict | None = None) -> Flask:
    """A Telusur app; settings come from defaults, then environment, then ``test_config``.

    Raises ``SettingError`` (one line) for a setting out of its range.
    """
    app = Flask(__name__)
    app.response_class = TextResponse
    app.json = OrjsonProvider(app)
    app.config.from_mapping(defaults_from_env())
    if test_config:
        app.config.from_mapping(test_config)
    check(app.config)
    register_hosts(app)
    register_security(app)
    init_engine(app)
    register_filters(app)
    register_errors(app)
    register_cors(app)
    register_caching(app)
    register_generation(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(health.bp)
    answers.install(app)
    return app
