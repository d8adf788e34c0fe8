// The app's frame: the header with navigation and language, and the router
// (#/work, #/recommendations, #/new, #/activity, #/signin?email=… from the
// sign-in mail, and #/<resource name> as the links in other mail have them).
import { h, mount } from "./dom";
import { Role } from "./gen/summit/directory/v1/resources_pb";
import { LANGUAGES, language, setLanguage, t, type Language } from "./i18n";
import { activityPage, stopActivity } from "./pages/activity";
import { newRecommendationPage, recommendationListPage, recommendationPage } from "./pages/recommendations";
import { briefingPage } from "./pages/briefing";
import { meetingListPage, meetingPage } from "./pages/meetings";
import { assignmentPage, boardPage } from "./pages/reviews";
import { signInPage } from "./pages/signin";
import { workPage } from "./pages/work";
import { currentUser, loadSession, signOut } from "./session";

const RECOMMENDATION = /^\/summits\/[^/]+\/recommendations\/[^/]+$/;
const MEETING = /^\/summits\/[^/]+\/meetings\/[^/]+$/;
const ASSIGNMENT = /^\/summits\/[^/]+\/recommendations\/[^/]+\/reviewCycles\/[^/]+\/assignments\/[^/]+$/;
const header = document.getElementById("header")!;
const main = document.getElementById("main")!;

function go(hash: string): void {
  if (location.hash === hash) void route();
  else location.hash = hash;
}

function renderHeader(): void {
  const me = currentUser();
  const picker = h("select", { "aria-label": t("nav.language") },
    Object.entries(LANGUAGES).map(([code, name]) => h("option", { value: code, selected: code === language() }, name))) as HTMLSelectElement;
  picker.addEventListener("change", () => {
    setLanguage(picker.value as Language, true);
    void route();
  });
  const out = h("button", { type: "button", class: "secondary" }, t("nav.signout"));
  out.addEventListener("click", async () => {
    await signOut();
    go("#/signin");
  });
  mount(header,
    h("a", { class: "skip", href: "#main" }, t("app.skip")),
    h("strong", { class: "brand" }, t("app.name")),
    me ? h("nav", { "aria-label": t("app.name") },
      h("a", { href: "#/work" }, t("nav.work")),
      h("a", { href: "#/recommendations" }, t("nav.recommendations")),
      h("a", { href: "#/meetings" }, t("nav.meetings")),
      me.roles.includes(Role.COORDINATOR) ? h("a", { href: "#/board" }, t("nav.board")) : null,
      h("a", { href: "#/briefing" }, t("nav.briefing")),
      h("a", { href: "#/activity" }, t("nav.activity"))) : null,
    h("div", { class: "spacer" }),
    picker,
    me ? h("span", { class: "who" }, me.person?.displayName ?? me.subject) : null,
    me ? out : null);
}

// Each navigation renders into a view of its own, put in <main> at once. A
// page still loading when the person moves on (a slow list, a language
// switch followed by a click) finishes into its own view, by then detached,
// instead of drawing over the newer page.
async function route(): Promise<void> {
  stopActivity();
  const [path, query] = (location.hash.slice(1) || "/work").split("?");
  const params = new URLSearchParams(query ?? "");
  renderHeader();
  const view = h("div", { class: "view" });
  mount(main, view);
  if (!currentUser() || path === "/signin") {
    if (currentUser() && path === "/signin") return go("#/work");
    return signInPage(view, params, async () => {
      await loadSession();
      go("#/work");
    });
  }
  try {
    if (path === "/work" || path === "/inbox") await workPage(view);
    else if (path === "/recommendations") await recommendationListPage(view);
    else if (path === "/new") await newRecommendationPage(view, go);
    else if (RECOMMENDATION.test(path)) await recommendationPage(view, path.slice(1));
    else if (ASSIGNMENT.test(path)) await assignmentPage(view, path.slice(1));
    else if (path === "/board") await boardPage(view);
    else if (path === "/meetings") await meetingListPage(view);
    else if (MEETING.test(path)) await meetingPage(view, path.slice(1));
    else if (path === "/briefing") await briefingPage(view);
    else if (path === "/activity") await activityPage(view);
    else go("#/work");
  } catch (error) {
    mount(view, h("p", { class: "form-error", role: "alert" }, t("common.error", { message: String((error as Error).message ?? error) })));
  }
  if (view.isConnected) main.focus();
}

window.addEventListener("hashchange", () => void route());
void loadSession().then(route);
