// Simpul IKM · analisis: show only the weighting section that applies (no inline scripts: CSP).
(function () {
  "use strict";
  function sync(form) {
    var chosen = form.querySelector("input[name=weighting]:checked");
    var ahp = chosen && chosen.value === "ahp";
    form.querySelectorAll(".js-weights-ahp").forEach(function (el) { el.hidden = !ahp; });
    form.querySelectorAll(".js-weights-direct").forEach(function (el) { el.hidden = ahp; });
  }
  document.querySelectorAll("form.js-kajian").forEach(function (form) {
    sync(form);
    form.addEventListener("change", function (event) {
      if (event.target.name === "weighting") { sync(form); }
    });
  });
})();
