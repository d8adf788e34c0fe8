// Recommendations: the list of a summit, a new draft, and one
// recommendation with its versions, diff, translations, submit and withdraw.
import { currentSummit, directory, recommendations, requestId } from "../api";
import { h, mount } from "../dom";
import { field, submitting } from "../forms";
import { Recommendation_State, Translation_Kind, type Recommendation } from "../gen/summit/recommendations/v1/resources_pb";
import { formatTime, t, type Key } from "../i18n";
import { renderMarkdown } from "../markdown";
import { displayNames } from "../names";
import { filesCard, traceCard } from "./rec_files";
import { reviewRounds } from "./reviews";
import { timestampDate } from "@bufbuild/protobuf/wkt";

const CONTENT_LANGUAGES = ["kk", "ru", "en", "ko", "uz", "ky", "tg", "tk"];

function stateLabel(state: Recommendation_State): string {
  return t(`state.STATE_${Recommendation_State[state]}` as Key);
}

export async function recommendationListPage(root: HTMLElement): Promise<void> {
  mount(root, h("p", null, t("common.loading")));
  const summit = await currentSummit();
  const list = summit ? await recommendations.listRecommendations({ parent: summit, pageSize: 100 }) : { recommendations: [] };
  mount(root,
    h("h1", null, t("rec.list", { summit })),
    h("p", null, h("a", { class: "button", href: "#/new" }, t("rec.new"))),
    h("table", { class: "table" },
      h("thead", null, h("tr", null, h("th", { scope: "col" }, "№"), h("th", { scope: "col" }, t("rec.title")), h("th", { scope: "col" }, t("rec.state")))),
      h("tbody", null, list.recommendations.map((r) => h("tr", null,
        h("td", null, r.number), h("td", null, h("a", { href: `#/${r.name}` }, r.title)), h("td", null, stateLabel(r.state)))))));
}

// A Markdown textarea with its preview beside it.
function markdownEditor(initial: string): { editor: HTMLTextAreaElement; view: HTMLElement } {
  const editor = h("textarea", { rows: 14, value: initial }) as HTMLTextAreaElement;
  const preview = h("div", { class: "preview", "aria-live": "polite" }, renderMarkdown(initial));
  editor.addEventListener("input", () => preview.replaceChildren(renderMarkdown(editor.value)));
  const view = h("div", { class: "editor" }, field(t("rec.body"), "body", editor),
    h("div", null, h("h3", null, t("rec.preview")), preview));
  return { editor, view };
}

export async function newRecommendationPage(root: HTMLElement, go: (hash: string) => void): Promise<void> {
  const summit = await currentSummit();
  const tracks = summit ? (await directory.listTracks({ parent: summit, pageSize: 100 })).tracks : [];
  const track = h("select", null, tracks.map((tr) => h("option", { value: tr.name }, tr.displayName))) as HTMLSelectElement;
  const language = h("select", null, CONTENT_LANGUAGES.map((l) => h("option", { value: l }, l))) as HTMLSelectElement;
  const title = h("input", { type: "text" }) as HTMLInputElement;
  const summary = h("textarea", { rows: 3 }) as HTMLTextAreaElement;
  const body = markdownEditor("");
  const id = requestId();
  const form = h("form", { class: "card" },
    field(t("rec.track"), "track", track), field(t("rec.language"), "language", language),
    field(t("rec.title"), "title", title), field(t("rec.summary"), "summary", summary), body.view,
    h("button", { type: "submit" }, t("rec.create")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    let created: Recommendation | undefined;
    const ok = await submitting(form, async () => {
      created = await recommendations.createRecommendation({
        parent: summit, requestId: id,
        recommendation: { track: track.value, title: title.value, summary: summary.value },
        firstVersion: { title: title.value, summary: summary.value, body: body.editor.value, language: language.value },
      });
    });
    if (ok && created) go(`#/${created.name}`);
  });
  mount(root, h("h1", null, t("rec.new")), form);
}

