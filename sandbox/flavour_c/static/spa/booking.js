/* View: 网上预约 (#/booking/<no>, sign-in needed), reached by 网上预约 on a guide. A select 办理大厅, day buttons
   (group 预约日期, each named 「12月4日 周五」, aria-pressed), slot buttons (group 预约时段, each named by its
   time 「09:00-10:00」, described by the 剩余 N / 已约满 under it; a full one is disabled), then
   提交预约 → a dialog 确认预约 (取消 / 确认预约) → the dialog 预约成功 with the 预约号, 查看我的预约, 关闭. */
(function () {
  "use strict";
  var FC = window.FC, esc = FC.esc;

  FC.route(/^\/booking\/(\d+)$/, function (m, query, token) {
    var no = m[1], route = "/booking/" + no;
    if (!FC.session.signedIn) { FC.login(route); return; }
    var st = {d: null, hall: "", day: "", slot: "", slots: []};

    function slotButtons() {
      var box = FC.$("#slotBox");
      if (!st.slots.length) { box.innerHTML = '<p class="zw-status">正在查询号源…</p>'; return; }
      var none = st.slots.every(function (s) { return s.full; });
      box.innerHTML = (none ? '<p class="zw-status" role="status">所选日期的号源已约满，请选择其他日期或大厅。</p>' : "") +
        '<div class="zw-slots" role="group" aria-label="预约时段">' + st.slots.map(function (s) {
          var left = "left-" + s.time.replace(/\W/g, "");
        return '<div class="zw-slot-box"><button type="button" class="zw-slot" aria-describedby="' + left +
            '" data-time="' + esc(s.time) + '"' + (s.full ? " disabled" : "") + ' aria-pressed="' + (st.slot === s.time) +
            '">' + esc(s.time) + '</button><span class="zw-left' + (s.full ? " zw-full" : "") + '" id="' + left + '">' +
            (s.full ? "已约满" : "剩余 " + s.left) + "</span></div>";
        }).join("") + "</div>";
      FC.$$(".zw-slot", box).forEach(function (b) {
        b.addEventListener("click", function () { st.slot = b.getAttribute("data-time"); slotButtons(); });
      });
      FC.$("#bookBtn").disabled = none;
    }

    function loadSlots() {
      st.slots = [];
      st.slot = "";
      slotButtons();
      FC.api("/api/booking/" + no + "/slots?hall=" + encodeURIComponent(st.hall) + "&day=" + encodeURIComponent(st.day))
        .then(function (r) {
          if (!FC.isCurrent(token)) { return; }
          if (r.status === 401) { FC.login(route); return; }
          if (!r.ok) { FC.$("#slotBox").innerHTML = FC.errorBox(r.data.msg || "号源查询失败，请稍后重试。"); return; }
          st.slots = r.data.slots;
          slotButtons();
        });
    }

    function days() {
      return '<div class="zw-days" role="group" aria-label="预约日期">' + st.d.days.map(function (d) {
        return '<button type="button" class="zw-day" data-day="' + esc(d.value) + '" aria-pressed="' + (d.value === st.day) +
          '">' + esc(d.label) + "</button>"; }).join("") + "</div>";
    }

    function view() {
      var hall = st.d.halls.filter(function (h) { return h.id === st.hall; })[0];
      FC.render('<nav class="zw-crumb" aria-label="当前位置"><a href="#/">首页</a><span aria-hidden="true"> &gt; </span>' +
        '<a href="#/item/' + no + '">办事指南</a><span aria-hidden="true"> &gt; </span><span>网上预约</span></nav>' +
        '<section class="zw-card zw-booking"><h1>网上预约：' + esc(st.d.name) + "</h1>" +
        '<div class="zw-field"><label for="hallSel">办理大厅</label><select id="hallSel">' + st.d.halls.map(function (h) {
          return '<option value="' + esc(h.id) + '"' + (h.id === st.hall ? " selected" : "") + ">" + esc(h.name) + "</option>"; }).join("") +
        '</select><p class="zw-hint">地址：' + esc(hall.address) + "</p></div>" +
        '<h2 class="zw-sub">预约日期</h2><div id="dayBox">' + days() + "</div>" +
        '<h2 class="zw-sub">预约时段</h2><div id="slotBox"></div>' +
        '<p class="zw-ferr" id="bookErr" role="alert"></p>' +
        '<div class="zw-form-actions"><button type="button" class="zw-btn zw-btn-main" id="bookBtn">提交预约</button></div>' +
        "</section>", "网上预约");
      FC.$("#hallSel").addEventListener("change", function (e) { st.hall = e.target.value; view(); });
      FC.$$(".zw-day").forEach(function (b) {
        b.addEventListener("click", function () {
          st.day = b.getAttribute("data-day");
          view();
        });
      });
      FC.$("#bookBtn").addEventListener("click", confirm);
      loadSlots();
    }

    function confirm() {
      var err = FC.$("#bookErr");
      if (!st.slot) { err.textContent = "请选择预约时段。"; return; }
      err.textContent = "";
      var hall = st.d.halls.filter(function (h) { return h.id === st.hall; })[0];
      var day = st.d.days.filter(function (d) { return d.value === st.day; })[0];
      var rows = [["预约事项", st.d.name], ["办理大厅", hall.name], ["大厅地址", hall.address], ["预约日期", day.label],
                  ["预约时段", st.slot]];
      var close = FC.dialog('<h2 id="bookConfirmTitle">确认预约</h2><dl class="zw-receipt">' + rows.map(function (r) {
          return "<dt>" + r[0] + "</dt><dd>" + esc(r[1]) + "</dd>"; }).join("") + "</dl>" +
        '<p class="zw-ferr" id="confirmErr" role="alert"></p>' +
        '<div class="zw-form-actions"><button type="button" class="zw-btn zw-btn-line" id="confirmCancel">取消</button>' +
        '<button type="button" class="zw-btn zw-btn-main" id="confirmOk">确认预约</button></div>', "bookConfirmTitle");
      FC.$("#confirmCancel").addEventListener("click", function () { close(); });
      FC.$("#confirmOk").addEventListener("click", function () {
        var ok = FC.$("#confirmOk");
        ok.disabled = true;
        FC.api("/api/booking/" + no, {method: "POST", json: {hall: st.hall, day: st.day, slot: st.slot}}).then(function (r) {
          if (!FC.isCurrent(token)) { return; }
          if (r.status === 401) { FC.login(route); return; }
          if (!r.ok) {
            ok.disabled = false;
            FC.$("#confirmErr").textContent = r.data.msg || ("预约失败（HTTP " + r.status + "），请稍后重试。");
            return;
          }
          close();
          done(r.data);
        });
      });
    }

    function done(d) {
      var rows = [["预约号", d.bookingNo], ["预约事项", d.itemName], ["办理大厅", d.hall], ["大厅地址", d.address],
                  ["预约日期", d.day], ["预约时段", d.slot], ["预约状态", d.status]];
      var close = FC.dialog('<h2 id="bookDoneTitle">预约成功</h2><p>请按预约时段到大厅，凭预约号取号办理。</p>' +
        '<dl class="zw-receipt">' + rows.map(function (r) { return "<dt>" + r[0] + "</dt><dd>" + esc(r[1]) + "</dd>"; }).join("") +
        '</dl><div class="zw-form-actions"><a class="zw-btn zw-btn-main" href="#/user/bookings">查看我的预约</a>' +
        '<button type="button" class="zw-btn zw-btn-line" id="bookDoneClose">关闭</button></div>', "bookDoneTitle",
        function () { loadSlots(); });
      FC.$("#bookDoneClose").addEventListener("click", function () { close(); });
    }

    FC.render('<p class="zw-loading">正在加载…</p>', "网上预约");
    FC.api("/api/booking/" + no).then(function (r) {
      if (!FC.isCurrent(token)) { return; }
      if (r.status === 401) { FC.login(route); return; }
      if (!r.ok) { FC.render('<section class="zw-card"><h1>网上预约</h1>' + FC.errorBox(r.data.msg || "加载失败。") + "</section>", "网上预约"); return; }
      st.d = r.data;
      st.hall = st.d.halls[0].id;
      st.day = st.d.days[0].value;
      view();
    });
  });
}());
