// Appeal case forms: show the PIP component fields only while the benefit is PIP.
// Hidden fields are cleared, since other benefits have no PIP components.
document.addEventListener("DOMContentLoaded", () => {
  const benefit = document.getElementById("id_benefit");
  if (!benefit) return;
  const toggle = () => {
    const isPip = benefit.value === "pip";
    document.querySelectorAll(".pip-only").forEach((group) => {
      group.hidden = !isPip;
      if (!isPip) group.querySelectorAll("select").forEach((select) => { select.value = ""; });
    });
  };
  benefit.addEventListener("change", toggle);
  toggle();
});
