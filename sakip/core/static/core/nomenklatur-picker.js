// The nomenklatur picker: an input[data-nomenklatur-picker] whose matches
// HTMX loads into the listbox named by its aria-controls. ArrowDown and
// ArrowUp move through the options, Enter or a click picks one: the code fills
// the input and, when the form's uraian is empty, the name fills the uraian.
// Esc closes the list without cancelling the form.
(function () {
  "use strict";

  function listOf(input) {
    return document.getElementById(input.getAttribute("aria-controls"));
  }

  function options(input) {
    var list = listOf(input);
    return list ? Array.prototype.slice.call(list.querySelectorAll("[role=option]")) : [];
  }

  function setActive(input, index) {
    var items = options(input);
    items.forEach(function (item, position) {
      var active = position === index;
      item.setAttribute("aria-selected", active ? "true" : "false");
      item.classList.toggle("active", active);
    });
    if (items[index]) {
      input.setAttribute("aria-activedescendant", items[index].id);
      items[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function activeIndex(input) {
    var items = options(input);
    for (var i = 0; i < items.length; i += 1) {
      if (items[i].getAttribute("aria-selected") === "true") {
        return i;
      }
    }
    return -1;
  }

  function close(input) {
    var list = listOf(input);
    if (list) {
      list.innerHTML = "";
    }
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function pick(input, option) {
    input.value = option.getAttribute("data-kode");
    var uraian = input.form && input.form.querySelector("[name=uraian]");
    if (uraian && !uraian.value.trim()) {
      uraian.value = option.getAttribute("data-nama");
    }
    close(input);
    input.focus();
  }

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("[data-nomenklatur-picker]")) {
      return;
    }
    var items = options(input);
    if (!items.length) {
      return;
    }
    var index = activeIndex(input);
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setActive(input, Math.min(index + 1, items.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive(input, Math.max(index - 1, 0));
    } else if (event.key === "Enter" && index >= 0) {
      event.preventDefault();
      pick(input, items[index]);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close(input);
    }
  });

  document.addEventListener("click", function (event) {
    var option = event.target.closest && event.target.closest("[role=option][data-kode]");
    if (!option) {
      return;
    }
    var list = option.closest("[role=listbox]");
    var input = list && document.querySelector("[aria-controls='" + list.id + "']");
    if (input) {
      pick(input, option);
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var list = event.detail.target;
    if (!list || !list.id) {
      return;
    }
    var input = document.querySelector("[data-nomenklatur-picker][aria-controls='" + list.id + "']");
    if (input) {
      var current = document.getElementById(list.id);
      var count = current ? current.querySelectorAll("[role=option]").length : 0;
      input.setAttribute("aria-expanded", count ? "true" : "false");
    }
  });
})();
