"""A three-page site on loopback for recorder tests and benchmarks (known clicks and pages)."""
from __future__ import annotations

import http.server
import threading
from contextlib import contextmanager

PAGES = {
    "/a": '<h1>A</h1><a href="/b">去B</a><button onclick="document.getElementById(\'x\').click()">脚本点击</button>'
          '<a id="x" href="#">x</a>',
    "/b": '<h1>B</h1><button id="inc" onclick="this.textContent=\'已点\'">按钮</button><a href="/c">去C</a>',
    "/c": '<h1>C</h1><p>完</p>',
    # a single-page app: its views change by history.pushState, a hash route and back/forward
    "/spa": """<h1 id="top">SPA</h1>
<nav><a href="/spa/list" data-route>列表</a> <a href="/spa/detail?id=1" data-route>详情</a>
<a href="#top">回到顶部</a> <a href="#/status">办件查询</a></nav>
<h2 id="view">首页</h2>
<script>
function render() {
  const v = location.hash.startsWith('#/') ? '办件查询' : location.pathname.endsWith('/list') ? '列表'
          : location.pathname.endsWith('/detail') ? '详情' : '首页';
  document.getElementById('view').textContent = v;
}
document.addEventListener('click', (e) => {
  const a = e.target.closest('a[data-route]');
  if (!a) return;
  e.preventDefault();
  history.pushState({}, '', a.getAttribute('href'));
  render();
});
window.addEventListener('popstate', render);
window.addEventListener('hashchange', render);
history.replaceState({ready: true}, '', location.href);  // same URL: not a new view
</script>""",
}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        path = self.path.split("?")[0]
        body = PAGES.get("/spa" if path.startswith("/spa") else path)
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(f"<!doctype html><meta charset=utf-8>{body or 'no'}".encode())

    def log_message(self, *args):
        pass


@contextmanager
def serve_tiny_site():
    """Yields the base URL (a.localhost on a free port) of the three-page site."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://a.localhost:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def scripted_journey(page, base: str) -> None:
    """4 real clicks (one of which triggers a scripted, untrusted click), 3 page loads."""
    page.goto(base + "/a")
    page.get_by_role("button", name="脚本点击").click()
    page.get_by_role("link", name="去B").click()
    page.get_by_role("heading", name="B").wait_for()
    page.get_by_role("button", name="按钮").click()
    page.get_by_role("link", name="去C").click()
    page.get_by_role("heading", name="C").wait_for()
