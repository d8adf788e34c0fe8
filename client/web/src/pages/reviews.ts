// Review rounds as each viewer may see them (the server applies the blind
// rules; an author gets pseudonyms), the coordinator's actions on a
// recommendation (open a cycle, assign from suggestions, decide), the
// reviewer's assignment page and the coordinator's status board.
import { create } from "@bufbuild/protobuf";
import { timestampDate, timestampFromDate } from "@bufbuild/protobuf/wkt";
import { currentSummit, recommendations, requestId, reviews } from "../api";
import { h, mount } from "../dom";
import { field, submitting } from "../forms";
import { Role } from "../gen/summit/directory/v1/resources_pb";
import { Recommendation_State, type Recommendation } from "../gen/summit/recommendations/v1/resources_pb";
import { ReviewPolicySchema } from "../gen/summit/reviews/v1/resources_pb";
import {
  Agreement, Assignment_State, BlindMode, Decision_Outcome, Review_Verdict, ReviewCycle_State, WaitingOn,
  type Assignment, type ReviewCycle,
} from "../gen/summit/reviews/v1/resources_pb";
import { formatTime, t, type Key } from "../i18n";
import { renderMarkdown } from "../markdown";
import { displayName, displayNames } from "../names";
import { currentUser } from "../session";

const DAY = 24 * 3600 * 1000;

function isCoordinator(): boolean {
  return currentUser()?.roles.includes(Role.COORDINATOR) ?? false;
}

function assignmentState(a: Assignment): string {
  return t(`review.state.STATE_${Assignment_State[a.state]}` as Key);
}

// The reviewer's name when the viewer may know it, else the pseudonym.
async function who(a: { reviewer: string; pseudonym: string }): Promise<string> {
  return a.reviewer ? displayName(a.reviewer) : a.pseudonym;
}

function select<T extends number>(options: [T, Key][]): HTMLSelectElement {
  return h("select", null, options.map(([value, key]) => h("option", { value: String(value) }, t(key)))) as HTMLSelectElement;
}

// The rounds of a recommendation, for its page.
// Nothing for a draft, which the review service does not know yet.
export async function reviewRounds(rec: Recommendation, reload: () => Promise<void>): Promise<HTMLElement | null> {
  if (rec.state === Recommendation_State.DRAFT) return null;
  const cycles = (await reviews.listReviewCycles({ parent: rec.name })).reviewCycles;
  const section = h("section", { class: "card", "aria-labelledby": "h-rounds" }, h("h2", { id: "h-rounds" }, t("review.rounds")));
  for (const cycle of cycles) section.appendChild(await roundView(cycle, reload));
  if (isCoordinator() && rec.state === Recommendation_State.SUBMITTED && !cycles.some((c) => c.state === ReviewCycle_State.OPEN)) {
    section.appendChild(openCycleForm(rec, reload));
  }
  return section;
}

async function roundView(cycle: ReviewCycle, reload: () => Promise<void>): Promise<HTMLElement> {
  const assignments = (await reviews.listAssignments({ parent: cycle.name })).assignments;
  const written = (await reviews.listReviews({ parent: cycle.name })).reviews;
  const assignees = await Promise.all(assignments.map(who));
  const writers = await Promise.all(written.map(who));
  const view = h("div", { class: "round", "data-testid": "round" },
    h("h3", null, t("review.round", { n: cycle.round }), cycle.decision ? ` · ${t(outcomeKey(cycle.decision.outcome))}` : ""),
    h("h4", null, t("review.assignments")),
    h("ul", null, assignments.map((a, i) => h("li", { "data-testid": "assignment" },
      h("a", { href: `#/${a.name}` }, assignees[i]), ` · ${assignmentState(a)}`,
      a.reviewDueTime ? ` · ${formatTime(timestampDate(a.reviewDueTime))}` : ""))),
    written.length ? h("h4", null, t("review.reviews")) : null,
    written.map((r, i) => h("article", { class: "review", "data-testid": "review" },
      h("h5", null, `${writers[i]} · ${t(verdictKey(r.verdict))}`),
      r.scores ? h("p", null, `${r.scores.relevance} / ${r.scores.feasibility} / ${r.scores.impact}`) : null,
      renderMarkdown(r.commentsToAuthors),
      r.confidentialComments ? h("p", { class: "muted" }, r.confidentialComments) : null)));
  if (isCoordinator() && cycle.state === ReviewCycle_State.OPEN) {
    view.appendChild(suggestionsForm(cycle, reload));
    view.appendChild(decideForm(cycle, reload));
  }
  return view;
}

function outcomeKey(o: Decision_Outcome): Key {
  return o === Decision_Outcome.APPROVE ? "review.outcome.approve" : o === Decision_Outcome.REJECT ? "review.outcome.reject" : "review.outcome.changes";
}

function verdictKey(v: Review_Verdict): Key {
  return ({ [Review_Verdict.APPROVE]: "review.verdict.approve", [Review_Verdict.MINOR_CHANGES]: "review.verdict.minor",
    [Review_Verdict.MAJOR_CHANGES]: "review.verdict.major", [Review_Verdict.REJECT]: "review.verdict.reject" } as Record<number, Key>)[v] ?? "review.verdict.approve";
}

