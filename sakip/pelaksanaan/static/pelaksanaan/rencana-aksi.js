// Fast keyboard entry on the rencana aksi forms. An input marked
// [data-pilih-isi] selects its text when it gets the focus (by Tab, by a
// click, or when a form is swapped in). Typing then replaces the prefilled
// value instead of adding to it.
(function () {
  "use strict";

  document.addEventListener("focusin", function (event) {
    var input = event.target;
    if (input.matches && input.matches("input[data-pilih-isi]")) {
      input.select();
    }
  });
})();
