// Sign in with a one-time code from the mail (or, for admins, a token).
import { directory, useToken } from "../api";
import { h, mount } from "../dom";
import { field, submitting } from "../forms";
import { t } from "../i18n";

export function signInPage(root: HTMLElement, params: URLSearchParams, done: () => void): void {
  const email = h("input", { type: "email", autocomplete: "email", required: true, value: params.get("email") ?? "" }) as HTMLInputElement;
  const code = h("input", { inputmode: "numeric", autocomplete: "one-time-code", pattern: "[0-9]{6}", maxlength: 6 }) as HTMLInputElement;
  const status = h("p", { class: "status", role: "status" });
  const codeForm = h("form", { class: "card", hidden: !params.get("email") },
    field(t("signin.code"), "code", code),
    h("button", { type: "submit" }, t("signin.verify")));
  const emailForm = h("form", { class: "card" },
    h("p", null, t("signin.intro")),
    field(t("signin.email"), "email", email),
    h("button", { type: "submit" }, t("signin.send")), status);
  emailForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (await submitting(emailForm, async () => { await directory.startSignIn({ email: email.value.trim() }); })) {
      status.textContent = t("signin.sent", { email: email.value.trim() });
      codeForm.hidden = false;
      code.focus();
    }
  });
  codeForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const ok = await submitting(codeForm, async () => {
      await directory.completeSignIn({ email: email.value.trim(), code: code.value.trim(), displayName: navigator.userAgent.slice(0, 60) });
    });
    if (ok) done();
  });
  const token = h("input", { type: "password", autocomplete: "off" }) as HTMLInputElement;
  const tokenForm = h("form", { class: "card" }, field(t("signin.token.label"), "token", token),
    h("button", { type: "submit" }, t("signin.token.use")));
  tokenForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const ok = await submitting(tokenForm, async () => {
      const res = await useToken(token.value.trim());
      if (!res.ok) throw new Error(((await res.json()) as { message?: string }).message ?? res.statusText);
    });
    if (ok) done();
  });
  mount(root, h("h1", null, t("signin.title")), emailForm, codeForm,
    h("details", null, h("summary", null, t("signin.token")), tokenForm));
  if (!email.value) email.focus(); else code.focus();
}