function openCycleForm(rec: Recommendation, reload: () => Promise<void>): HTMLElement {
  const required = h("input", { type: "number", min: 1, max: 10, value: 2 }) as HTMLInputElement;
  const blind = select([[BlindMode.DOUBLE_BLIND, "review.blind.double"], [BlindMode.SINGLE_BLIND, "review.blind.single"], [BlindMode.OPEN, "review.blind.open"]]);
  const cross = h("input", { type: "checkbox", checked: true }) as HTMLInputElement;
  const due = h("input", { type: "date", value: new Date(Date.now() + 21 * DAY).toISOString().slice(0, 10) }) as HTMLInputElement;
  const id = requestId();
  const form = h("form", { class: "card" }, h("h3", null, t("review.open")),
    field(t("review.required"), "required_reviews", required), field(t("review.blind"), "blind_mode", blind),
    field(t("review.crossCountry"), "require_cross_country", cross), field(t("review.due"), "due_time", due),
    h("button", { type: "submit" }, t("review.open")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (await submitting(form, async () => {
      await reviews.openReviewCycle({ parent: rec.name, requestId: id,
        policy: create(ReviewPolicySchema, { requiredReviews: Number(required.value), blindMode: Number(blind.value) as BlindMode, requireCrossCountry: cross.checked }),
        dueTime: timestampFromDate(new Date(`${due.value}T18:00:00Z`)) });
    })) await reload();
  });
  return form;
}

function suggestionsForm(cycle: ReviewCycle, reload: () => Promise<void>): HTMLElement {
  const list = h("div", { class: "suggestions" });
  const form = h("form", { class: "card" }, list);
  const ask = h("button", { type: "button", class: "secondary" }, t("review.suggest"));
  ask.addEventListener("click", async () => {
    await submitting(form, async () => {
      const found = await reviews.suggestReviewers({ name: cycle.name, count: 5 });
      const names = await displayNames(found.suggestions.map((s) => s.person));
      list.replaceChildren(...found.suggestions.map((s, i) => h("label", { class: "suggestion" },
        h("input", { type: "checkbox", value: s.person, checked: i < (cycle.policy?.requiredReviews ?? 1) }), ` ${names[i]} — ${s.reasons.join("; ")}`)),
        h("button", { type: "submit" }, t("review.assignSelected")));
    });
  });
  const id = requestId();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const people = [...list.querySelectorAll<HTMLInputElement>("input:checked")].map((c) => c.value);
    if (await submitting(form, async () => { await reviews.acceptSuggestions({ name: cycle.name, people, requestId: id }); })) await reload();
  });
  form.prepend(ask);
  return form;
}

function decideForm(cycle: ReviewCycle, reload: () => Promise<void>): HTMLElement {
  const outcome = select([[Decision_Outcome.APPROVE, "review.outcome.approve"], [Decision_Outcome.REQUEST_CHANGES, "review.outcome.changes"], [Decision_Outcome.REJECT, "review.outcome.reject"]]);
  const rationale = h("textarea", { rows: 3 }) as HTMLTextAreaElement;
  const id = requestId();
  const form = h("form", { class: "card" }, h("h3", null, t("review.decide")),
    field(t("review.outcome"), "outcome", outcome), field(t("review.rationale"), "rationale", rationale),
    h("button", { type: "submit" }, t("review.decide")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (await submitting(form, async () => {
      await reviews.decideReviewCycle({ name: cycle.name, etag: cycle.etag, requestId: id, outcome: Number(outcome.value) as Decision_Outcome, rationale: rationale.value });
    })) await reload();
  });
  return form;
}

// A reviewer's page: the version under review, accept or decline, the form.
export async function assignmentPage(root: HTMLElement, name: string): Promise<void> {
  mount(root, h("p", null, t("common.loading")));
  const cycleName = name.split("/").slice(0, 6).join("/");
  const recName = name.split("/").slice(0, 4).join("/");
  const assignment = (await reviews.listAssignments({ parent: cycleName })).assignments.find((a) => a.name === name);
  const cycle = await reviews.getReviewCycle({ name: cycleName });
  const rec = await recommendations.getRecommendation({ name: recName });
  const version = await recommendations.getVersion({ name: `${recName}/versions/${cycle.reviewedVersion}` });
  const reload = () => assignmentPage(root, name);
  const parts: (HTMLElement | null)[] = [
    h("h1", null, `${rec.number} · ${version.title}`),
    h("p", null, assignment ? assignmentState(assignment) : "",
      assignment?.reviewDueTime ? ` · ${t("review.due")}: ${formatTime(timestampDate(assignment.reviewDueTime))}` : ""),
    h("article", { class: "card", lang: version.language }, h("p", { class: "summary" }, version.summary), renderMarkdown(version.body)),
  ];
  if (assignment?.state === Assignment_State.INVITED) parts.push(respondForm(assignment, reload));
  if (assignment?.state === Assignment_State.ACCEPTED) parts.push(reviewForm(assignment, reload));
  mount(root, ...parts);
}

