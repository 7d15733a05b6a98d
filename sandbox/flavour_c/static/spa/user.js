/* Views: 个人中心 (#/user 我的信息, #/user/matters 我的办件, #/user/licences 我的证照 (an API error shows as
   role=alert 我的证照加载失败…), #/user/bookings 我的预约, #/user/subscriptions 消息订阅; sign-in needed) and the public 办件查询
   (#/query: 办件编号 + 查询密码 + 图形验证码). 去评价 opens the 好差评 system (another host) in a new tab. */
(function () {
  "use strict";
  var FC = window.FC, esc = FC.esc;

  function shell(active, title, body) {
    var link = function (path, text) {
      return '<li><a href="#' + path + '"' + (path === active ? ' aria-current="page"' : "") + ">" + text + "</a></li>";
    };
    return '<div class="zw-ucenter"><nav class="zw-side" aria-label="个人中心菜单"><p class="zw-side-title">个人中心</p><ul>' +
      link("/user", "我的信息") + link("/user/matters", "我的办件") + link("/user/licences", "我的证照") +
      link("/user/bookings", "我的预约") + link("/user/subscriptions", "消息订阅") + "</ul></nav>" +
      '<section class="zw-card zw-ubody"><h1>' + title + "</h1>" + body + "</section></div>";
  }

  function guarded(route, path, draw) {
    return function (m, query, token) {
      if (!FC.session.signedIn) { FC.login(route); return; }
      FC.render('<p class="zw-loading">正在加载…</p>', "个人中心");
      FC.api(path).then(function (r) {
        if (!FC.isCurrent(token)) { return; }
        if (r.status === 401) { FC.login(route); return; }
        draw(r, token);
      });
    };
  }

  function table(label, heads, rows) {
    return '<table class="zw-table" aria-label="' + label + '"><thead><tr>' + heads.map(function (h) {
      return '<th scope="col">' + h + "</th>"; }).join("") + "</tr></thead><tbody>" + rows.map(function (cells) {
        return "<tr>" + cells.map(function (c) { return "<td>" + c + "</td>"; }).join("") + "</tr>"; }).join("") +
      "</tbody></table>";
  }

  /* a section whose API failed: what the citizen is told, with the HTTP status */
  function failed(route, title, r) {
    FC.render(shell(route, title, FC.errorBox(title + "加载失败：" + (r.data.msg || "服务异常") + "（HTTP " + r.status +
      "），请稍后重试。")), title);
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

  FC.route(/^\/user\/licences$/, guarded("/user/licences", "/api/user/licences", function (r) {
    if (!r.ok) { failed("/user/licences", "我的证照", r); return; }
    FC.render(shell("/user/licences", "我的证照", '<p class="zw-lead">电子证照由发证部门签发，办事时可免交纸质材料。</p>' +
      table("我的证照", ["证照名称", "证照号码", "发证机关", "有效期", "状态"], r.data.list.map(function (l) {
        return [esc(l.name), esc(l.number), esc(l.issuer), esc(l.valid), esc(l.status)]; }))), "我的证照");
  }));

  FC.route(/^\/user\/bookings$/, guarded("/user/bookings", "/api/user/bookings", function (r) {
    if (!r.ok) { failed("/user/bookings", "我的预约", r); return; }
    var list = r.data.list;
    FC.render(shell("/user/bookings", "我的预约", list.length ? table("我的预约",
      ["预约号", "预约事项", "办理大厅", "预约日期", "预约时段", "状态"], list.map(function (b) {
        return [esc(b.bookingNo), esc(b.itemName), esc(b.hall), esc(b.day), esc(b.slot), esc(b.status)]; }))
      : '<p class="zw-status">您还没有预约。可在办事指南中点击“网上预约”。</p>'), "我的预约");
  }));

  function subscriptions(route, d, token, message) {
    var rows = d.list.map(function (s) {
      return [esc(s.itemName), esc(s.channels.join("、")), esc(s.createdAt),
              '<button type="button" class="zw-icon-btn zw-ghost zw-unsub" title="取消订阅" aria-label="取消订阅' +
              esc(s.itemName) + '" data-item="' + esc(s.itemId) + '"><i class="ic ic-close"></i></button>']; });
    FC.render(shell(route, "消息订阅", '<form class="zw-form" id="subForm" novalidate>' +
      '<div class="zw-field"><label for="subItem">订阅事项</label><select id="subItem"><option value="">请选择事项</option>' +
      d.items.map(function (i) { return '<option value="' + esc(i.itemId) + '">' + esc(i.name) + "</option>"; }).join("") +
      "</select></div><fieldset><legend>通知方式</legend>" + d.channels.map(function (c, n) {
        return '<div class="zw-check"><input type="checkbox" id="ch' + n + '" value="' + esc(c) + '"' + (n === 0 ? " checked" : "") +
          '><label for="ch' + n + '">' + esc(c) + "</label></div>"; }).join("") + "</fieldset>" +
      '<p class="zw-ferr" id="subErr" role="alert"></p>' +
      '<div class="zw-form-actions"><button type="submit" class="zw-btn zw-btn-main">订阅</button></div></form>' +
      (message ? '<p class="zw-status" role="status">' + esc(message) + "</p>" : "") +
      '<h2 class="zw-sub">我的订阅</h2>' + (rows.length ? table("我的订阅", ["事项名称", "通知方式", "订阅时间", "操作"], rows)
        : '<p class="zw-status">您还没有订阅任何事项。</p>')), "消息订阅");
    FC.$("#subForm").addEventListener("submit", function (e) {
      e.preventDefault();
      var item = FC.$("#subItem"), channels = FC.$$("#subForm input[type=checkbox]").filter(function (c) {
        return c.checked; }).map(function (c) { return c.value; });
      FC.api("/api/user/subscriptions", {method: "POST", json: {itemId: item.value, channels: channels}}).then(function (r) {
        if (!FC.isCurrent(token)) { return; }
        if (!r.ok) { FC.$("#subErr").textContent = r.data.msg || "订阅失败，请稍后重试。"; return; }
        subscriptions(route, r.data, token, "已订阅“" + item.options[item.selectedIndex].text + "”的消息通知。");
      });
    });
    FC.$$(".zw-unsub").forEach(function (b) {
      b.addEventListener("click", function () {
        FC.api("/api/user/subscriptions/" + b.getAttribute("data-item") + "/cancel", {method: "POST", json: {}}).then(function (r) {
          if (FC.isCurrent(token) && r.ok) { subscriptions(route, r.data, token, "已取消订阅。"); }
        });
      });
    });
  }

  FC.route(/^\/user\/subscriptions$/, guarded("/user/subscriptions", "/api/user/subscriptions", function (r, token) {
    if (!r.ok) { failed("/user/subscriptions", "消息订阅", r); return; }
    subscriptions("/user/subscriptions", r.data, token, "");
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
