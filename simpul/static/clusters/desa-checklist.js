// Desa checklist (kawasan form and map page): live count, search by name, and
// picking a desa from elsewhere on the page through the "simpul:pick-desa" event.
(function () {
  "use strict";

  function refresh(list) {
    var total = 0;
    list.querySelectorAll("details[data-kecamatan]").forEach(function (group) {
      var n = group.querySelectorAll("input[type=checkbox]:checked").length;
      var badge = group.querySelector("[data-kecamatan-count]");
      if (badge) { badge.textContent = String(n); }
      total += n;
    });
    var count = list.querySelector("[data-desa-count]");
    if (count) { count.textContent = String(total); }
  }

  function search(list, text) {
    var needle = text.trim().toLowerCase();
    list.querySelectorAll("details[data-kecamatan]").forEach(function (group) {
      var kecamatan = group.querySelector("summary").textContent.toLowerCase();
      var any = false;
      group.querySelectorAll(".form-check").forEach(function (item) {
        var hit = !needle || kecamatan.indexOf(needle) !== -1 || item.textContent.toLowerCase().indexOf(needle) !== -1;
        item.hidden = !hit;
        any = any || hit;
      });
      group.hidden = !any;
      if (needle && any) { group.open = true; }
    });
  }

  document.querySelectorAll("[data-desa-checklist]").forEach(function (list) {
    refresh(list);
    list.addEventListener("change", function () { refresh(list); });
    var box = list.querySelector("[data-desa-search]");
    if (box) {
      box.addEventListener("input", function () { search(list, box.value); });
      // Enter in the search box must not submit the surrounding form.
      box.addEventListener("keydown", function (event) { if (event.key === "Enter") { event.preventDefault(); } });
    }
  });

  document.addEventListener("simpul:pick-desa", function (event) {
    var code = event.detail && event.detail.code;
    if (!code) { return; }
    document.querySelectorAll("[data-desa-checklist]").forEach(function (list) {
      list.querySelectorAll("input[type=checkbox]").forEach(function (input) {
        if (input.value !== code) { return; }
        input.checked = true;
        var group = input.closest("details");
        if (group) { group.open = true; }
        input.scrollIntoView({ block: "nearest" });
      });
      refresh(list);
    });
  });
})();
