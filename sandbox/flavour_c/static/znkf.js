/* 智能客服 (znkf): each question and its answer are appended to the role=log 对话记录; answers come from
   POST /api/chat; item links open the portal's guide in a new tab. */
(function () {
  "use strict";
  var log = document.getElementById("kfLog"), form = document.getElementById("kfForm"), text = document.getElementById("kfText");
  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }
  function add(cls, html, alert) {
    var div = document.createElement("div");
    div.className = "kf-msg " + cls;
    if (alert) { div.setAttribute("role", "alert"); }
    div.innerHTML = html;
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
  }
  function ask(question) {
    question = question.trim();
    if (!question) { return; }
    add("kf-me", "<p>" + esc(question) + "</p>");
    text.value = "";
    fetch("/api/chat", {method: "POST", credentials: "same-origin",
                        headers: {"Content-Type": "application/json", "Accept": "application/json",
                                  "X-CSRF-Token": form.getAttribute("data-csrf")},
                        body: JSON.stringify({question: question})})
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (d) { return {ok: r.ok, status: r.status, d: d}; });
      }, function () { return {ok: false, status: 0, d: {}}; })
      .then(function (r) {
        if (!r.ok) {
          add("kf-bot kf-err", "<p>抱歉，智能客服暂时无法回答（HTTP " + r.status + "），请稍后再试或拨打12345。</p>", true);
          return;
        }
        add("kf-bot", "<p>" + esc(r.d.answer) + "</p>" + (r.d.items.length ? "<ol>" + r.d.items.map(function (i) {
          return '<li><a href="' + esc(i.url) + '" target="_blank" rel="noopener">' + esc(i.name) + "</a></li>"; }).join("") + "</ol>"
          : '<p><a href="tel:12345">拨打 12345</a></p>'));
      });
  }
  form.addEventListener("submit", function (e) { e.preventDefault(); ask(text.value); });
  Array.prototype.forEach.call(document.querySelectorAll(".kf-q"), function (b) {
    b.addEventListener("click", function () { ask(b.textContent); });
  });
}());