export async function recommendationPage(root: HTMLElement, name: string): Promise<void> {
  mount(root, h("p", null, t("common.loading")));
  const rec = await recommendations.getRecommendation({ name });
  const versions = (await recommendations.listVersions({ parent: name, pageSize: 100 })).versions;
  const current = versions.find((v) => v.versionNumber === rec.currentVersion) ?? versions[versions.length - 1];
  const translations = (await recommendations.listTranslations({ parent: name })).translations;
  const editable = rec.state === Recommendation_State.DRAFT || rec.state === Recommendation_State.CHANGES_REQUESTED;
  const reload = () => recommendationPage(root, name);

  const actions = h("form", { class: "actions" });
  if (editable) {
    const submit = h("button", { type: "submit" }, t("rec.submit"));
    actions.appendChild(submit);
    actions.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (await submitting(actions, async () => { await recommendations.submitRecommendation({ name, etag: rec.etag, requestId: requestId() }); })) await reload();
    });
  }
  if (rec.state !== Recommendation_State.WITHDRAWN && rec.state !== Recommendation_State.ADOPTED) {
    const withdraw = h("button", { type: "button", class: "secondary" }, t("rec.withdraw"));
    withdraw.addEventListener("click", async () => {
      if (!confirm(t("rec.withdraw") + "?")) return;
      if (await submitting(actions, async () => { await recommendations.withdrawRecommendation({ name, etag: rec.etag }); })) await reload();
    });
    actions.appendChild(withdraw);
  }

  const editSection = editable && current ? [versionForm(rec, current.body, reload), authorsForm(rec, reload)] : null;
  mount(root,
    h("h1", null, `${rec.number} · ${rec.title}`),
    h("dl", { class: "facts" },
      h("dt", null, t("rec.state")), h("dd", { "data-testid": "state" }, stateLabel(rec.state)),
      h("dt", null, t("rec.authors")), h("dd", null, (await displayNames(rec.authors)).join(", ")),
      h("dt", null, t("rec.versions")), h("dd", null, String(rec.currentVersion))),
    actions,
    h("div", { class: "side-by-side" },
      h("article", { class: "card", lang: current?.language ?? "" },
        h("h2", null, current?.title ?? ""), h("p", { class: "summary" }, current?.summary ?? ""), renderMarkdown(current?.body ?? "")),
      translations.filter((tr) => tr.kind !== Translation_Kind.ORIGINAL).map((tr) => h("article", { class: "card translation", lang: tr.language },
        h("h2", null, `${tr.language} · ${tr.title}`),
        tr.stale ? h("p", { class: "stale" }, t("rec.translation.stale", { n: tr.sourceVersion })) : null,
        h("p", { class: "summary" }, tr.summary), renderMarkdown(tr.body)))),
    await filesCard(rec, editable, reload),
    await reviewRounds(rec, reload),
    await traceCard(rec),
    editSection,
    translationForm(rec, reload),
    versionList(name, versions));
}

function versionForm(rec: Recommendation, body: string, reload: () => Promise<void>): HTMLElement {
  const title = h("input", { type: "text", value: rec.title }) as HTMLInputElement;
  const summary = h("textarea", { rows: 3, value: rec.summary }) as HTMLTextAreaElement;
  const editor = markdownEditor(body);
  const note = h("input", { type: "text" }) as HTMLInputElement;
  const id = requestId();
  const form = h("form", { class: "card" }, h("h2", null, t("rec.save")),
    field(t("rec.title"), "title", title), field(t("rec.summary"), "summary", summary), editor.view,
    field(t("rec.changeNote"), "change_note", note), h("button", { type: "submit" }, t("rec.save")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (await submitting(form, async () => {
      await recommendations.createVersion({ parent: rec.name, etag: rec.etag, requestId: id,
        version: { title: title.value, summary: summary.value, body: editor.editor.value, changeNote: note.value } });
    })) await reload();
  });
  return form;
}

