// The activity feed, live: a server stream through the gateway; on a broken
// connection it resumes from the last cursor seen, so nothing is missed or
// shown twice.
import { feed } from "../api";
import { h, mount } from "../dom";
import type { Event } from "../gen/summit/feed/v1/resources_pb";
import { formatTime, t } from "../i18n";
import { timestampDate } from "@bufbuild/protobuf/wkt";

let watching: AbortController | null = null;

export function stopActivity(): void {
  watching?.abort();
  watching = null;
}

function row(e: Event): HTMLElement {
  return h("li", null, h("time", null, formatTime(e.eventTime ? timestampDate(e.eventTime) : undefined)), " ",
    h("strong", null, e.type), " ", e.resource, e.actor ? ` — ${e.actor}` : "");
}

export async function activityPage(root: HTMLElement): Promise<void> {
  stopActivity();
  const list = h("ol", { class: "feed", reversed: true, "aria-live": "polite" });
  const status = h("p", { class: "muted", role: "status" }, t("activity.live"));
  mount(root, h("h1", null, t("activity.title")), status, list);
  // From now on; after a break, from the last event seen.
  let cursor = "";
  const controller = new AbortController();
  watching = controller;
  while (!controller.signal.aborted) {
    try {
      for await (const e of feed.watchEvents({ cursor }, { signal: controller.signal })) {
        list.prepend(row(e));
        cursor = e.cursor;
        status.textContent = t("activity.live");
      }
    } catch {
      if (controller.signal.aborted) return;
      status.textContent = t("activity.reconnecting");
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}
