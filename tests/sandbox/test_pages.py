"""Every page answers, carries the accessible names of CONTRACTS.md, and downloads are real files."""
from __future__ import annotations

import io
import re
import zipfile

import pytest

from sandbox.catalogue import can_apply_online

from sandbox_helpers import PORTAL, site


def text(response) -> str:
    return response.get_data(as_text=True)


def test_portal_pages_answer(client, app):
    cat = app.sandbox.catalogue
    urls = ["/", "/search?q=社保卡", "/search?q=", "/personal", "/legal", "/about", "/mode/elder",
            "/__sandbox__/health"]
    urls += [f"/dept/{d['code']}" for d in cat.departments] + [f"/city/{c['code']}" for c in cat.cities]
    urls += [f"/item/{i['id']}" for i in cat.items]
    for url in urls:
        response = client.get(PORTAL + url)
        assert response.status_code in (200, 302), url
    assert client.get(PORTAL + "/item/nope-999").status_code == 404
    assert client.get(PORTAL + "/dept/nope").status_code == 404
    assert client.get(PORTAL + "/__sandbox__/health").get_json() == {"ok": True, "defects": [], "flavour": "a"}


def test_sites_answer(client, app):
    cat = app.sandbox.catalogue
    for label in [d["host"] for d in cat.departments] + [c["code"] for c in cat.cities]:
        for path in ("/", "/my", "/zwgk", "/zwgk/ztzl", "/zwgk/ztzl/more", "/bmfw", "/bmfw/wsbsdt", "/hdjl", "/about"):
            assert client.get(site(label) + path).status_code == 200, (label, path)
    assert client.get(site("idp") + "/").status_code == 200
    assert client.get(site("ywxt") + "/login").status_code == 200
    unknown = client.get("http://nowhere.localhost/")
    assert unknown.status_code == 404 and "站点不存在" in text(unknown)


