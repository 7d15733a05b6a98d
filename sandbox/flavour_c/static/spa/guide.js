/* View: the 办事指南 (#/item/<12 digits>). Sections are an accordion (buttons with aria-expanded; each
   panel is focusable, as wide tables scroll sideways in it on a phone); the
   办理地点及时间 section is an iframe (/guide/place/<no>); the materials table merges 情形 and 材料来源
   cells (rowspan); 空表/样表 are icon links named by title only. */
(function () {
  "use strict";
  var FC = window.FC, esc = FC.esc;

  function pairs(rows) {
    var out = "";
    for (var i = 0; i < rows.length; i += 2) {
      out += "<tr>" + rows.slice(i, i + 2).map(function (r) {
        return '<th scope="row">' + esc(r[0]) + "</th><td>" + esc(r[1]) + "</td>"; }).join("") +
        (i + 1 >= rows.length ? '<td colspan="2"></td>' : "") + "</tr>";
    }
    return '<table class="zw-table zw-kv"><tbody>' + out + "</tbody></table>";
  }

  function files(m) {
    if (!m.blankUrl && !m.sampleUrl) { return "无"; }
    return (m.blankUrl ? '<a class="zw-dl" href="' + esc(m.blankUrl) + '" title="空表下载" download><i class="ic ic-doc"></i></a>' : "") +
      (m.sampleUrl ? '<a class="zw-dl" href="' + esc(m.sampleUrl) + '" title="样表下载" download><i class="ic ic-sample"></i></a>' : "");
  }

  function materials(rows) {
    var head = ["情形", "材料名称", "材料来源", "出具部门", "数量要求", "介质要求", "是否必要", "表格下载"];
    return '<table class="zw-table zw-materials"><thead><tr>' + head.map(function (h) {
      return '<th scope="col">' + h + "</th>"; }).join("") + "</tr></thead><tbody>" + rows.map(function (m) {
        return "<tr>" +
          (m.situationSpan ? '<td rowspan="' + m.situationSpan + '">' + esc(m.situation) + "</td>" : "") +
          "<td>" + esc(m.name) + "</td>" +
          (m.sourceSpan ? '<td rowspan="' + m.sourceSpan + '">' + esc(m.source) + "</td>" : "") +
          "<td>" + esc(m.issuer) + "</td><td>" + esc(m.count) + "</td><td>" + esc(m.medium) + "</td><td>" +
          esc(m.required) + '</td><td class="zw-dls">' + files(m) + "</td></tr>"; }).join("") + "</tbody></table>";
  }

  function flow(rows) {
    return '<table class="zw-table"><thead><tr><th scope="col">办理环节</th><th scope="col">办理时限</th>' +
      '<th scope="col">办理人员</th></tr></thead><tbody>' + rows.map(function (r) {
        return "<tr><td>" + esc(r[0]) + "</td><td>" + esc(r[1]) + "</td><td>" + esc(r[2]) + "</td></tr>"; }).join("") +
      "</tbody></table>";
  }

  function fitFrame(frame) {
    try {
      var doc = frame.contentDocument;
      if (doc && doc.documentElement.scrollHeight) { frame.style.height = (doc.documentElement.scrollHeight + 4) + "px"; }
    } catch (e) { /* a cross-origin page would not tell its height; it keeps the CSS height */ }
  }

  FC.route(/^\/item\/(\d+)$/, function (m, query, token) {
    FC.render('<p class="zw-loading">正在加载办事指南…</p>', "办事指南");
    FC.api("/api/items/" + m[1]).then(function (r) {
      if (!FC.isCurrent(token)) { return; }
      if (!r.ok) {
        FC.render('<section class="zw-card"><h1>事项不存在</h1><p>' + esc(r.data.msg || "未找到该事项。") +
          '</p><p><a href="#/">返回首页</a></p></section>', "事项不存在");
        return;
      }
      var d = r.data;
      var bodies = {basic: pairs(d.basic), materials: materials(d.materials), flow: flow(d.flow),
                    place: '<iframe class="zw-frame" src="' + esc(d.placeUrl) + '" title="办理地点及时间"></iframe>',
                    fee: pairs(d.fee)};
      var online = (d.online
        ? '<a class="zw-btn zw-btn-main" href="' + esc(d.online.url) + '">在线办理</a>'
        : '<p class="zw-note">本事项暂不支持网上办理，请到办理窗口现场办理。</p>') +
        '<a class="zw-btn zw-btn-line" href="' + esc(d.bookingUrl) + '">网上预约</a>';
      FC.render(
        '<nav class="zw-crumb" aria-label="当前位置"><a href="#/">首页</a><span aria-hidden="true"> &gt; </span>' +
        '<a href="#/dept/' + esc(d.dept.code) + '">' + esc(d.dept.name) + '</a><span aria-hidden="true"> &gt; </span>' +
        "<span>办事指南</span></nav>" +
        '<div class="zw-card zw-guide-head"><h1>' + esc(d.name) + "</h1>" +
        '<p class="zw-meta">实施机构：' + esc(d.dept.name) + "　服务对象：" + esc(d.audience || "个人") + "</p>" +
        '<div class="zw-actions">' + online +
        '<button type="button" class="zw-icon-btn zw-ghost" title="收藏" aria-pressed="false" id="favBtn"><i class="ic ic-star"></i></button>' +
        '<button type="button" class="zw-icon-btn zw-ghost" title="打印" id="printBtn"><i class="ic ic-print"></i></button>' +
        "</div></div>" +
        '<div class="zw-acc">' + d.sections.map(function (s, i) {
          var open = i === 0;
          return '<section class="zw-acc-item"><h2 class="zw-acc-h"><button type="button" id="accbtn-' + s.id +
            '" aria-expanded="' + open + '" aria-controls="acc-' + s.id + '"><span>' + esc(s.title) +
            '</span><i class="ic ic-chevron"></i></button></h2><div class="zw-acc-panel" id="acc-' + s.id +
            '" role="region" aria-labelledby="accbtn-' + s.id + '" tabindex="0"' + (open ? "" : " hidden") + ">" + bodies[s.id] +
            "</div></section>"; }).join("") + "</div>", d.name);
      FC.$$(".zw-acc-h button").forEach(function (btn) {
        btn.addEventListener("click", function () {
          var open = btn.getAttribute("aria-expanded") !== "true";
          btn.setAttribute("aria-expanded", String(open));
          var panel = document.getElementById(btn.getAttribute("aria-controls"));
          panel.hidden = !open;
          var frame = FC.$("iframe", panel);
          if (open && frame) { fitFrame(frame); }
        });
      });
      var frame = FC.$(".zw-frame");
      frame.addEventListener("load", function () { fitFrame(frame); });
      FC.$("#favBtn").addEventListener("click", function () {
        var btn = FC.$("#favBtn"), on = btn.getAttribute("aria-pressed") !== "true";
        btn.setAttribute("aria-pressed", String(on));
        btn.title = on ? "取消收藏" : "收藏";
      });
      FC.$("#printBtn").addEventListener("click", function () { window.print(); });
    });
  });
}());
