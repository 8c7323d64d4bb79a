/* Deferral Desk: the documents section (upload, delete). Without this script the forms post and the page
   reloads. With it they post in the background and only the section is replaced, so nothing typed in the
   page's other form (the hardship step) is lost; a file over the size limit is refused before it is sent.
   No user-visible text lives here: the words come from data-* attributes filled by the templates. */
(function () {
  "use strict";

  function showError(form, message) {
    var input = form.querySelector("input[type=file]");
    var old = form.querySelector("[data-evidence-client-error]");
    if (old) old.remove();
    var note = document.createElement("div");
    note.className = "invalid-feedback d-block";
    note.setAttribute("data-evidence-client-error", "");
    note.setAttribute("role", "alert");
    note.textContent = message;
    input.parentNode.appendChild(note);
  }

  function tooLarge(form) {
    var limit = parseInt(form.getAttribute("data-max-bytes"), 10);
    var inputs = form.querySelectorAll("input[type=file]");
    for (var i = 0; i < inputs.length; i++) {
      var files = inputs[i].files || [];
      for (var j = 0; j < files.length; j++) {
        if (files[j].size > limit) return true;
      }
    }
    return false;
  }

  function replaceSection(section, html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var fresh = doc.querySelector("[data-evidence-section]");
    if (!fresh) return false;
    var alerts = doc.querySelectorAll("main > .alert");
    for (var i = 0; i < alerts.length; i++) {
      fresh.querySelector(".card-body").insertBefore(alerts[i], fresh.querySelector(".card-body").children[1]);
    }
    section.replaceWith(fresh);
    bind(fresh);
    return true;
  }

  function submitInBackground(section, form) {
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (!replaceSection(section, html)) form.submit();
      })
      .catch(function () {
        if (button) button.disabled = false;
        form.submit();
      });
  }

  function bind(section) {
    var forms = section.querySelectorAll("form");
    for (var i = 0; i < forms.length; i++) {
      forms[i].addEventListener("submit", function (event) {
        var form = event.currentTarget;
        var confirmText = form.getAttribute("data-confirm");
        if (confirmText && !window.confirm(confirmText)) {
          event.preventDefault();
          return;
        }
        if (form.hasAttribute("data-evidence-upload") && tooLarge(form)) {
          event.preventDefault();
          showError(form, form.getAttribute("data-too-large"));
          return;
        }
        if (!window.fetch || !window.FormData || !window.DOMParser) return;
        event.preventDefault();
        submitInBackground(section, form);
      });
    }
  }

  var sections = document.querySelectorAll("[data-evidence-section]");
  for (var i = 0; i < sections.length; i++) bind(sections[i]);
})();
