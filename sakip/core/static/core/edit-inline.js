// Keyboard behaviour of the inline editing forms (form[data-edit-form]):
// the first field gets the focus when a form is swapped in (the first field
// marked invalid, when the form comes back with errors), Esc cancels
// (the form's [data-batal] button), and a [data-batal-kosong] button removes
// the form. A row marked [data-fokus] after a change gets the focus.
(function () {
  "use strict";

  function focusFirstField(root) {
    var forms = root.matches && root.matches("form[data-edit-form]")
      ? [root]
      : Array.prototype.slice.call(root.querySelectorAll("form[data-edit-form]"));
    if (forms.length) {
      var field =
        forms[0].querySelector("[aria-invalid=true]:not([disabled])") ||
        forms[0].querySelector(
          "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])"
        );
      if (field) {
        field.focus();
        return;
      }
    }
    var marked = root.querySelector ? root.querySelector("[data-fokus]") : null;
    if (marked) {
      var details = marked.closest("details");
      if (details) {
        details.open = true;
      }
      marked.focus();
    }
  }

  document.addEventListener("htmx:load", function (event) {
    focusFirstField(event.target);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || event.defaultPrevented) {
      return;
    }
    var form = event.target.closest && event.target.closest("form[data-edit-form]");
    if (!form) {
      return;
    }
    var cancel = form.querySelector("[data-batal]");
    if (cancel) {
      event.preventDefault();
      cancel.click();
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-batal-kosong]");
    if (!button) {
      return;
    }
    var form = button.closest("form[data-edit-form]");
    if (form) {
      var slot = form.parentElement;
      form.remove();
      var row = slot && slot.previousElementSibling;
      var first = row && row.querySelector("button");
      if (first) {
        first.focus();
      }
    }
  });
})();
