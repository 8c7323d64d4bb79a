/* Deferral Desk: a <details data-open-from="768"> is folded on a phone and open from that width (in CSS
   pixels) up, so a long text does not push the page down on a small screen yet is there to read on a
   wide one. Folded without JavaScript. No user-visible text lives here. */
(function () {
  "use strict";
  if (!window.matchMedia) return;
  document.querySelectorAll("details[data-open-from]").forEach(function (details) {
    var wide = window.matchMedia("(min-width: " + parseInt(details.dataset.openFrom, 10) + "px)");
    function follow() { details.open = wide.matches; }
    follow();
    if (wide.addEventListener) wide.addEventListener("change", follow);
  });
})();
