// Patient page behaviour (no inline scripts: CSP-friendly).
// After the contact quick-add form is swapped in by htmx, move focus to its error summary when
// there is one, or back to the first field after a successful save, so keyboard and
// screen-reader users know what happened.
document.addEventListener("htmx:afterSwap", (event) => {
  const config = event.detail.requestConfig;
  if (!config || !String(config.path).includes("/contacts/add/")) return;
  const box = document.getElementById("contact-quick-add");
  if (!box) return;
  const summary = box.querySelector(".error-summary");
  const first = box.querySelector("input:not([type=hidden]), select, textarea");
  if (summary) summary.focus();
  else if (first) first.focus();
});