function respondForm(a: Assignment, reload: () => Promise<void>): HTMLElement {
  const reason = h("input", { type: "text" }) as HTMLInputElement;
  const accept = h("button", { type: "submit" }, t("review.accept"));
  const decline = h("button", { type: "button", class: "secondary" }, t("review.decline"));
  const form = h("form", { class: "card" }, accept, field(t("review.declineReason"), "reason", reason), decline);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (await submitting(form, async () => { await reviews.respondToAssignment({ name: a.name, accept: true, etag: a.etag }); })) await reload();
  });
  decline.addEventListener("click", async () => {
    if (await submitting(form, async () => { await reviews.respondToAssignment({ name: a.name, accept: false, reason: reason.value, etag: a.etag }); })) await reload();
  });
  return form;
}

function reviewForm(a: Assignment, reload: () => Promise<void>): HTMLElement {
  const verdict = select([[Review_Verdict.APPROVE, "review.verdict.approve"], [Review_Verdict.MINOR_CHANGES, "review.verdict.minor"],
    [Review_Verdict.MAJOR_CHANGES, "review.verdict.major"], [Review_Verdict.REJECT, "review.verdict.reject"]]);
  const score = () => h("input", { type: "number", min: 1, max: 5, value: 4 }) as HTMLInputElement;
  const relevance = score(), feasibility = score(), impact = score();
  const toAuthors = h("textarea", { rows: 6 }) as HTMLTextAreaElement;
  const confidential = h("textarea", { rows: 3 }) as HTMLTextAreaElement;
  const id = requestId();
  const form = h("form", { class: "card" }, h("h2", null, t("review.form")),
    field(t("review.verdict"), "verdict", verdict), field(t("review.relevance"), "relevance", relevance),
    field(t("review.feasibility"), "feasibility", feasibility), field(t("review.impact"), "impact", impact),
    field(t("review.toAuthors"), "comments_to_authors", toAuthors), field(t("review.confidential"), "confidential_comments", confidential),
    h("button", { type: "submit" }, t("review.submit")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (await submitting(form, async () => {
      await reviews.submitReview({ parent: a.name, requestId: id, review: {
        verdict: Number(verdict.value) as Review_Verdict,
        scores: { relevance: Number(relevance.value), feasibility: Number(feasibility.value), impact: Number(impact.value) },
        commentsToAuthors: toAuthors.value, confidentialComments: confidential.value } });
    })) await reload();
  });
  return form;
}

// "approved" or "STATE_APPROVED", as the board sends them, in words.
function stateText(state: string): string {
  return t(`state.${state.startsWith("STATE_") ? state : `STATE_${state.toUpperCase()}`}` as Key);
}

// The coordinator's board: where each recommendation waits, on whom, since when.
export async function boardPage(root: HTMLElement): Promise<void> {
  mount(root, h("p", null, t("common.loading")));
  const summit = await currentSummit();
  const board = await reviews.getStatusBoard({ summit });
  // Track × state: one row a track, one column a state.
  const tracks = [...new Set(board.counts.map((c) => c.track))];
  const states = [...new Set(board.counts.map((c) => c.state))];
  const count = (track: string, state: string) => board.counts.find((c) => c.track === track && c.state === state)?.count ?? 0;
  mount(root, h("h1", null, t("board.title")),
    h("h2", null, t("board.counts")),
    h("table", { class: "table", "data-testid": "counts" },
      h("thead", null, h("tr", null, h("th", { scope: "col" }, t("rec.track")), states.map((st) => h("th", { scope: "col" }, stateText(st))))),
      h("tbody", null, tracks.map((tr) => h("tr", null, h("th", { scope: "row" }, tr.split("/").pop() ?? tr),
        states.map((st) => h("td", null, String(count(tr, st)))))))),
    h("h2", null, t("nav.recommendations")),
    h("table", { class: "table" },
      h("thead", null, h("tr", null, ["№", t("rec.state"), t("board.waitingOn"), t("board.since"), t("board.agreement")].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, board.items.map((item) => h("tr", null,
        h("td", null, h("a", { href: `#/${item.recommendation}` }, item.number)),
        h("td", null, stateText(item.state)),
        h("td", null, item.waitingOn ? t(`waiting.WAITING_ON_${WaitingOn[item.waitingOn]}` as Key) : ""),
        h("td", null, item.waitingSince ? formatTime(timestampDate(item.waitingSince)) : ""),
        h("td", null, item.agreement ? t(`agreement.AGREEMENT_${Agreement[item.agreement]}` as Key) : ""))))),
    h("h2", null, t("board.overdue")),
    h("ul", null, board.overdue.map((o) => h("li", null, h("a", { href: `#/${o.recommendation}` }, o.recommendation), ` · ${o.reviewer} · `,
      o.dueTime ? formatTime(timestampDate(o.dueTime)) : ""))));
}
