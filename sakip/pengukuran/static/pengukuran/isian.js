// Keyboard and saving behaviour of the input page (table[data-isian]).
//
// Each row (tr[data-baris]) posts itself through HTMX when a field changes.
// This file adds what HTMX does not do:
// - Enter moves to the same field of the next row, Shift+Enter to the
//   previous one, so a column is typed top to bottom without the mouse.
//   Leaving the field fires its change event, which saves the row.
// - An evidence file larger than its input's data-max-bytes is rejected
//   before it is uploaded.
// - After a save, the fields named in the result's data-galat are marked
//   invalid, and after a successful one the file input is emptied, so the
//   same file is not uploaded again with the row's next change.
// - "Ajukan semua" (form[data-ajukan]) waits until no row is still saving,
//   so that the last value typed is saved before the page is submitted.
// - When the page opens, the first field that can be typed in has the focus.
(function () {
  "use strict";

  var TEXT_FIELDS = "input:not([type=hidden]):not([type=file]):not([disabled])";
  var FIELDS = TEXT_FIELDS + ", select:not([disabled])";

  function rows(table) {
    return Array.prototype.slice.call(table.querySelectorAll("tr[data-baris]"));
  }

  function moveVertically(field, step) {
    var row = field.closest("tr[data-baris]");
    var table = row && row.closest("table[data-isian]");
    if (!table) {
      return false;
    }
    var all = rows(table);
    for (var i = all.indexOf(row) + step; i >= 0 && i < all.length; i += step) {
      var target = all[i].querySelector('[name="' + field.name + '"]:not([disabled])');
      if (target) {
        target.focus();
        if (target.select) {
          target.select();
        }
        return true;
      }
    }
    if (step > 0) {
      var submit = document.querySelector("form[data-ajukan] button[type=submit]");
      if (submit) {
        submit.focus();
        return true;
      }
    }
    return false;
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.defaultPrevented || event.isComposing) {
      return;
    }
    var field = event.target;
    var row = field.closest && field.closest("tr[data-baris]");
    if (!row || !field.matches(FIELDS)) {
      return;
    }
    event.preventDefault();
    moveVertically(field, event.shiftKey ? -1 : 1);
  });

  function resultCell(row) {
    return row.querySelector("[data-hasil]");
  }

  function showMessage(row, text) {
    var cell = resultCell(row);
    if (!cell) {
      return;
    }
    var box = document.createElement("div");
    box.className = "small text-danger";
    box.setAttribute("role", "alert");
    box.setAttribute("data-galat", "bukti");
    box.textContent = text;
    var old = cell.querySelector("[data-galat]");
    if (old) {
      old.remove();
    }
    cell.appendChild(box);
    markErrors(row, "bukti");
  }

  function tooLarge(row) {
    var inputs = row.querySelectorAll("input[type=file][data-max-bytes]");
    for (var i = 0; i < inputs.length; i++) {
      var limit = parseInt(inputs[i].getAttribute("data-max-bytes"), 10);
      var file = inputs[i].files && inputs[i].files[0];
      if (file && limit && file.size > limit) {
        return { file: file, limit: limit, input: inputs[i] };
      }
    }
    return null;
  }

  function megabytes(bytes) {
    return (bytes / (1024 * 1024)).toLocaleString("id-ID", { maximumFractionDigits: 1 }) + " MB";
  }

  document.addEventListener("htmx:confirm", function (event) {
    var row = event.target.closest && event.target.closest("tr[data-baris]");
    if (!row || event.target !== row) {
      return;
    }
    var big = tooLarge(row);
    if (big) {
      event.preventDefault();
      big.input.value = "";
      showMessage(
        row,
        "Berkas " + big.file.name + " berukuran " + megabytes(big.file.size) +
          ", melebihi batas " + megabytes(big.limit) +
          ". Perkecil berkasnya atau berikan tautan ke berkas itu."
      );
    }
  });

  function markErrors(row, names) {
    var wanted = (names || "").split(" ").filter(Boolean);
    row.querySelectorAll("input, select").forEach(function (field) {
      var invalid = wanted.indexOf(field.name) !== -1;
      field.classList.toggle("is-invalid", invalid);
      if (invalid) {
        field.setAttribute("aria-invalid", "true");
      } else {
        field.removeAttribute("aria-invalid");
      }
    });
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    var cell = event.target;
    if (!cell.matches || !cell.matches("[data-hasil]")) {
      return;
    }
    var row = cell.closest("tr[data-baris]");
    var error = cell.querySelector("[data-galat]");
    markErrors(row, error ? error.getAttribute("data-galat") : "");
    if (cell.querySelector("[data-tersimpan]")) {
      row.querySelectorAll("input[type=file]").forEach(function (input) {
        input.value = "";
      });
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-ajukan]")) {
      return;
    }
    if (!document.querySelector("tr[data-baris].htmx-request")) {
      return;
    }
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) {
      button.disabled = true;
    }
    var wait = window.setInterval(function () {
      if (!document.querySelector("tr[data-baris].htmx-request")) {
        window.clearInterval(wait);
        if (button) {
          button.disabled = false;
        }
        form.submit();
      }
    }, 100);
  });

  function focusFirstField() {
    if (document.activeElement && document.activeElement !== document.body) {
      return;
    }
    var first = document.querySelector("table[data-isian] tr[data-baris] " + TEXT_FIELDS);
    if (first) {
      first.focus();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusFirstField);
  } else {
    focusFirstField();
  }
})();
