/* Deferral Desk: keep what a person typed in a form until the server has saved it. A form opts in with
   data-keep-draft="<key>"; what is typed is kept in this browser's local storage under that key, put back
   when the form is shown again unsaved (an expired form, a lost connection, a closed tab), and dropped
   once a send has gone through. No user-visible text lives here: it comes from data-* attributes. */
(function () {
  "use strict";

  var PREFIX = "dd-draft:";
  var PENDING = "dd-draft-pending";
  var SKIP = { csrfmiddlewaretoken: true, version: true, idempotency_key: true, action: true };

  function storage() {
    try { return window.localStorage; } catch (error) { return null; }
  }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !SKIP[el.name] && el.type !== "hidden" && el.type !== "submit" && el.type !== "button" && el.type !== "file";
    });
  }

  function read(form) {
    var values = {};
    fields(form).forEach(function (el) {
      if (el.type === "radio") { if (el.checked) values[el.name] = el.value; }
      else if (el.type === "checkbox") {
        values[el.name] = values[el.name] || [];
        if (el.checked) values[el.name].push(el.value);
      } else { values[el.name] = el.value; }
    });
    return values;
  }

  function write(form, values) {
    fields(form).forEach(function (el) {
      if (!Object.prototype.hasOwnProperty.call(values, el.name)) return;
      var value = values[el.name];
      if (el.type === "radio") el.checked = el.value === value;
      else if (el.type === "checkbox") el.checked = Array.isArray(value) && value.indexOf(el.value) !== -1;
      else el.value = value;
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  var store = storage();
  if (!store) return;

  // Did this page come from a redirect? The server answers a send it took with one (post/redirect/get),
  // even when it shows the same form again (work it out, add a row); a refused send is answered in place.
  function redirected() {
    try {
      var entry = window.performance.getEntriesByType("navigation")[0];
      return !!entry && entry.redirectCount > 0;
    } catch (error) { return false; }
  }

  // A send that left the page. Kept when this page refuses it (expired form, error page, the log-in page
  // of an expired session) or shows the same form again in place (with its errors). Otherwise the server
  // took it, so the draft is done with.
  var pending = null;
  try { pending = JSON.parse(window.sessionStorage.getItem(PENDING) || "null"); } catch (error) { pending = null; }
  if (pending) {
    window.sessionStorage.removeItem(PENDING);
    var refused = document.querySelector("[data-form-refused]");
    var again = document.querySelector('form[data-keep-draft="' + pending + '"]');
    if (!refused && (redirected() || !again)) store.removeItem(PREFIX + pending);
  }

  document.querySelectorAll("form[data-keep-draft]").forEach(function (form) {
    var key = PREFIX + form.dataset.keepDraft;
    var shown = read(form);
    var saved = null;
    try { saved = JSON.parse(store.getItem(key) || "null"); } catch (error) { saved = null; }
    var hasErrors = !!form.closest("main").querySelector("#form-errors");
    if (saved && saved.values && !same(saved.values, shown) && !hasErrors) {
      write(form, saved.values);
      var notice = document.querySelector("[data-draft-restored]");
      if (notice) {
        notice.hidden = false;
        var discard = notice.querySelector("[data-draft-discard]");
        if (discard) discard.addEventListener("click", function () {
          store.removeItem(key);
          write(form, shown);
          notice.hidden = true;
        });
      }
    }
    function keep() {
      try { store.setItem(key, JSON.stringify({ savedAt: Date.now(), values: read(form) })); } catch (error) { /* full: nothing to do */ }
    }
    form.addEventListener("input", keep);
    form.addEventListener("change", keep);
    form.addEventListener("submit", function () {
      keep();
      try { window.sessionStorage.setItem(PENDING, JSON.stringify(form.dataset.keepDraft)); } catch (error) { /* ignore */ }
    });
  });
})();