def test_signed_in_pages_redirect_through_login(client):
    for path in ("/my", "/status", "/apply/rst-001", "/review/x", "/receipt/x"):
        response = client.get(PORTAL + path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/login?next="), path


def test_home_accessible_names(client, app):
    html = text(client.get(PORTAL + "/"))
    assert '<label for="q" class="visually-hidden">搜索事项</label>' in html
    assert '<button type="submit">搜索</button>' in html
    for name in ("登录", "注册", "个人服务", "法人服务", "长辈版", "无障碍", "办件查询", "我的办件"):
        assert re.search(rf">{name}</a>", html), name
    assert 'role="tab"' in html and ">个人服务</button>" in html and ">法人服务</button>" in html
    for dept in app.sandbox.catalogue.departments:
        assert f'href="/dept/{dept["code"]}">' in html and f"</span>{dept['short']}</a>" in html
    for city in app.sandbox.catalogue.cities:
        assert f'<a href="/city/{city["code"]}">{city["name"]}</a>' in html
    assert '<meta name="viewport"' in html and "主办单位" in html and "ICP" in html
    assert 'role="dialog"' not in html


def test_elder_mode_and_a11y_toggle(client):
    response = client.get(PORTAL + "/mode/elder")
    assert response.status_code == 302 and "elder=1" in response.headers["Set-Cookie"]
    html = text(client.get(PORTAL + "/"))
    assert 'class="site-portal elder"' in html and ">标准版</a>" in html and ">长辈版</a>" not in html
    assert 'role="dialog"' not in html          # clean 长辈版: no pop-up
    client.get(PORTAL + "/mode/standard")
    assert ">长辈版</a>" in text(client.get(PORTAL + "/"))
    client.get(PORTAL + "/mode/a11y")
    assert "无障碍模式已开启" in text(client.get(PORTAL + "/"))


def test_channels_heading(client, app):
    rst = app.sandbox.catalogue.dept_by_code["rst"]
    assert f"<h1>{rst['name']}办事服务</h1>" in text(client.get(PORTAL + "/dept/rst"))
    assert "<h1>临州市办事服务</h1>" in text(client.get(PORTAL + "/city/lz"))


def test_guide_tabs_and_elements(client, app):
    item = app.sandbox.catalogue.item_by_id["rst-001"]
    html = text(client.get(PORTAL + "/item/rst-001"))
    assert f"<h1>{item['name']}</h1>" in html
    assert 'role="tablist"' in html
    for label in ("基本信息", "办理地点和时间", "申请材料", "办理流程", "收费标准", "设定依据"):
        assert re.search(rf'role="tab"[^>]*>{label}</button>', html), label
    assert html.count('role="tabpanel"') == 6 and html.count("hidden>") >= 5
    guide = item["guide"]
    assert f">{guide['承诺办结时限_label']}</th>" in html          # the department's own label
    for value in (guide["法定办结时限"], guide["windows"][0]["咨询电话"], guide["windows"][0]["办理时间"],
                  guide["收费"], guide["设定依据"], item["impl_code"]):
        assert value in html
    for header in ("名称", "来源/出具单位", "份数", "介质", "必要性", "空表/样表"):
        assert f'<th scope="col">{header}</th>' in html
    assert ">在线办理</a>" in html and 'href="/apply/rst-001"' in html


def test_depth_one_items_have_no_online_link(client, app):
    for item in app.sandbox.catalogue.items:
        html = text(client.get(f"{PORTAL}/item/{item['id']}"))
        assert (">在线办理</a>" in html) == can_apply_online(item), item["id"]


def _form_links(app):
    for item in app.sandbox.catalogue.items:
        for n, m in enumerate(item["guide"]["materials"], start=1):
            if m.get("is_form"):
                for variant in ("blank", "sample"):
                    yield item, n, variant, m.get(variant)


def test_downloads_are_real_files(client, app):
    seen = set()
    for item, n, variant, filename in _form_links(app):
        response = client.get(f"{PORTAL}/download/{item['id']}/{n}/{variant}")
        if not filename:
            assert response.status_code == 404
            continue
        assert response.status_code == 200, filename
        body = response.data
        kind = filename.rsplit(".", 1)[-1]
        seen.add(kind)
        assert "attachment" in response.headers["Content-Disposition"]
        assert filename in response.headers["Content-Disposition"]
        if kind == "pdf":
            assert response.mimetype == "application/pdf"
            assert body.startswith(b"%PDF-1.4") and body.rstrip().endswith(b"%%EOF")
            start = int(body.rsplit(b"startxref", 1)[1].split()[0])
            assert body[start:start + 4] == b"xref"
        else:
            zf = zipfile.ZipFile(io.BytesIO(body))
            names = zf.namelist()
            assert "[Content_Types].xml" in names and "_rels/.rels" in names
            main = "word/document.xml" if kind == "docx" else "xl/workbook.xml"
            assert main in names
            assert f"/{main}" in zf.read("[Content_Types].xml").decode()
            assert response.mimetype.startswith("application/vnd.openxmlformats-officedocument")
    assert seen >= {"pdf", "docx", "xlsx"}


@pytest.mark.parametrize("path", ["/download/rst-001/1/blank", "/download/rst-001/99/blank",
                                  "/download/rst-001/2/other", "/download/nope-1/1/blank"])
def test_missing_download_is_404(client, path):
    assert client.get(PORTAL + path).status_code == 404


def test_search_echo_is_escaped(client):
    html = text(client.get(PORTAL + "/search?q=<script>alert(1)</script>"))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_search_results_shape(client):
    html = text(client.get(PORTAL + "/search?q=社保卡"))
    assert "<h1>搜索结果</h1>" in html and re.search(r"共找到 \d+ 个结果", html)
    assert 'role="list" aria-label="搜索结果列表"' in html
    empty = text(client.get(PORTAL + "/search?q=火星移民登记"))
    assert "共找到 0 个结果" in empty and "未找到相关事项" in empty
    assert 'role="region" aria-label="搜索建议"' in empty and "12345" in empty and "热门搜索" in empty


def test_site_home_has_entry_and_login(client, app):
    html = text(client.get(site("rst") + "/"))
    assert "<h1>江澜省人力资源和社会保障厅</h1>" in html
    assert '<a href="http://zwfw.localhost/dept/rst">网上办事</a>' in html
    assert ">登录</a>" in html and ">个人中心</a>" in html
    city = text(client.get(site("lz") + "/"))
    assert "<h1>临州市人民政府</h1>" in city and '<a href="http://zwfw.localhost/city/lz">网上办事</a>' in city
