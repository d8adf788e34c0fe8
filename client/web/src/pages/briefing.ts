// The briefing package: its versions, compile (coordinators), a preview of
// the entries, downloads per language and format, finalise with a confirm.
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { briefing, currentSummit, requestId } from "../api";
import { download, h, mount } from "../dom";
import { submitting } from "../forms";
import { Role } from "../gen/summit/directory/v1/resources_pb";
import { DocumentFormat } from "../gen/summit/briefing/v1/briefing_service_pb";
import { BriefingPackage_State, type BriefingPackage } from "../gen/summit/briefing/v1/resources_pb";
import { formatTime, t, type Key } from "../i18n";
import { currentUser } from "../session";

export async function briefingPage(root: HTMLElement): Promise<void> {
  mount(root, h("p", null, t("common.loading")));
  const summit = await currentSummit();
  const packages = (await briefing.listBriefingPackages({ parent: summit, pageSize: 50 })).briefingPackages;
  const coordinator = currentUser()?.roles.includes(Role.COORDINATOR) ?? false;
  const reload = () => briefingPage(root);
  const compile = h("form", { class: "actions" }, h("button", { type: "submit" }, t("brief.compile")));
  const id = requestId();
  compile.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (await submitting(compile, async () => { await briefing.compileBriefingPackage({ parent: summit, requestId: id }); })) await reload();
  });
  const newest = packages.reduce<BriefingPackage | undefined>((a, b) => (!a || b.version > a.version ? b : a), undefined);
  mount(root, h("h1", null, t("brief.title")), coordinator ? compile : null,
    [...packages].sort((a, b) => b.version - a.version).map((p) => packageView(p, coordinator && p === newest && p.state === BriefingPackage_State.COMPILED, reload)));
}

function packageView(p: BriefingPackage, canFinalize: boolean, reload: () => Promise<void>): HTMLElement {
  const language = h("select", { "aria-label": "language" }, p.languages.map((l) => h("option", { value: l }, l))) as HTMLSelectElement;
  const format = h("select", { "aria-label": "format" }, h("option", { value: String(DocumentFormat.HTML) }, "HTML"),
    h("option", { value: String(DocumentFormat.PDF) }, "PDF"), h("option", { value: String(DocumentFormat.MARKDOWN) }, "Markdown")) as HTMLSelectElement;
  const actions = h("form", { class: "actions" }, language, format, h("button", { type: "submit" }, t("brief.download")));
  actions.addEventListener("submit", async (event) => {
    event.preventDefault();
    await submitting(actions, async () => {
      const doc = await briefing.exportBriefingPackage({ name: p.name, language: language.value, format: Number(format.value) as DocumentFormat });
      download(doc.fileName, new Blob([new Uint8Array(doc.content)], { type: doc.mediaType }));
    });
  });
  if (canFinalize) {
    const finalize = h("button", { type: "button", class: "secondary" }, t("brief.finalize"));
    finalize.addEventListener("click", async () => {
      if (!confirm(t("brief.confirm"))) return;
      if (await submitting(actions, async () => { await briefing.finalizeBriefingPackage({ name: p.name, etag: p.etag }); })) await reload();
    });
    actions.appendChild(finalize);
  }
  return h("section", { class: "card" },
    h("h2", null, t("brief.version", { n: p.version }), " · ", t(`brief.state.STATE_${BriefingPackage_State[p.state]}` as Key)),
    h("p", { class: "muted" }, p.compileTime ? formatTime(timestampDate(p.compileTime)) : ""),
    h("ul", null, p.entries.map((e) => h("li", null, h("a", { href: `#/${e.recommendation}` }, `${e.number} · ${e.title}`), ` · ${e.trackTitle}`))),
    actions);
}
