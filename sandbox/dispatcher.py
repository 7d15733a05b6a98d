"""One WSGI entry for every site: the first label of the Host header picks the Flask app
(zwfw.localhost:5000 → the portal). Unknown hosts get a 404 page listing the known sites.

The dispatcher is itself a Flask app so that ``create_app().test_client()`` works with any
``base_url`` (http://zwfw.localhost, http://idp.localhost, …)."""
from __future__ import annotations

from flask import Flask, render_template_string, request

from .common import PACKAGE_DIR, add_security_headers
from .util import host_label

UNKNOWN_HOST_PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>站点不存在</title></head>
<body><main><h1>站点不存在</h1><p>主机名“{{ host }}”没有对应的沙箱站点。可用站点：</p>
<ul>{% for label in labels %}<li>{{ label }}.localhost</li>{% endfor %}</ul></main></body></html>"""


class HostDispatcher(Flask):
    def __init__(self, sites: dict[str, Flask], sandbox_state):
        super().__init__("sandbox_dispatcher", root_path=str(PACKAGE_DIR))
        self.sites = sites
        self.sandbox = sandbox_state
        self.after_request(add_security_headers)

        @self.route("/", defaults={"path": ""})
        @self.route("/<path:path>", methods=["GET", "POST", "PUT", "DELETE", "HEAD"])
        def unknown_host(path):
            return render_template_string(UNKNOWN_HOST_PAGE, host=request.host, labels=sorted(self.sites)), 404

    def wsgi_app(self, environ, start_response):
        label = host_label(environ.get("HTTP_HOST") or environ.get("SERVER_NAME", ""))
        site = self.sites.get(label)
        if site is not None:
            return site.wsgi_app(environ, start_response)
        return super().wsgi_app(environ, start_response)
