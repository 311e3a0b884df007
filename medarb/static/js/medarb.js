// Small behaviours without inline scripts (the CSP forbids them).
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el.matches("[data-autosubmit]")) el.form.requestSubmit();
});

// Formsets: "add a row" clones the empty form and bumps the management form's total.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-formset-add]");
  if (!button) return;
  const prefix = button.dataset.formsetAdd;
  const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
  const template = document.querySelector(`[data-formset-template="${prefix}"]`);
  const rows = document.querySelector(`[data-formset-rows="${prefix}"]`);
  const index = Number(total.value);
  const html = template.innerHTML.replaceAll("__prefix__", String(index));
  rows.insertAdjacentHTML("beforeend", html);
  total.value = String(index + 1);
});

// After a refused submit, the error summary takes the focus (and the screen) first.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
});

// Forms whose work takes seconds (sealing a paper, sending an application) say so on the
// button: <form data-busy-label="正在签章…">. The pressed button is disabled with a spinner and
// the label (a button's own data-busy-label wins), and a second submit is refused meanwhile.
function markBusy(button, label) {
  button.dataset.idleHtml = button.innerHTML;
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  const spinner = document.createElement("span");
  spinner.className = "spinner-border spinner-border-sm me-1";
  spinner.setAttribute("aria-hidden", "true");
  button.replaceChildren(spinner, document.createTextNode(label));
}

function markIdle(root) {
  root.querySelectorAll("form[data-busy]").forEach((form) => delete form.dataset.busy);
  root.querySelectorAll("[aria-busy=true][data-idle-html]").forEach((button) => {
    button.innerHTML = button.dataset.idleHtml;
    delete button.dataset.idleHtml;
    button.disabled = false;
    button.removeAttribute("aria-busy");
  });
}

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (event.defaultPrevented || !form.matches("form[data-busy-label]")) return;
  const button = event.submitter || form.querySelector("[type=submit]:not([form])");
  // A submit into another tab (预览样稿) leaves this page as it is.
  if ((button?.getAttribute("formtarget") || form.target) === "_blank") return;
  if (form.dataset.busy) {
    event.preventDefault();
    return;
  }
  form.dataset.busy = "1";
  if (!button || button.form !== form) return;
  const label = button.dataset.busyLabel || form.dataset.busyLabel;
  // After the submit has begun: a button disabled now would drop its own name=value.
  setTimeout(() => markBusy(button, label), 0);
});

// Back to a page kept in the back/forward cache: usable again.
window.addEventListener("pageshow", (event) => {
  if (event.persisted) markIdle(document);
});
