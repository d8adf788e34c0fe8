// Forms that show the server's refusal as it was said, next to the field it
// names; a refusal naming no field of the form shows above the buttons.
import { h } from "./dom";
import { refusalOf } from "./api";
import { t } from "./i18n";

let fields = 0;

export function field(label: string, name: string, control: HTMLElement): HTMLElement {
  // Unique on the page: several forms may have a "title".
  const id = `f-${name.replace(/\W/g, "-")}-${++fields}`;
  control.id = id;
  control.setAttribute("name", name);
  control.setAttribute("aria-describedby", `${id}-error`);
  return h("div", { class: "field", "data-field": name },
    h("label", { for: id }, label), control,
    h("p", { class: "field-error", id: `${id}-error`, role: "alert" }));
}

export function clearErrors(form: HTMLElement): void {
  form.querySelectorAll(".field-error, .form-error").forEach((e) => (e.textContent = ""));
  form.querySelectorAll("[aria-invalid]").forEach((e) => e.removeAttribute("aria-invalid"));
}

// Runs `action`; a refusal lands next to its field, else in .form-error.
export async function submitting(form: HTMLElement, action: () => Promise<void>): Promise<boolean> {
  clearErrors(form);
  const buttons = [...form.querySelectorAll("button")];
  buttons.forEach((b) => (b.disabled = true));
  try {
    await action();
    return true;
  } catch (error) {
    const refusal = refusalOf(error);
    const target = findField(form, refusal.field);
    if (target) {
      target.querySelector(".field-error")!.textContent = refusal.message;
      target.querySelector("input, textarea, select")?.setAttribute("aria-invalid", "true");
    } else {
      let box = form.querySelector(".form-error");
      if (!box) {
        box = h("p", { class: "form-error", role: "alert" });
        form.appendChild(box);
      }
      box.textContent = t("common.error", { message: refusal.message });
    }
    return false;
  } finally {
    buttons.forEach((b) => (b.disabled = false));
  }
}

// The field a refusal names: "version.body" matches a field named
// "version.body", then "body".
function findField(form: HTMLElement, name: string): HTMLElement | null {
  if (!name) return null;
  const parts = name.split(".");
  for (let i = 0; i < parts.length; i++) {
    const candidate = parts.slice(i).join(".");
    const found = form.querySelector<HTMLElement>(`[data-field="${CSS.escape(candidate)}"]`);
    if (found) return found;
  }
  return null;
}
