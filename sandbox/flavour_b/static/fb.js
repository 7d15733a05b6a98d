/* Flavour B: plain-li tabs, client-side search (JSON API, 10 per page), hidden file inputs behind
   上传 buttons, star rating, the 办件进度查询 SPA route, and the 关怀版 pop-up. No framework. */
(function () {
  function $(sel, root) { return (root || document).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) {
    return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]; }); }

  // guide tabs: li elements, no ARIA
  $$(".tab-nav li").forEach(function (li) {
    li.addEventListener("click", function () {
      $$(".tab-nav li").forEach(function (x) { x.classList.toggle("on", x === li); });
      $$(".tab-pane").forEach(function (p) { p.style.display = p.id === "pane-" + li.dataset.pane ? "" : "none"; });
    });
  });

  // search results from /api/search
  var so = $(".so-page");
  if (so) {
    var keyword = so.dataset.keyword, page = 1;
    var status = $("#soStatus"), list = $("#soList"), empty = $("#soEmpty"), pager = $("#soPager");
    function load(p) {
      status.textContent = "正在搜索…"; status.hidden = false;
      list.innerHTML = ""; empty.hidden = true; pager.hidden = true;
      if (!keyword) { status.textContent = "请输入关键词进行搜索。"; return; }
      fetch("/api/search?q=" + encodeURIComponent(keyword) + "&page=" + p, {headers: {"Accept": "application/json"}})
        .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
        .then(function (data) {
          page = data.page;
          if (!data.total) {
            status.hidden = true; $("#soEmptyWord").textContent = keyword; empty.hidden = false; return;
          }
          status.textContent = "为您找到相关事项 " + data.total + " 个";
          list.innerHTML = data.list.map(function (i) {
            return '<li><a href="' + esc(i.url) + '">' + esc(i.name) + '</a><span class="so-meta">' + esc(i.dept) +
              (i.online ? ' · <em>可网上办理</em>' : ' · 窗口办理') + '</span></li>';
          }).join("");
          pager.hidden = data.pages < 2;
          $(".pager-info", pager).textContent = "第 " + data.page + " / " + data.pages + " 页";
          $(".pager-prev", pager).disabled = data.page <= 1;
          $(".pager-next", pager).disabled = data.page >= data.pages;
        })
        .catch(function () { status.textContent = "搜索服务异常，请稍后再试。"; });
    }
    $(".pager-prev", pager).addEventListener("click", function () { load(page - 1); });
    $(".pager-next", pager).addEventListener("click", function () { load(page + 1); });
    load(1);
  }

  // 上传 buttons open the hidden file inputs
  $$(".btn-upload").forEach(function (btn) {
    var input = document.getElementById(btn.dataset.file);
    btn.addEventListener("click", function () { input.click(); });
    input.addEventListener("change", function () {
      var label = document.getElementById("name" + input.id.replace("file", ""));
      label.textContent = input.files.length ? input.files[0].name : "未上传";
      btn.textContent = input.files.length ? "重新上传" : "上传";
    });
  });

  // stars
  var stars = $("#stars");
  if (stars) {
    $$(".star", stars).forEach(function (star) {
      star.addEventListener("click", function () {
        var n = Number(star.dataset.score);
        $("#score").value = n;
        $$(".star", stars).forEach(function (s) { s.classList.toggle("lit", Number(s.dataset.score) <= n); });
        $("#starText").textContent = star.title;
      });
    });
  }

  // 办件进度查询: fetch + history.pushState, no document load
  var app = $("#progressApp");
  if (app) {
    var out = $("#qOut");
    function show(data) {
      if (data.code !== 0) { out.innerHTML = '<div class="q-empty">' + esc(data.msg || "查询失败") + "</div>"; return; }
      out.innerHTML = '<table class="info-table q-result">' + Object.keys(data.data).map(function (k) {
        return "<tr><th>" + esc(k) + "</th><td>" + esc(data.data[k]) + "</td></tr>"; }).join("") + "</table>";
    }
    $("#qBtn").addEventListener("click", function () {
      var no = $("#qNo").value.trim(), name = $("#qName").value.trim();
      out.innerHTML = '<div class="q-loading">查询中…</div>';
      fetch("/api/progress", {method: "POST", credentials: "same-origin",
                              headers: {"Content-Type": "application/json", "X-CSRF-Token": app.dataset.csrf},
                              body: JSON.stringify({no: no, name: name})})
        .then(function (r) { if (r.status >= 500) { throw new Error("HTTP " + r.status); } return r.json(); })
        .then(function (data) { show(data); if (no) { history.pushState({no: no}, "", "/progress/" + encodeURIComponent(no)); } })
        .catch(function () { out.innerHTML = '<div class="q-empty">服务异常，请稍后再试。</div>'; });
    });
  }

  // 智能客服: the floating button opens the panel; answers come from /api/robot/ask
  var robot = $("#robotPanel"), robotBtn = $("#robotBtn");
  if (robot && robotBtn) {
    var msgs = $("#robotMsgs"), input = $("#robotInput");
    function openRobot(open) {
      robot.hidden = !open;
      robotBtn.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) { input.focus(); } else { robotBtn.focus(); }
    }
    function say(cls, html) {
      var div = document.createElement("div");
      div.className = "msg " + cls;
      div.innerHTML = html;
      msgs.appendChild(div);
      msgs.scrollTop = msgs.scrollHeight;
    }
    function ask(question) {
      question = question.trim();
      if (!question) { return; }
      say("me", esc(question));
      input.value = "";
      fetch("/api/robot/ask", {method: "POST", credentials: "same-origin",
                               headers: {"Content-Type": "application/json", "X-CSRF-Token": robot.dataset.csrf},
                               body: JSON.stringify({question: question})})
        .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
        .then(function (data) {
          var d = data.data;
          say("bot", esc(d.answer) + (d.items.length ? "<ol>" + d.items.map(function (i) {
            return '<li><a href="' + esc(i.url) + '">' + esc(i.name) + "</a></li>"; }).join("") + "</ol>" : ""));
        })
        .catch(function () { say("bot err", "智能客服服务异常，请稍后再试。"); });
    }
    robotBtn.addEventListener("click", function () { openRobot(robot.hidden); });
    $(".robot-close", robot).addEventListener("click", function () { openRobot(false); });
    robot.addEventListener("keydown", function (e) { if (e.key === "Escape") { openRobot(false); } });
    $("#robotSend").addEventListener("click", function () { ask(input.value); });
    input.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); ask(input.value); } });
    $$(".robot-q", robot).forEach(function (b) { b.addEventListener("click", function () { ask(b.textContent); }); });
  }

  // the 关怀版 pop-up
  $$(".layer-close").forEach(function (b) {
    b.focus();
    b.addEventListener("click", function () { var m = b.closest(".layer-mask"); if (m) { m.remove(); } });
  });
})();
