/* The 长辈版 advert of defect elderly_popup: plain divs, closed by the "×" div. */
(function () {
  "use strict";
  var close = document.querySelector(".zl-ad-close");
  close.addEventListener("click", function () {
    document.querySelector(".zl-ad-mask").remove();
    document.querySelector(".zl-ad-box").remove();
  });
}());
