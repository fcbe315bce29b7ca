/* The summary page's one behaviour: a "Print this page" button. Without scripts it stays hidden
   (the browser's own print command works the same). */
(function () {
  "use strict";
  var button = document.getElementById("print-page");
  if (!button) return;
  button.addEventListener("click", function () { window.print(); });
  button.closest(".print-item").hidden = false;
})();
