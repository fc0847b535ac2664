// Simpul IKM: small behaviours, no inline scripts (the CSP forbids them).
document.addEventListener("change", function (event) {
  var form = event.target.closest("form.js-autosubmit");
  if (form) { form.submit(); }
});
document.body.addEventListener("htmx:configRequest", function (event) {
  var token = document.querySelector("[name=csrfmiddlewaretoken]");
  if (token) { event.detail.headers["X-CSRFToken"] = token.value; }
});
