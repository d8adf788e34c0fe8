// My work: everything waiting on me, in one call (GetMyWork).
import { notifications } from "../api";
import { h, mount } from "../dom";
import type { WorkItem } from "../gen/summit/notifications/v1/resources_pb";
import { formatTime, t, type Key } from "../i18n";
import { timestampDate } from "@bufbuild/protobuf/wkt";

function linkFor(item: WorkItem): string {
  const parts = item.resource.split("/");
  // An assignment opens the reviewer's page, anything else of a
  // recommendation the recommendation.
  if (parts[4] === "reviewCycles" && parts[6] === "assignments") return `#/${item.resource}`;
  if (parts[2] === "recommendations") return `#/${parts.slice(0, 4).join("/")}`;
  if (parts[2] === "meetings") return `#/${parts.slice(0, 4).join("/")}`;
  return "#/work";
}

function section(titleKey: Key, items: WorkItem[]): HTMLElement {
  return h("section", { class: "card", "aria-labelledby": `h-${titleKey}` },
    h("h2", { id: `h-${titleKey}` }, t(titleKey), " ", h("span", { class: "count" }, String(items.length))),
    items.length === 0 ? h("p", { class: "muted" }, t("work.none")) :
      h("ul", { class: "items" }, items.map((item) => h("li", null,
        h("a", { href: linkFor(item) }, item.title || item.resource),
        item.dueTime ? h("span", { class: item.overdue ? "due overdue" : "due" },
          item.overdue ? t("work.overdue") + " · " : "", t("work.due", { time: formatTime(timestampDate(item.dueTime)) })) : null))));
}

export async function workPage(root: HTMLElement): Promise<void> {
  mount(root, h("p", null, t("common.loading")));
  const work = await notifications.getMyWork({});
  const markRead = h("button", { type: "button", class: "secondary" }, t("work.markread"));
  markRead.addEventListener("click", async () => {
    await notifications.markNotificationsRead({ all: true });
    await workPage(root);
  });
  mount(root,
    h("h1", null, t("work.title")),
    h("div", { class: "grid" },
      section("work.assignments", work.assignments),
      section("work.drafts", work.drafts),
      section("work.waiting", work.waitingOnMe),
      section("work.meetings", work.meetings),
      section("work.actions", work.actionItems),
      h("section", { class: "card", "aria-labelledby": "h-notes" },
        h("h2", { id: "h-notes" }, t("work.notifications"), " ", h("span", { class: "count" }, String(work.unreadCount))),
        work.unreadNotifications.length === 0 ? h("p", { class: "muted" }, t("work.none")) :
          h("ul", { class: "items" }, work.unreadNotifications.map((n) => h("li", null,
            h("strong", null, n.title), h("div", { class: "muted" }, n.body)))),
        work.unreadCount > 0 ? markRead : null)));
}
