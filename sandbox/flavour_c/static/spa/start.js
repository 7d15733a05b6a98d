/* Boot: the notice and cookie bar, the header search, who is signed in, then the first view. */
(function () {
  "use strict";
  var FC = window.FC;
  FC.obstacles();
  FC.searchForm(FC.$("#headerSearch"));
  window.addEventListener("hashchange", FC.dispatch);
  FC.api("/api/session").then(function (r) {
    FC.session = r.ok ? r.data : {signedIn: false, name: null};
    FC.paintUser();
    FC.dispatch();
    FC.focusOnRender = true;   // later views move focus to their heading; the first load keeps it
  });
}());
