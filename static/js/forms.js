/* Deferral Desk: small helpers for the wizard and the contact log. No user-visible text lives here:
   every word comes from data-* attributes the templates fill with translated strings. */
(function () {
  "use strict";

  // Amounts as whole cents, the way the server reads them ("¥1,250.5" → 125050); null when malformed.
  function parseCents(text) {
    if (text === undefined || text === null) return null;
    var cleaned = String(text).replace(/[¥￥,，\s]/g, "");
    if (cleaned === "") return null;
    var match = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(cleaned);
    if (!match) return null;
    var cents = parseInt(match[2], 10) * 100 + parseInt(((match[3] || "") + "00").slice(0, 2), 10);
    return match[1] ? -cents : cents;
  }

  function money(cents) {
    var negative = cents < 0;
    var abs = Math.abs(cents);
    var yuan = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    var fen = String(abs % 100).padStart(2, "0");
    return (negative ? "-" : "") + "¥" + yuan + "." + fen;
  }

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

  // Monthly capacity as you type: income − essential expenses − other debt payments (services.finances).
  function setUpCapacity() {
    var box = document.querySelector("[data-capacity-live]");
    if (!box) return;
    var income = document.querySelector(box.dataset.income);
    var expenses = document.querySelector(box.dataset.expenses);
    var other = document.querySelector(box.dataset.other);
    var output = box.querySelector("[data-capacity-output]");
    var warning = box.querySelector("[data-capacity-warning]");
    function update() {
      var a = parseCents(income.value), b = parseCents(expenses.value);
      var c = other.value.trim() === "" ? 0 : parseCents(other.value);
      if (a === null || b === null || c === null) {
        output.textContent = "—";
        warning.classList.add("d-none");
        return;
      }
      var capacity = a - b - c;
      output.textContent = money(capacity);
      warning.classList.toggle("d-none", capacity > 0);
    }
    [income, expenses, other].forEach(function (input) { input.addEventListener("input", update); });
    update();
  }

  // Schedule rows: add and remove rows, running total and the gap to what must be repaid.
  function setUpSchedule() {
    var section = document.querySelector("[data-schedule]");
    if (!section) return;
    var rows = section.querySelector("[data-rows]");
    var template = section.querySelector("template[data-row-template]");
    var total = document.getElementById("id_payments-TOTAL_FORMS");
    var addButton = section.querySelector("[data-add-row]");
    var totalOutput = section.querySelector("[data-total]");
    var gapOutput = section.querySelector("[data-gap]");
    var capacity = parseCents(section.dataset.capacity);
    var amountDue = parseCents(section.dataset.amountDue);
    var daysInput = document.querySelector(section.dataset.daysInput);
    var toRepay = document.querySelector("[data-to-repay]");
    // The rate as millionths, so the charge is exact integer arithmetic (services.finances rounds half up).
    var rateMicro = /^\d+(\.\d{1,6})?$/.test(section.dataset.dailyRate || "")
      ? BigInt(Math.round(parseFloat(section.dataset.dailyRate) * 1e6)) : null;

    // What the plan must repay: the amount due plus the estimated charges for the days of deferral typed.
    function target() {
      if (amountDue === null) return parseCents(section.dataset.target);
      var days = daysInput && /^\d+$/.test(daysInput.value.trim()) ? BigInt(parseInt(daysInput.value, 10)) : 0n;
      var charges = 0n;
      if (rateMicro !== null && amountDue > 0) {
        charges = (BigInt(amountDue) * rateMicro * days * 2n + 1000000n) / 2000000n;
      }
      return amountDue + Number(charges);
    }

    function update() {
      var sum = 0;
      rows.querySelectorAll("[data-row]").forEach(function (row) {
        var removed = row.querySelector("[data-row-delete]").checked;
        row.classList.toggle("payment-row-removed", removed);
        var cents = parseCents(row.querySelector("[data-row-amount]").value);
        var over = !removed && cents !== null && capacity !== null && capacity > 0 && cents > capacity;
        row.classList.toggle("payment-row-over", over);
        row.title = over ? section.dataset.textOverCapacity : "";
        if (!removed && cents !== null && cents > 0) sum += cents;
      });
      totalOutput.textContent = money(sum);
      var goal = target();
      if (goal === null) {
        gapOutput.textContent = "";
        return;
      }
      if (toRepay) toRepay.textContent = money(goal);
      var gap = goal - sum;
      gapOutput.classList.remove("text-danger", "text-success", "text-warning");
      if (gap > 0) {
        gapOutput.textContent = fill(section.dataset.textShort, { amount: money(gap) });
        gapOutput.classList.add("text-danger");
      } else if (gap < 0) {
        gapOutput.textContent = fill(section.dataset.textOver, { amount: money(-gap) });
        gapOutput.classList.add("text-warning");
      } else {
        gapOutput.textContent = section.dataset.textExact;
        gapOutput.classList.add("text-success");
      }
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
        update();
      });
    }
    rows.addEventListener("input", update);
    rows.addEventListener("change", update);
    if (daysInput) daysInput.addEventListener("input", update);
    update();
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
  setUpCapacity();
  setUpSchedule();
  setUpCounters();
})();
