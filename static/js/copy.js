// Copy buttons and the print button of the call scripts. Text comes from data attributes, never from
// this file: data-copy-text (what to copy), data-copied-label / data-failed-label (what the button says).
(function () {
  "use strict";

  var status = document.querySelector("[data-copy-status]");
  var timers = new WeakMap();

  function announce(text) {
    if (!status) {
      return;
    }
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = text;
    }, 50);
  }

  function copyWithSelection(text) {
    var buffer = document.createElement("textarea");
    buffer.value = text;
    buffer.setAttribute("readonly", "");
    buffer.className = "copy-buffer";
    document.body.appendChild(buffer);
    buffer.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    document.body.removeChild(buffer);
    return copied;
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(
        function () {
          return true;
        },
        function () {
          return copyWithSelection(text);
        }
      );
    }
    return Promise.resolve(copyWithSelection(text));
  }

  function show(button, label, copied) {
    if (!button.dataset.label) {
      button.dataset.label = button.textContent;
    }
    button.textContent = label;
    button.classList.toggle("is-copied", copied);
    window.clearTimeout(timers.get(button));
    timers.set(
      button,
      window.setTimeout(function () {
        button.textContent = button.dataset.label;
        button.classList.remove("is-copied");
      }, 2000)
    );
    announce(label);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-text]");
    if (button) {
      copy(button.dataset.copyText).then(function (copied) {
        show(button, copied ? button.dataset.copiedLabel : button.dataset.failedLabel, copied);
      });
      return;
    }
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });
})();
