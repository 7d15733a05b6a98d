/* 江澜省政务服务网 (flavour C): the SPA's core — hash router, JSON API calls, header state, the
   first-visit notice and the cookie bar, and a modal dialog helper. Plain JS, no build step; views
   live in home.js, guide.js, apply.js and user.js and register themselves with FC.route(). */
(function () {
  "use strict";
  var FC = window.FC = {routes: [], session: {signedIn: false, name: null}, renderId: 0};

  FC.$ = function (sel, root) { return (root || document).querySelector(sel); };
  FC.$$ = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };
  FC.esc = function (s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  };
  var csrf = document.querySelector('meta[name="csrf-token"]').getAttribute("content");

  /* fetch → {ok, status, data}; JSON bodies and FormData both carry the CSRF header */
  FC.api = function (path, options) {
    options = options || {};
    var init = {method: options.method || "GET", headers: {"Accept": "application/json"}, credentials: "same-origin"};
    if (init.method !== "GET") { init.headers["X-CSRF-Token"] = csrf; }
    if (options.json !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(options.json);
    } else if (options.form) {
      init.body = options.form;
    }
    return fetch(path, init).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        return {ok: r.ok, status: r.status, data: data};
      });
    }, function () { return {ok: false, status: 0, data: {msg: "网络异常，请检查网络后重试。"}}; });
  };

  /* routes: FC.route(/^\/item\/(\d+)$/, function (match, query, token) {...}) */
  FC.route = function (pattern, handler, nav) { FC.routes.push({pattern: pattern, handler: handler, nav: nav}); };

  FC.current = function () {
    var hash = location.hash || "#/";
    var raw = hash.slice(1), q = raw.indexOf("?");
    return {raw: raw, path: q < 0 ? raw : raw.slice(0, q), query: new URLSearchParams(q < 0 ? "" : raw.slice(q + 1))};
  };

  FC.go = function (route) { location.hash = "#" + route; };

  FC.login = function (route) {
    location.assign("/auth/login?next=" + encodeURIComponent(route || FC.current().raw));
  };

  /* a view renders into <main>; `token` tells an async answer whether its view is still the current one */
  FC.render = function (html, title) {
    var main = FC.$("#app");
    main.innerHTML = html;
    document.title = (title ? title + " - " : "") + "江澜省政务服务网";
    if (FC.focusOnRender && !FC.modalOpen()) {
      var h1 = FC.$("h1", main);
      if (h1) { h1.setAttribute("tabindex", "-1"); h1.focus({preventScroll: false}); }
    }
  };
  FC.isCurrent = function (token) { return token === FC.renderId; };

  FC.errorBox = function (message, retry) {
    return '<div class="zw-alert" role="alert"><p>' + FC.esc(message) + "</p>" +
      (retry ? '<button type="button" class="zw-btn zw-retry">重试</button>' : "") + "</div>";
  };

  function dispatch() {
    var hash = location.hash;
    if (hash && hash.indexOf("#/") !== 0) { return; }      // an in-page anchor, not a route
    var cur = FC.current();
    FC.$("#dialogHost").innerHTML = "";                     // a view's dialogs end with the view
    FC.renderId += 1;
    var token = FC.renderId;
    document.body.classList.toggle("is-home", cur.path === "/" || cur.path === "");
    FC.$$(".zw-nav a").forEach(function (a) {
      var nav = a.getAttribute("data-nav");
      var on = nav === "/" ? (cur.path === "/" || cur.path === "") : cur.path.indexOf(nav) === 0;
      if (on) { a.setAttribute("aria-current", "page"); } else { a.removeAttribute("aria-current"); }
    });
    for (var i = 0; i < FC.routes.length; i++) {
      var m = FC.routes[i].pattern.exec(cur.path || "/");
      if (m) { FC.routes[i].handler(m, cur.query, token); return; }
    }
    FC.render('<section class="zw-card"><h1>页面不存在</h1><p>您访问的页面不存在或已下线。</p>' +
              '<p><a href="#/">返回首页</a></p></section>', "页面不存在");
  }
  FC.dispatch = dispatch;

  /* header: who is signed in (the masked name), 登录 that comes back to the current view */
  FC.paintUser = function () {
    var area = FC.$("#userArea");
    if (FC.session.signedIn) {
      area.innerHTML = '<span class="zw-uname">' + FC.esc(FC.session.name) + '</span>' +
        '<a href="#/user">个人中心</a><a href="/auth/logout">退出</a>';
    } else {
      area.innerHTML = '<a href="/auth/login" id="loginLink">登录</a><a href="' +
        FC.esc(area.getAttribute("data-register")) + '">注册</a>';
      FC.$("#loginLink").addEventListener("click", function (e) { e.preventDefault(); FC.login(); });
    }
  };

  /* modal dialogs (the notice and the receipt): focus inside, Tab kept inside, the page behind inert */
  FC.modalOpen = function () { return !!FC.$(".zw-modal-open"); };
  FC.trapFocus = function (box) {
    box.addEventListener("keydown", function (e) {
      if (e.key !== "Tab") { return; }
      var f = FC.$$("a[href], button:not([disabled]), input, [tabindex='0']", box);
      if (!f.length) { return; }
      if (e.shiftKey && document.activeElement === f[0]) { e.preventDefault(); f[f.length - 1].focus(); }
      else if (!e.shiftKey && document.activeElement === f[f.length - 1]) { e.preventDefault(); f[0].focus(); }
    });
  };
  FC.dialog = function (html, labelId, onClose) {
    var layer = document.createElement("div");
    layer.className = "zw-layer zw-modal-open";
    layer.innerHTML = '<div class="zw-dialog" role="dialog" aria-modal="true" aria-labelledby="' + labelId + '">' +
      html + "</div>";
    FC.$("#dialogHost").appendChild(layer);
    var box = FC.$(".zw-dialog", layer);
    FC.trapFocus(box);
    function close() { layer.remove(); if (onClose) { onClose(); } }
    box.addEventListener("keydown", function (e) { if (e.key === "Escape") { close(); } });
    var first = FC.$("h2", box);
    first.setAttribute("tabindex", "-1");
    first.focus();
    return close;
  };

  /* the first-visit notice (remembered in localStorage; with the defect notice_every_view, never
     remembered and shown again on every view) and the cookie bar (until 同意) */
  FC.obstacles = function () {
    var store = window.localStorage;
    var notice = FC.$("#notice");
    var everyView = document.body.getAttribute("data-notice-every-view") === "1";
    function show() {
      if (!notice.hidden) { return; }
      notice.hidden = false;
      notice.classList.add("zw-modal-open");
      FC.$("#noticeOk").focus();
    }
    FC.trapFocus(notice);
    FC.$("#noticeOk").addEventListener("click", function () {
      if (!everyView) { store.setItem("zw_notice_20251220", "read"); }
      notice.hidden = true;
      notice.classList.remove("zw-modal-open");
      var h1 = FC.$("#app h1");
      if (h1) { h1.setAttribute("tabindex", "-1"); h1.focus(); }
    });
    if (everyView || store.getItem("zw_notice_20251220") !== "read") { show(); }
    if (everyView) { window.addEventListener("hashchange", show); }
    var bar = FC.$("#cookieBar");
    if (store.getItem("zw_cookie_consent") !== "yes") {
      bar.hidden = false;
      document.body.classList.add("has-cookie-bar");
      FC.$("#cookieOk").addEventListener("click", function () {
        store.setItem("zw_cookie_consent", "yes");
        bar.hidden = true;
        document.body.classList.remove("has-cookie-bar");
      });
    }
  };

  /* the header's search box (hidden on the home, which has its own) */
  FC.searchForm = function (form) {
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var q = form.elements.q.value.trim();
      if (q) { FC.go("/search?q=" + encodeURIComponent(q)); }
    });
  };
}());
