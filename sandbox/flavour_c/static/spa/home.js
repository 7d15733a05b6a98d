/* Views: home (#/), search results (#/search?q=&page=), channels (#/theme/…, #/dept/<code>, #/city/<code>).
   Search results, department and city channel links open in a new tab (target=_blank). */
(function () {
  "use strict";
  var FC = window.FC, esc = FC.esc;

  function itemLink(i, newTab) {
    return '<a href="#/item/' + esc(i.itemId) + '"' + (newTab ? ' target="_blank" rel="noopener"' : "") + ">" +
      esc(i.name) + "</a>";
  }
  function crumbs(last) {
    return '<nav class="zw-crumb" aria-label="当前位置"><a href="#/">首页</a><span aria-hidden="true"> &gt; </span>' +
      "<span>" + esc(last) + "</span></nav>";
  }

  FC.route(/^\/?$/, function (m, query, token) {
    FC.render('<p class="zw-loading">正在加载…</p>', "首页");
    FC.api("/api/home").then(function (r) {
      if (!FC.isCurrent(token)) { return; }
      if (!r.ok) { FC.render(FC.errorBox("首页加载失败，请刷新重试。"), "首页"); return; }
      var d = r.data;
      var list = function (items) { return "<ul class=\"zw-links\">" + items.map(function (i) {
        return "<li>" + itemLink(i) + '<span class="zw-dept">' + esc(i.dept) + "</span></li>"; }).join("") + "</ul>"; };
      FC.render(
        '<section class="zw-hero" aria-labelledby="heroTitle">' +
        '<h1 id="heroTitle">一网通办 · 办事就上江澜省政务服务网</h1>' +
        '<form class="zw-bigsearch" id="homeSearch" role="search">' +
        '<input type="search" name="q" placeholder="搜索您要办理的事项，如：社保卡、身份证" autocomplete="off">' +
        '<button type="submit" title="搜索" class="zw-icon-btn"><i class="ic ic-search"></i></button></form>' +
        '<p class="zw-hot">热门搜索：' + d.hotWords.map(function (w) {
          return '<a href="#/search?q=' + encodeURIComponent(w) + '">' + esc(w) + "</a>"; }).join("") + "</p></section>" +
        '<div class="zw-cols">' +
        '<section class="zw-card" aria-labelledby="hotTitle"><h2 id="hotTitle">热门事项</h2>' +
        '<div class="zw-cols2"><div><h3>个人办事</h3>' + list(d.personal) + "</div>" +
        "<div><h3>法人办事</h3>" + list(d.legal) + "</div></div></section>" +
        '<section class="zw-card" aria-labelledby="newsTitle"><h2 id="newsTitle">通知公告</h2><ul class="zw-news">' +
        d.notices.map(function (n) { return "<li><span>" + esc(n.title) + "</span><time>" + esc(n.date) + "</time></li>"; }).join("") +
        "</ul></section></div>" +
        '<section class="zw-card" aria-labelledby="deptTitle"><h2 id="deptTitle">部门服务</h2><ul class="zw-tiles">' +
        d.departments.map(function (x) {
          return '<li><a href="#/dept/' + esc(x.code) + '" target="_blank" rel="noopener">' + esc(x.name) + "</a></li>"; }).join("") +
        "</ul></section>" +
        '<section class="zw-card" aria-labelledby="cityTitle"><h2 id="cityTitle">市县站点</h2><ul class="zw-tiles">' +
        d.cities.map(function (x) {
          return '<li><a href="#/city/' + esc(x.code) + '" target="_blank" rel="noopener">' + esc(x.name) + "</a></li>"; }).join("") +
        "</ul></section>", "首页");
      FC.searchForm(FC.$("#homeSearch"));
    });
  });

  function pager(q, page, pages) {
    if (pages < 2) { return ""; }
    var link = function (p, text, label) {
      return '<a href="#/search?q=' + encodeURIComponent(q) + "&page=" + p + '"' +
        (label ? ' aria-label="' + label + '"' : "") + (p === page ? ' aria-current="page"' : "") + ">" + text + "</a>";
    };
    var out = page > 1 ? link(page - 1, "上一页") : "";
    for (var p = 1; p <= pages; p++) { out += link(p, String(p), "第" + p + "页"); }
    out += page < pages ? link(page + 1, "下一页") : "";
    return '<nav class="zw-pager" aria-label="分页">' + out + "</nav>";
  }

  FC.route(/^\/search$/, function (m, query, token) {
    var q = (query.get("q") || "").trim(), page = parseInt(query.get("page") || "1", 10) || 1;
    FC.$("#headerSearch").elements.q.value = q;
    var head = crumbs("搜索结果") + "<h1>搜索结果</h1>";
    function load() {
      FC.render(head + '<p class="zw-status" role="status">正在搜索“' + esc(q) + "”…</p>", "搜索结果");
      FC.api("/api/search?q=" + encodeURIComponent(q) + "&page=" + page).then(function (r) {
        if (!FC.isCurrent(token)) { return; }
        if (!r.ok) {
          FC.render(head + FC.errorBox("搜索服务暂时不可用（HTTP " + r.status + "），请稍后重试。", true), "搜索结果");
          FC.$(".zw-retry").addEventListener("click", load);
          return;
        }
        var d = r.data;
        if (!d.total) {
          FC.render(head + '<div class="zw-empty"><p class="zw-status" role="status">抱歉，没有找到与“' + esc(q) +
            "”相关的事项。</p>" + '<section class="zw-tips" aria-label="搜索建议"><h2>您可以</h2><ul>' +
            "<li>检查输入的文字是否有误</li><li>换一个更简短的说法，如“社保卡”</li><li>试试热门搜索：" +
            d.hotWords.map(function (w) { return '<a href="#/search?q=' + encodeURIComponent(w) + '">' + esc(w) + "</a>"; }).join("") +
            "</li></ul></section></div>", "搜索结果");
          return;
        }
        FC.render(head + '<p class="zw-status" role="status">共找到 <strong>' + d.total + "</strong> 个与“" + esc(q) +
          "”相关的事项</p>" + '<ul class="zw-results" aria-label="搜索结果列表">' + d.list.map(function (i) {
            return "<li>" + itemLink(i, true) + '<p class="zw-meta">实施机构：' + esc(i.dept) +
              (i.online ? '<span class="zw-tag">可网上办理</span>' : '<span class="zw-tag zw-tag-off">窗口办理</span>') +
              "</p></li>"; }).join("") + "</ul>" + pager(q, d.page, d.pages), "搜索结果");
      });
    }
    if (!q) { FC.render(head + '<p class="zw-status">请输入要搜索的事项名称或关键词。</p>', "搜索结果"); return; }
    load();
  });

  FC.route(/^\/(theme|dept|city)\/([a-z]+)$/, function (m, query, token) {
    FC.render('<p class="zw-loading">正在加载…</p>', "办事服务");
    FC.api("/api/channel/" + m[1] + "/" + m[2]).then(function (r) {
      if (!FC.isCurrent(token)) { return; }
      if (!r.ok) { FC.render(crumbs("办事服务") + FC.errorBox(r.data.msg || "频道不存在。"), "办事服务"); return; }
      var d = r.data, kind = {theme: "事项", dept: "部门办事事项", city: "本地办事事项"}[d.kind];
      FC.render(crumbs(d.title) + "<h1>" + esc(d.title) + "</h1>" +
        '<p class="zw-lead">' + kind + "共 " + d.list.length + " 项" +
        (d.siteUrl ? '　<a href="' + esc(d.siteUrl) + '" target="_blank" rel="noopener">访问' + esc(d.title) +
          (d.kind === "city" ? "政府网站" : "网站") + "</a>" : "") + "</p>" +
        '<ul class="zw-results">' + d.list.map(function (i) {
          return "<li>" + itemLink(i) + '<p class="zw-meta">' + esc(i.dept) +
            (i.online ? '<span class="zw-tag">可网上办理</span>' : "") + "</p></li>"; }).join("") + "</ul>", d.title);
    });
  });
}());
