// Meetings: the list, and one meeting with every participant's local time
// (a different day marked), RSVP, agenda, minutes and their approval,
// action items, the .ics download and the slot finder.
import { timestampDate, timestampFromDate } from "@bufbuild/protobuf/wkt";
import { currentSummit, meetings } from "../api";
import { download, h, mount } from "../dom";
import { field, submitting } from "../forms";
import { Meeting_State, Participant_Rsvp, type LocalTime, type Meeting } from "../gen/summit/meetings/v1/resources_pb";
import { formatTime, t, type Key } from "../i18n";
import { renderMarkdown } from "../markdown";
import { displayName } from "../names";
import { currentUser } from "../session";

function stateLabel(state: Meeting_State): string {
  return t(`meet.state.STATE_${Meeting_State[state]}` as Key);
}

export async function meetingListPage(root: HTMLElement): Promise<void> {
  mount(root, h("p", null, t("common.loading")));
  const summit = await currentSummit();
  const list = (await meetings.listMeetings({ parent: summit, pageSize: 100 })).meetings;
  mount(root, h("h1", null, t("meet.list")),
    h("table", { class: "table" },
      h("thead", null, h("tr", null, [t("rec.title"), t("meet.when"), t("rec.state")].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, list.map((m) => h("tr", null,
        h("td", null, h("a", { href: `#/${m.name}` }, m.title)),
        h("td", null, m.startTime ? formatTime(timestampDate(m.startTime)) : ""),
        h("td", null, stateLabel(m.state)))))),
    slotFinder());
}

// "Tue 2025-11-11 10:00–13:00 Asia/Almaty (UTC+05:00)"; the end's date only
// when it is another day.
function localSpan(l: LocalTime): string {
  const [startDay] = l.start.split(" ");
  const end = l.end.startsWith(`${startDay} `) ? l.end.slice(startDay.length + 1) : l.end;
  return `${l.weekday} ${l.start}–${end} ${l.timeZone} (UTC${l.utcOffset})${dayShift(l.dayShift)}`;
}

function rsvpLabel(rsvp: Participant_Rsvp): string {
  if (rsvp === Participant_Rsvp.ACCEPTED) return t("meet.accept");
  if (rsvp === Participant_Rsvp.TENTATIVE) return t("meet.tentative");
  if (rsvp === Participant_Rsvp.DECLINED) return t("meet.decline");
  return "—";
}

function dayShift(shift: number): string {
  if (shift === 0) return "";
  return ` (${shift < 0 ? t("meet.dayBefore") : t("meet.dayShift", { n: shift })})`;
}

export async function meetingPage(root: HTMLElement, name: string): Promise<void> {
  mount(root, h("p", null, t("common.loading")));
  const m = await meetings.getMeeting({ name });
  const minutes = (await meetings.listMinutesVersions({ parent: name })).versions;
  const items = (await meetings.listActionItems({ parent: name })).actionItems;
  const reload = () => meetingPage(root, name);
  const me = currentUser()?.subject ?? "";
  const mine = m.participants.find((p) => p.person === me);
  const names = new Map<string, string>();
  await Promise.all(m.participants.map(async (p) => names.set(p.person, await displayName(p.person))));

  const ics = h("button", { type: "button", class: "secondary" }, t("meet.ics"));
  ics.addEventListener("click", async () => {
    const file = await meetings.exportMeetingCalendar({ name });
    download(file.filename, new Blob([file.content], { type: "text/calendar;charset=utf-8" }));
  });
  mount(root,
    h("h1", null, m.title),
    h("dl", { class: "facts" },
      h("dt", null, t("rec.state")), h("dd", null, stateLabel(m.state)),
      h("dt", null, t("meet.when")), h("dd", null, m.startTime ? formatTime(timestampDate(m.startTime)) : ""),
      h("dt", null, t("meet.place")), h("dd", null, [m.place, m.onlineLink].filter(Boolean).join(", "))),
    h("p", null, ics),
    mine && (m.state === Meeting_State.PLANNED || m.state === Meeting_State.SCHEDULED) ? rsvpForm(m, reload) : null,
    h("section", { class: "card" }, h("h2", null, t("meet.participants")),
      h("table", { class: "table" }, h("tbody", null, m.participants.map((p) => h("tr", null,
        h("td", null, names.get(p.person) ?? p.person),
        h("td", null, p.localTime ? localSpan(p.localTime) : ""),
        h("td", null, rsvpLabel(p.rsvp))))))),
    h("section", { class: "card" }, h("h2", null, t("meet.agenda")),
      h("ol", null, m.agenda.map((a) => h("li", null, `${a.title} · ${a.durationMinutes}′`,
        a.presenter ? ` · ${names.get(a.presenter) ?? a.presenter}` : "",
        a.recommendations.map((r) => [" · ", h("a", { href: `#/${r}` }, r.split("/").pop() ?? r)]))))),
    minutes.length ? h("section", { class: "card" }, h("h2", null, t("meet.minutes")),
      minutes.slice(-1).map((v) => h("div", null, renderMarkdown(v.text),
        v.decisions.length ? [h("h3", null, t("meet.decisions")), h("ul", null, v.decisions.map((d) => h("li", null, d)))] : null)),
      m.state === Meeting_State.HELD && mine ? approveButton(m, reload) : null) : null,
    items.length ? h("section", { class: "card" }, h("h2", null, t("meet.actions")),
      h("ul", null, items.map((a) => h("li", { class: a.overdue ? "overdue" : "" }, a.title, " · ", names.get(a.assignee) ?? a.assignee,
        a.dueTime ? ` · ${formatTime(timestampDate(a.dueTime))}` : "")))) : null);
}

function rsvpForm(m: Meeting, reload: () => Promise<void>): HTMLElement {
  const form = h("form", { class: "card actions" }, h("strong", null, t("meet.rsvp")));
  for (const [rsvp, key] of [[Participant_Rsvp.ACCEPTED, "meet.accept"], [Participant_Rsvp.TENTATIVE, "meet.tentative"], [Participant_Rsvp.DECLINED, "meet.decline"]] as const) {
    const button = h("button", { type: "button", class: "secondary" }, t(key));
    button.addEventListener("click", async () => {
      if (await submitting(form, async () => { await meetings.respondToInvitation({ name: m.name, rsvp }); })) await reload();
    });
    form.appendChild(button);
  }
  return form;
}

function approveButton(m: Meeting, reload: () => Promise<void>): HTMLElement {
  const form = h("form", null, h("button", { type: "submit" }, t("meet.approve")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (await submitting(form, async () => { await meetings.approveMinutes({ name: m.name, etag: m.etag }); })) await reload();
  });
  return form;
}

function slotFinder(): HTMLElement {
  const people = h("textarea", { rows: 3, value: currentUser()?.subject ?? "" }) as HTMLTextAreaElement;
  const results = h("ul", { "aria-live": "polite" });
  const form = h("form", { class: "card" }, h("h2", null, t("meet.slots")),
    field(t("meet.slots.people"), "participants", people), h("button", { type: "submit" }, t("meet.slots.find")), results);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    await submitting(form, async () => {
      const now = Date.now();
      const found = await meetings.findSlots({
        participants: people.value.split(/\s+/).filter(Boolean),
        duration: { seconds: BigInt(3600) },
        fromTime: timestampFromDate(new Date(now)), toTime: timestampFromDate(new Date(now + 14 * 24 * 3600 * 1000)),
        maxSlots: 5,
      });
      results.replaceChildren(...found.slots.map((s) => h("li", null, s.startTime ? formatTime(timestampDate(s.startTime)) : "", " — ",
        s.localTimes.map((l) => `${l.timeZone} ${l.start}${dayShift(l.dayShift)}`).join("; "))));
    });
  });
  return form;
}
