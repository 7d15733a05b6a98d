/* 好差评: the level icons (buttons named only by title/aria-label) fill the hidden `level`; a 差评
   (不满意/非常不满意) shows the 差评原因 boxes. The server checks the same rules. */
(function () {
  "use strict";
  var form = document.getElementById("evalForm");
  if (!form) { return; }
  var level = document.getElementById("level"), reasons = document.getElementById("reasons");
  Array.prototype.forEach.call(form.querySelectorAll(".hp-face"), function (face, i, all) {
    face.addEventListener("click", function () {
      Array.prototype.forEach.call(all, function (f) { f.setAttribute("aria-pressed", String(f === face)); });
      level.value = face.getAttribute("data-level");
      reasons.hidden = face.getAttribute("data-bad") !== "1";
    });
  });
}());
