/* Views: 个人中心 (#/user 我的信息, #/user/matters 我的办件; sign-in needed) and the public 办件查询
   (#/query: 办件编号 + 查询密码 + 图形验证码). 去评价 opens the 好差评 system (another host) in a new tab. */
(function () {
  "use strict";
  var FC = window.FC, esc = FC.esc;

  function shell(active, title, body) {
    var link = function (path, text) {
      return '<li><a href="#' + path + '"' + (path === active ? ' aria-current="page"' : "") + ">" + text + "</a></li>";
    };
    return '<div class="zw-ucenter"><nav class="zw-side" aria-label="个人中心菜单"><p class="zw-side-title">个人中心</p><ul>' +
      link("/user", "我的信息") + link("/user/matters", "我的办件") + "</ul></nav>" +
      '<section class="zw-card zw-ubody"><h1>' + title + "</h1>" + body + "</section></div>";
  }

  function guarded(route, path, draw) {
    return function (m, query, token) {
      if (!FC.session.signedIn) { FC.login(route); return; }
      FC.render('<p class="zw-loading">正在加载…</p>', "个人中心");
      FC.api(path).then(function (r) {
        if (!FC.isCurrent(token)) { return; }
        if (r.status === 401) { FC.login(route); return; }
        draw(r);
      });
    };
  }

  FC.route(/^\/user$/, guarded("/user", "/api/user/profile", function (r) {
    var d = r.data;
    FC.render(shell("/user", "我的信息", '<table class="zw-table zw-kv"><tbody>' +
      [["姓名", d.name], ["证件类型", d.idType], ["证件号码", d.idNumber], ["手机号码", d.phone]].map(function (x) {
        return '<tr><th scope="row">' + x[0] + "</th><td>" + esc(x[1]) + "</td></tr>"; }).join("") + "</tbody></table>"),
      "个人中心");
  }));

  FC.route(/^\/user\/matters$/, guarded("/user/matters", "/api/user/matters", function (r) {
    var list = r.data.list || [];
    var body = list.length ? '<table class="zw-table"><thead><tr><th scope="col">办件编号</th><th scope="col">事项名称</th>' +
      '<th scope="col">申请时间</th><th scope="col">办理状态</th><th scope="col">操作</th></tr></thead><tbody>' +
      list.map(function (a) {
        var act = a.reviewUrl ? '<a href="' + esc(a.reviewUrl) + '" target="_blank" rel="noopener">去评价</a>'
                              : (a.reviewed ? "已评价" : "—");
        return "<tr><td>" + esc(a.no) + "</td><td>" + esc(a.itemName) + "</td><td>" + esc(a.submittedAt) +
          '</td><td><span class="zw-status-tag">' + esc(a.status) + "</span></td><td>" + act + "</td></tr>"; }).join("") +
      "</tbody></table>" : '<p class="zw-status">您还没有办件。</p>';
    FC.render(shell("/user/matters", "我的办件", body), "我的办件");
  }));

  FC.route(/^\/query$/, function () {
    FC.render('<section class="zw-card zw-query"><h1>办件查询</h1>' +
      '<p class="zw-lead">请输入办件编号和申报成功时获得的查询密码。</p>' +
      '<form class="zw-form" id="queryForm" novalidate>' +
      '<div class="zw-field"><label for="qNo">办件编号</label><input id="qNo" name="no" autocomplete="off"></div>' +
      '<div class="zw-field"><label for="qPassword">查询密码</label><input id="qPassword" name="password" type="password" inputmode="numeric" autocomplete="off"></div>' +
      '<div class="zw-field"><label for="qCaptcha">图形验证码</label><div class="zw-captcha">' +
      '<input id="qCaptcha" name="captcha" maxlength="6" autocomplete="off">' +
      '<img id="captchaImg" src="/api/query/captcha?t=' + Date.now() + '" alt="图形验证码" width="120" height="44">' +
      '<button type="button" class="zw-icon-btn zw-ghost" title="换一张" id="captchaNew"><i class="ic ic-refresh"></i></button>' +
      "</div></div>" +
      '<div class="zw-form-actions"><button type="submit" class="zw-btn zw-btn-main">查询</button></div></form>' +
      '<div id="queryOut"></div></section>', "办件查询");
    FC.$("#captchaNew").addEventListener("click", function () {
      FC.$("#captchaImg").src = "/api/query/captcha?t=" + Date.now();
    });
    FC.$("#queryForm").addEventListener("submit", function (e) {
      e.preventDefault();
      var out = FC.$("#queryOut"), form = e.target;
      out.innerHTML = '<p class="zw-status" role="status">正在查询…</p>';
      FC.api("/api/query", {method: "POST", json: {no: form.elements.no.value.trim(), password: form.elements.password.value,
                                                    captcha: form.elements.captcha.value.trim()}}).then(function (r) {
        if (!r.ok || r.data.code !== 0) {
          out.innerHTML = FC.errorBox(r.data.msg || "查询失败，请稍后再试。");
          FC.$("#captchaImg").src = "/api/query/captcha?t=" + Date.now();
          return;
        }
        var d = r.data.data;
        out.innerHTML = '<table class="zw-table zw-kv" aria-label="办件信息"><tbody>' + Object.keys(d).map(function (k) {
          return '<tr><th scope="row">' + esc(k) + "</th><td>" + esc(d[k]) + "</td></tr>"; }).join("") + "</tbody></table>";
      });
    });
  });
}());
