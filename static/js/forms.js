/* Deferral Desk: small helpers for the wizard and the contact log. No user-visible text lives here:
   every word comes from data-* attributes the templates fill with translated strings. */
(function () {
  "use strict";

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }

  // Installment fields only when "installments" is chosen (the server clears them otherwise).
  function setUpInstallmentToggle() {
    var group = document.querySelector("[data-installment-fields]");
    var radios = document.querySelectorAll('input[name="repayment_mode"]');
    if (!group || !radios.length) return;
    function update() {
      var chosen = document.querySelector('input[name="repayment_mode"]:checked');
      group.hidden = !chosen || chosen.value !== "installments";
    }
    radios.forEach(function (radio) { radio.addEventListener("change", update); });
    update();
  }

  // Live figures (what is left each month, the schedule's running total and its verdict): the server
  // computes them from what is typed (services.step_preview) and answers with the partial to show. Nothing
  // is added up here.
  function setUpLivePreviews() {
    document.querySelectorAll("[data-live-preview]").forEach(function (target) {
      var form = target.closest("form");
      if (!form || !window.fetch || !window.AbortController) return;
      var timer = null;
      var pending = null;
      function refresh() {
        if (pending) pending.abort();
        pending = new AbortController();
        fetch(target.dataset.livePreview, {
          method: "POST", body: new FormData(form), credentials: "same-origin", signal: pending.signal,
        }).then(function (response) {
          return response.ok ? response.text() : null;
        }).then(function (html) {
          if (html === null) return;
          target.innerHTML = html;
          target.dispatchEvent(new CustomEvent("live-preview", { bubbles: true }));
        }).catch(function () { /* a newer request replaced this one, or the network failed: keep the last */ });
      }
      function later() {
        clearTimeout(timer);
        timer = setTimeout(refresh, 250);
      }
      target.dataset.liveInputs.split(",").forEach(function (selector) {
        document.querySelectorAll(selector.trim()).forEach(function (element) {
          element.addEventListener("input", later);
          element.addEventListener("change", later);
        });
      });
      target.addEventListener("live-refresh", refresh);
      refresh();
    });
  }

  // Schedule rows: add and remove rows; the server's preview says which rows fall in a month over what
  // the person can pay, and what must be repaid.
  function setUpSchedule() {
    var section = document.querySelector("[data-schedule]");
    if (!section) return;
    var rows = section.querySelector("[data-rows]");
    var template = section.querySelector("template[data-row-template]");
    var total = document.getElementById("id_payments-TOTAL_FORMS");
    var addButton = section.querySelector("[data-add-row]");
    var preview = section.querySelector("[data-live-preview]");
    var toRepay = document.querySelector("[data-to-repay]");

    function markRemoved() {
      rows.querySelectorAll("[data-row]").forEach(function (row) {
        row.classList.toggle("payment-row-removed", row.querySelector("[data-row-delete]").checked);
      });
    }

    function showPreview() {
      var figures = preview && preview.querySelector("[data-over-rows]");
      if (!figures) return;
      var over = figures.dataset.overRows.split(" ").filter(Boolean);
      rows.querySelectorAll("[data-row]").forEach(function (row) {
        var match = /payments-(\d+)-amount/.exec(row.querySelector("[data-row-amount]").name);
        var isOver = match !== null && over.indexOf(match[1]) !== -1;
        row.classList.toggle("payment-row-over", isOver);
        row.title = isOver ? figures.dataset.overText : "";
      });
      if (toRepay) toRepay.textContent = figures.dataset.toRepayText;
    }

    if (addButton && template && total) {
      addButton.addEventListener("click", function (event) {
        event.preventDefault();
        var index = parseInt(total.value, 10);
        var html = template.innerHTML.replace(/__prefix__/g, String(index));
        rows.insertAdjacentHTML("beforeend", html);
        total.value = String(index + 1);
        var added = rows.lastElementChild;
        var date = added && added.querySelector("[data-row-date]");
        if (date) date.focus();
        if (preview) preview.dispatchEvent(new CustomEvent("live-refresh"));
      });
    }
    rows.addEventListener("change", markRemoved);
    section.addEventListener("live-preview", showPreview);
    markRemoved();
    showPreview();
  }

  // A counter under long text fields; the server keeps the limit, this only says it early.
  function setUpCounters() {
    document.querySelectorAll("form[data-text-counter]").forEach(function (form) {
      form.querySelectorAll("textarea[data-length-limit]").forEach(function (area) {
        var limit = parseInt(area.dataset.lengthLimit, 10);
        var counter = document.createElement("div");
        counter.className = "form-text text-counter";
        counter.setAttribute("aria-live", "polite");
        area.insertAdjacentElement("afterend", counter);
        function update() {
          var count = Array.from(area.value).length;
          var over = count > limit;
          counter.textContent = fill(over ? form.dataset.textOver : form.dataset.textCounter, {
            count: String(count), limit: String(limit), over: String(count - limit),
          });
          counter.classList.toggle("text-danger", over);
        }
        area.addEventListener("input", update);
        update();
      });
    });
  }

  // What we know about the lender picked in the list (every lender's facts are on the page, hidden).
  function setUpLenderFacts() {
    var select = document.getElementById("id_lender");
    var sheets = document.querySelectorAll("[data-lender-facts]");
    if (!select || !sheets.length) return;
    function update() {
      sheets.forEach(function (sheet) { sheet.hidden = sheet.dataset.lenderFacts !== select.value; });
    }
    select.addEventListener("change", update);
    update();
  }

  setUpInstallmentToggle();
  setUpLenderFacts();
  setUpSchedule();
  setUpLivePreviews();
  setUpCounters();
})();
