// Programs: "select all on this page" for the eligible list (no inline scripts: the CSP forbids them).
document.addEventListener("change", function (event) {
  var master = event.target.closest("[data-check-all]");
  if (!master) { return; }
  var form = master.closest("form");
  form.querySelectorAll("input[type=checkbox][name=" + master.dataset.checkAll + "]").forEach(function (box) {
    box.checked = master.checked;
  });
});
