/* View: the 在线办理 wizard (#/apply/<no>), three steps inside the view (no route change, no document
   load): 1 填写申请信息 (applicant prefilled from the identity), 2 上传申请材料 (hidden file inputs behind
   「点击或拖拽上传」 labels; each file is uploaded when chosen), 3 确认提交 (a 承诺 box, 提交申请). The receipt
   is a dialog (role=dialog) with 办件编号 and 查询密码; it has no address of its own. */
(function () {
  "use strict";
  var FC = window.FC, esc = FC.esc;
  var STEPS = ["填写申请信息", "上传申请材料", "确认提交"];

  function field(id, label, value, opts) {
    opts = opts || {};
    var req = opts.required ? '<span class="zw-req" aria-hidden="true">*</span>' : "";
    var input = opts.textarea
      ? '<textarea id="' + id + '" name="' + id + '" rows="3"' + (opts.required ? " required" : "") + ">" + esc(value) + "</textarea>"
      : '<input id="' + id + '" name="' + id + '" value="' + esc(value) + '"' + (opts.readonly ? " readonly" : "") +
        (opts.required ? " required" : "") + ">";
    return '<div class="zw-field"><label for="' + id + '">' + esc(label) + req + "</label>" + input +
      (opts.required ? '<p class="zw-ferr" id="err-' + id + '" role="alert"></p>' : "") + "</div>";
  }

  FC.route(/^\/apply\/(\d+)$/, function (m, query, token) {
    var no = m[1], route = "/apply/" + no;
    if (!FC.session.signedIn) { FC.login(route); return; }
    var st = {step: 1, address: "", reason: "", files: {}, promise: false, d: null};

    function frame(body) {
      return '<nav class="zw-crumb" aria-label="当前位置"><a href="#/">首页</a><span aria-hidden="true"> &gt; </span>' +
        '<a href="#/item/' + no + '">办事指南</a><span aria-hidden="true"> &gt; </span><span>在线办理</span></nav>' +
        '<section class="zw-card zw-wizard"><h1>在线办理：' + esc(st.d.name) + "</h1>" +
        '<ol class="zw-steps" aria-label="办理步骤">' + STEPS.map(function (s, i) {
          return "<li" + (i + 1 === st.step ? ' aria-current="step" class="on"' : (i + 1 < st.step ? ' class="done"' : "")) +
            '><span class="zw-step-no">' + (i + 1) + "</span>" + s + "</li>"; }).join("") + "</ol>" + body + "</section>";
    }

    function step1() {
      var a = st.d.applicant;
      FC.render(frame('<form class="zw-form" id="wizForm" novalidate>' +
        "<fieldset><legend>申请人信息</legend><div class=\"zw-grid\">" +
        field("applicantName", "申请人姓名", a.name, {readonly: true}) +
        field("idType", "证件类型", a.idType, {readonly: true}) +
        field("idNumber", "证件号码", a.idNumber, {readonly: true}) +
        field("mobile", "手机号码", a.phone, {readonly: true}) + "</div></fieldset>" +
        "<fieldset><legend>申请信息</legend>" +
        field("address", "通讯地址", st.address, {required: true}) +
        field("reason", "申请事由", st.reason, {required: true, textarea: true}) + "</fieldset>" +
        '<div class="zw-form-actions"><button type="submit" class="zw-btn zw-btn-main">下一步</button></div></form>'),
        "在线办理");
      FC.$("#wizForm").addEventListener("submit", function (e) {
        e.preventDefault();
        st.address = FC.$("#address").value.trim();
        st.reason = FC.$("#reason").value.trim();
        FC.$("#err-address").textContent = st.address ? "" : "请填写通讯地址。";
        FC.$("#err-reason").textContent = st.reason ? "" : "请填写申请事由。";
        if (st.address && st.reason) { st.step = 2; step2(); }
      });
    }

    function upload(n, file) {
      var state = FC.$("#state-" + n), err = FC.$("#err-file" + n);
      state.textContent = "正在上传 " + file.name + "…";
      err.textContent = "";
      var form = new FormData();
      form.append("n", String(n));
      form.append("file", file);
      FC.api("/api/apply/" + no + "/files", {method: "POST", form: form}).then(function (r) {
        if (r.ok) {
          st.files[n] = {fileId: r.data.fileId, name: r.data.name};
          state.textContent = "已上传：" + r.data.name;
        } else {
          delete st.files[n];
          state.textContent = "未上传";
          err.textContent = r.data.msg || "上传失败，请重试。";
        }
      });
    }

    function step2() {
      FC.render(frame('<div class="zw-uploads">' + st.d.materials.map(function (mat) {
        var n = mat.n, done = st.files[n];
        return '<div class="zw-up" role="group" aria-labelledby="mat-' + n + '">' +
          '<p class="zw-up-name" id="mat-' + n + '">' + esc(mat.name) + '<span class="zw-req-tag">必要</span></p>' +
          '<label class="zw-drop" for="file' + n + '" tabindex="0"><i class="ic ic-upload"></i><span>点击或拖拽上传</span></label>' +
          '<input type="file" id="file' + n + '" data-n="' + n + '" accept=".pdf,.jpg,.jpeg,.png" hidden>' +
          '<p class="zw-up-state" id="state-' + n + '" aria-live="polite">' + (done ? "已上传：" + esc(done.name) : "未上传") + "</p>" +
          '<p class="zw-ferr" id="err-file' + n + '" role="alert"></p></div>'; }).join("") + "</div>" +
        '<p class="zw-hint">支持 PDF、JPG、PNG 格式，单个文件不超过 5MB。</p>' +
        '<p class="zw-ferr" id="err-step2" role="alert"></p>' +
        '<div class="zw-form-actions"><button type="button" class="zw-btn zw-btn-line" id="prevBtn">上一步</button>' +
        '<button type="button" class="zw-btn zw-btn-main" id="nextBtn">下一步</button></div>'), "在线办理");
      FC.$$(".zw-up input[type=file]").forEach(function (input) {
        var n = Number(input.getAttribute("data-n")), drop = input.previousElementSibling;
        input.addEventListener("change", function () { if (input.files.length) { upload(n, input.files[0]); } });
        drop.addEventListener("keydown", function (e) {
          if (e.key === "Enter" || e.key === " ") { e.preventDefault(); input.click(); }
        });
        drop.addEventListener("dragover", function (e) { e.preventDefault(); drop.classList.add("over"); });
        drop.addEventListener("dragleave", function () { drop.classList.remove("over"); });
        drop.addEventListener("drop", function (e) {
          e.preventDefault();
          drop.classList.remove("over");
          if (e.dataTransfer.files.length) { upload(n, e.dataTransfer.files[0]); }
        });
      });
      FC.$("#prevBtn").addEventListener("click", function () { st.step = 1; step1(); });
      FC.$("#nextBtn").addEventListener("click", function () {
        var missing = st.d.materials.filter(function (mat) { return !st.files[mat.n]; });
        if (missing.length) {
          FC.$("#err-step2").textContent = "请上传：" + missing.map(function (mat) { return mat.name; }).join("、");
          return;
        }
        st.step = 3;
        step3();
      });
    }

    function step3() {
      var a = st.d.applicant;
      var rows = [["事项名称", st.d.name], ["申请人", a.name], ["证件号码", a.idNumber], ["手机号码", a.phone],
                  ["通讯地址", st.address], ["申请事由", st.reason]];
      FC.render(frame('<table class="zw-table zw-kv"><caption>申请信息</caption><tbody>' + rows.map(function (r) {
        return '<tr><th scope="row">' + r[0] + "</th><td>" + esc(r[1]) + "</td></tr>"; }).join("") + "</tbody></table>" +
        '<h2 class="zw-sub">已上传材料</h2><ul class="zw-filelist">' + st.d.materials.map(function (mat) {
          return "<li>" + esc(mat.name) + "：" + esc(st.files[mat.n].name) + "</li>"; }).join("") + "</ul>" +
        '<div class="zw-check"><input type="checkbox" id="promise"><label for="promise">本人承诺所填写的信息和提交的材料真实、有效</label></div>' +
        '<p class="zw-ferr" id="err-step3" role="alert"></p>' +
        '<div class="zw-form-actions"><button type="button" class="zw-btn zw-btn-line" id="prevBtn">上一步</button>' +
        '<button type="button" class="zw-btn zw-btn-main" id="submitBtn">提交申请</button></div>'), "在线办理");
      FC.$("#prevBtn").addEventListener("click", function () { st.step = 2; step2(); });
      FC.$("#submitBtn").addEventListener("click", submit);
    }

    function submit() {
      var err = FC.$("#err-step3"), btn = FC.$("#submitBtn");
      if (!FC.$("#promise").checked) { err.textContent = "请阅读并勾选承诺。"; return; }
      err.textContent = "";
      btn.disabled = true;
      var files = {};
      Object.keys(st.files).forEach(function (n) { files[n] = st.files[n].fileId; });
      FC.api("/api/apply/" + no + "/submit", {method: "POST", json: {address: st.address, reason: st.reason,
                                                                     promise: true, files: files}}).then(function (r) {
        if (!FC.isCurrent(token)) { return; }
        btn.disabled = false;
        if (r.status === 401) { FC.login(route); return; }
        if (!r.ok) {
          var detail = r.data.errors ? Object.keys(r.data.errors).map(function (k) { return r.data.errors[k]; }).join("") : "";
          err.textContent = r.status >= 500 ? "提交失败：系统繁忙（HTTP " + r.status + "），请稍后重试。"
                                            : (r.data.msg || "提交失败。") + detail;
          return;
        }
        receipt(r.data);
      });
    }

    function receipt(d) {
      var rows = [["办件编号", d.no], ["事项名称", d.itemName], ["申请人", d.applicant.name], ["证件号码", d.applicant.idNumber],
                  ["提交时间", d.submittedAt], ["办理状态", d.status], ["查询密码", d.queryPassword]];
      FC.dialog('<h2 id="receiptTitle">申报成功</h2><p>您的申请已提交，请牢记办件编号和查询密码。</p>' +
        '<dl class="zw-receipt">' + rows.map(function (r) { return "<dt>" + r[0] + "</dt><dd>" + esc(r[1]) + "</dd>"; }).join("") +
        '</dl><p class="zw-note">凭办件编号和查询密码，可在“办件查询”中查询办理进度。</p>' +
        '<div class="zw-form-actions"><a class="zw-btn zw-btn-main" href="#/user/matters">查看我的办件</a>' +
        '<button type="button" class="zw-btn zw-btn-line" id="receiptClose">关闭</button></div>', "receiptTitle",
        function () { FC.go("/item/" + no); });
      FC.$("#receiptClose").addEventListener("click", function () { FC.go("/item/" + no); });
    }

    FC.render('<p class="zw-loading">正在加载…</p>', "在线办理");
    FC.api("/api/apply/" + no).then(function (r) {
      if (!FC.isCurrent(token)) { return; }
      if (r.status === 401) { FC.login(route); return; }
      if (!r.ok) { FC.render('<section class="zw-card"><h1>在线办理</h1>' + FC.errorBox(r.data.msg || "加载失败。") + "</section>", "在线办理"); return; }
      st.d = r.data;
      step1();
    });
  });
}());
