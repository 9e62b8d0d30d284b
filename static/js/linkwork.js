// Linkwork page behaviour, loaded on every page (no inline scripts: CSP-friendly).
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to a form's error summary so screen-reader users hear it first.
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
  // Buttons with data-confirm ask before submitting.
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.dataset.confirm)) event.preventDefault();
    });
  });
});