// Co-authors: the authors write the list (the server checks who may).
function authorsForm(rec: Recommendation, reload: () => Promise<void>): HTMLElement {
  const authors = h("input", { type: "text", value: rec.authors.join(", ") }) as HTMLInputElement;
  const form = h("form", { class: "card" }, field(t("rec.coauthors"), "authors", authors),
    h("button", { type: "submit" }, t("rec.coauthors.save")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (await submitting(form, async () => {
      await recommendations.updateRecommendation({
        recommendation: { name: rec.name, authors: authors.value.split(",").map((a) => a.trim()).filter(Boolean), etag: rec.etag },
        updateMask: { paths: ["authors"] } });
    })) await reload();
  });
  return form;
}

function translationForm(rec: Recommendation, reload: () => Promise<void>): HTMLElement {
  const language = h("select", null, CONTENT_LANGUAGES.map((l) => h("option", { value: l }, l))) as HTMLSelectElement;
  const kind = h("select", null, h("option", { value: String(Translation_Kind.HUMAN_CHECKED) }, t("kind.human")),
    h("option", { value: String(Translation_Kind.MACHINE) }, t("kind.machine"))) as HTMLSelectElement;
  const title = h("input", { type: "text" }) as HTMLInputElement;
  const summary = h("textarea", { rows: 2 }) as HTMLTextAreaElement;
  const body = markdownEditor("");
  const form = h("form", { class: "card" },
    field(t("rec.language"), "language", language), field(t("rec.translation.kind"), "kind", kind),
    field(t("rec.title"), "title", title), field(t("rec.summary"), "summary", summary), body.view,
    h("button", { type: "submit" }, t("rec.translation.save")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (await submitting(form, async () => {
      await recommendations.setTranslation({ parent: rec.name, translation: {
        language: language.value, kind: Number(kind.value) as Translation_Kind,
        title: title.value, summary: summary.value, body: body.editor.value } });
    })) await reload();
  });
  return h("details", { class: "card" }, h("summary", null, t("rec.translation.add")), form);
}

function versionList(name: string, versions: { versionNumber: number; title: string; createTime?: import("@bufbuild/protobuf/wkt").Timestamp; changeNote: string }[]): HTMLElement {
  const diffBox = h("div", { class: "diff", "aria-live": "polite" });
  return h("section", { class: "card" }, h("h2", null, t("rec.versions")),
    h("ol", null, versions.map((v) => {
      const compare = h("button", { type: "button", class: "link" }, t("rec.diff"));
      compare.addEventListener("click", async () => {
        const diff = await recommendations.diffVersions({ name, fromVersion: v.versionNumber - 1, toVersion: v.versionNumber });
        diffBox.replaceChildren(...diff.diffs.filter((d) => d.changed).map((d) =>
          h("div", null, h("h3", null, d.field), h("div", { class: "diff-table" }, sideBySide(d.unifiedDiff)))));
      });
      return h("li", null, t("rec.version", { n: v.versionNumber }), " · ", v.title, " · ",
        formatTime(v.createTime ? timestampDate(v.createTime) : undefined), v.changeNote ? ` · ${v.changeNote}` : "",
        v.versionNumber > 1 ? [" ", compare] : null);
    })), diffBox);
}

// A unified diff as two columns: removed lines left, added lines right.
function sideBySide(unified: string): HTMLElement[] {
  const rows: HTMLElement[] = [];
  for (const line of unified.split("\n")) {
    if (line.startsWith("---") || line.startsWith("+++") || line.startsWith("@@")) continue;
    if (line.startsWith("-")) rows.push(h("div", { class: "row" }, h("del", null, line.slice(1)), h("span")));
    else if (line.startsWith("+")) rows.push(h("div", { class: "row" }, h("span"), h("ins", null, line.slice(1))));
    else if (line.length > 0) rows.push(h("div", { class: "row" }, h("span", null, line.slice(1)), h("span", null, line.slice(1))));
  }
  return rows;
}
