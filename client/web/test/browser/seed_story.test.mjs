// The seed story through a real browser (Debian's Chromium), against a real
// summitd, PostgreSQL and SMTP sink: an expert signs in with the code from
// the mail, writes a Russian draft with a Korean translation and submits it;
// the server's refusals show next to their fields; the session stays out of
// page scripts; other sites cannot call.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import AxeBuilder from "@axe-core/playwright";
import { startStack } from "./harness.mjs";

let stack;
let draftUrl = "";  // the recommendation the expert submits, reviewed in the next test
before(async () => { stack = await startStack(); });
after(async () => { await stack?.stop(); });

async function signIn(page, email) {
  const before = stack.mailCount(email);
  await page.goto(`${stack.url}/#/signin`);
  await page.locator('[data-field="email"] input').fill(email);
  await page.locator("form").first().locator("button").click();
  await page.locator('[data-field="code"] input').fill(await stack.signInCode(email, before));
  await page.locator("form").nth(1).locator("button").click();
}

test("an expert signs in by emailed code and submits a Russian draft with a Korean translation", async () => {
  const context = await stack.browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const first = await page.goto(`${stack.url}/`);
  assert.match(first.headers()["content-security-policy"], /script-src 'self'/);
  assert.equal(first.headers()["x-frame-options"], "DENY");
  await page.getByRole("heading", { name: "Sign in" }).waitFor();

  await signIn(page, "aigerim@kisi.example");
  // Aigerim writes Kazakh first: the app speaks Kazakh to her.
  await page.getByRole("heading", { name: "Менің жұмысым" }).waitFor();
  assert.equal(await page.evaluate(() => document.cookie.includes("summit_session")), false);
  const session = (await context.cookies()).find((c) => c.name === "summit_session");
  assert.ok(session && session.httpOnly, "the session cookie is HttpOnly");
  assert.equal(session.sameSite, "Strict");

  await page.locator("header select").selectOption("en");
  await page.getByRole("heading", { level: 1, name: "My work" }).waitFor();
  // Every visible word of the frame and the page changes with the language.
  const english = await page.locator("body").innerText();
  for (const [lang, sample] of [["ko", "내 업무"], ["kk", "Менің жұмысым"]]) {
    await page.locator("header select").selectOption(lang);
    await page.getByRole("heading", { level: 1, name: sample }).waitFor();
    const shown = await page.locator("body").innerText();
    for (const word of ["My work", "Recommendations", "Activity", "Sign out", "Meetings", "Briefing package",
      "Reviews to answer or write", "My drafts", "Upcoming meetings", "Open action items", "Unread notifications", "Nothing here."]) {
      if (english.includes(word)) assert.ok(!shown.includes(word), `"${word}" stays English in ${lang}`);
    }
  }
  // Switched to Russian, the choice kept.
  await page.getByLabel("Тіл").selectOption("ru");
  await page.getByRole("link", { name: "Рекомендации" }).click();
  await page.getByRole("link", { name: "Новый черновик" }).click();
  await page.getByLabel("Язык оригинала").selectOption("ru");

  // The server's refusal, as it said it, next to the field it names.
  await page.getByRole("button", { name: "Создать черновик" }).click();
  const refusal = page.locator('[data-field="title"] .field-error');
  await refusal.waitFor();
  assert.match(await refusal.textContent(), /title/);

  await page.getByLabel("Заголовок").fill("Зелёный водород: совместные пилоты");
  await page.getByLabel("Краткое содержание").fill("Пилотные проекты Казахстана и Кореи");
  await page.getByLabel("Текст (Markdown)").fill("## Предложение\n\n- Пилот в Атырау\n- **Совместное** финансирование\n\n<script>window.pwned=1</script>\n\n[подробнее](javascript:window.pwned=2) <img src=x onerror=\"window.pwned=3\">");
  // The preview renders Markdown and shows markup as text.
  await page.locator(".preview h3", { hasText: "Предложение" }).waitFor();
  assert.equal(await page.locator(".preview strong").textContent(), "Совместное");
  assert.equal(await page.locator(".preview script, .preview img, .preview a").count(), 0);
  await page.getByRole("button", { name: "Создать черновик" }).click();
  await page.getByRole("heading", { level: 1, name: /Зелёный водород/ }).waitFor();
  assert.equal(await page.getByTestId("state").textContent(), "Черновик");
  assert.equal(await page.evaluate(() => window.pwned), undefined);

  // A Korean translation beside the original.
  await page.getByText("Добавить или обновить перевод").click();
  const translation = page.locator("details form");
  await translation.getByLabel("Язык оригинала").selectOption("ko");
  await translation.getByLabel("Заголовок").fill("그린 수소: 공동 시범 사업");
  await translation.getByLabel("Краткое содержание").fill("카자흐스탄과 한국의 시범 사업");
  await translation.getByLabel("Текст (Markdown)").fill("## 제안\n\n- 아티라우 시범 사업");
  await translation.getByRole("button", { name: "Сохранить перевод" }).click();
  await page.locator('article[lang="ko"] h2', { hasText: "그린 수소" }).waitFor();
  assert.equal(await page.locator('article[lang="ru"] h2').textContent(), "Зелёный водород: совместные пилоты");

  // An annex, sent in chunks; its type is told from the content, not the name.
  const pdf = Buffer.from("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< >>\nendobj\n", "latin1");
  const png = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de", "hex");
  const file = page.getByLabel(/^Файл \(PDF/);
  await file.setInputFiles({ name: "chart.pdf", mimeType: "application/pdf", buffer: png });
  await page.getByRole("button", { name: "Прикрепить" }).click();
  await page.locator('[data-field="filename"] .field-error', { hasText: "PNG" }).waitFor();
  await file.setInputFiles({ name: "annex.pdf", mimeType: "application/pdf", buffer: pdf });
  await page.getByRole("button", { name: "Прикрепить" }).click();
  await page.getByTestId("attachment").filter({ hasText: "application/pdf" }).waitFor();
  assert.equal(await page.getByTestId("attachment").count(), 1);

  draftUrl = page.url();
  // Submitted.
  const before = stack.mailCount("aigerim@kisi.example");
  await page.getByRole("button", { name: "Отправить на рецензию" }).click();
  await page.getByTestId("state").filter({ hasText: "Подана" }).waitFor();
  // Her mail says so, in Kazakh (her first language).
  const receipt = await stack.mailWith("aigerim@kisi.example", before, /Зелёный водород/);
  assert.match(receipt, /ұсынымыңыз жіберілді және қабылданды/);

  // Signing out ends the session on the server too.
  await page.getByRole("button", { name: "Выйти" }).click();
  await page.getByRole("heading", { name: "Вход" }).waitFor();
  assert.equal((await context.cookies()).find((c) => c.name === "summit_session"), undefined);
  await context.close();
});

test("a coordinator opens a double-blind cycle from suggestions; the reviewer reviews; the author sees a pseudonym", async () => {
  assert.ok(draftUrl, "the expert's story ran first");
  const coordinator = await stack.browser.newContext({ locale: "en-GB" });
  let page = await coordinator.newPage();
  await signIn(page, "seoyeon.lee@iepr.example");
  // Coordinators get the board; she reads Korean first, and switches to English.
  await page.locator('a[href="#/board"]').waitFor();
  await page.locator("header select").selectOption("en");
  await page.getByRole("link", { name: "Board" }).waitFor();
  await page.goto(draftUrl);
  await page.getByRole("heading", { name: "Open a review cycle" }).waitFor();
  await page.getByLabel("Reviews required").fill("1");
  await page.getByLabel("Blindness").selectOption({ label: "Double blind (nobody sees the other side)" });
  await page.getByRole("button", { name: "Open a review cycle" }).click();
  await page.getByRole("button", { name: "Suggest reviewers" }).click();
  // Cross-country: nobody from Kazakhstan, where the author works, is offered.
  const offered = page.locator(".suggestion input");
  await offered.first().waitFor();
  for (const box of await offered.all()) await box.uncheck();
  const values = await offered.evaluateAll((boxes) => boxes.map((b) => b.value));
  assert.ok(values.includes("people/kim-minjun"), values.join(" "));
  assert.ok(!values.includes("people/yerlan"), "a Kazakh reviewer for a Kazakh draft");
  await page.locator('.suggestion input[value="people/kim-minjun"]').check();
  await page.getByRole("button", { name: "Assign the selected" }).click();
  await page.getByTestId("assignment").filter({ hasText: "Invited" }).waitFor();

  // The reviewer finds the invitation in my work, accepts and reviews.
  const reviewer = await stack.browser.newContext({ locale: "en-GB" });
  const reviewerPage = await reviewer.newPage();
  await signIn(reviewerPage, "minjun.kim@iepr.example");
  await reviewerPage.locator("header select").selectOption("en");
  await reviewerPage.getByRole("heading", { name: "My work" }).waitFor();
  await reviewerPage.locator("section", { hasText: "Reviews to answer or write" }).getByRole("link").first().click();
  await reviewerPage.getByRole("button", { name: "Accept the invitation" }).click();
  await reviewerPage.getByRole("heading", { name: "Your review" }).waitFor();
  await reviewerPage.getByLabel("Verdict").selectOption({ label: "Minor changes" });
  await reviewerPage.getByLabel("Comments to the authors").fill("Add the Korean port capacity figures.");
  await reviewerPage.getByLabel("Confidential comments (coordinators only)").fill("Strong, but the costs are optimistic.");
  await reviewerPage.getByRole("button", { name: "Submit the review" }).click();
  await reviewerPage.getByRole("heading", { name: "Your review" }).waitFor({ state: "detached" });

  // The coordinator decides.
  await page.reload();
  await page.getByTestId("review").first().waitFor();
  await page.getByLabel("Outcome").selectOption({ label: "Approve" });
  await page.getByLabel("Rationale").fill("The reviewer supports it.");
  await page.getByRole("button", { name: "Decide" }).click();
  await page.locator("h3", { hasText: "Approve" }).waitFor();
  // Its path so far, for the coordinator: the version, the submission, the round and its decision.
  await page.getByTestId("trace-step").filter({ hasText: "Round 1: approve" }).waitFor();
  assert.equal(await page.getByTestId("trace-step").filter({ hasText: "Submitted" }).count(), 1);

  // The author reads the review under a pseudonym, without the confidential part.
  const author = await stack.browser.newContext({ locale: "en-GB" });
  page = await author.newPage();
  await signIn(page, "aigerim@kisi.example");
  await page.locator('a[href="#/recommendations"]').waitFor();
  await page.goto(draftUrl);
  const review = page.getByTestId("review").first();
  await review.waitFor();
  assert.match(await review.innerText(), /^Reviewer 1 · /);
  // The decision, and the recommendation's new state, in her language.
  await page.locator('[data-testid="round"] h3', { hasText: "Мақұлдау" }).waitFor();
  assert.equal(await page.getByTestId("state").textContent(), "Мақұлданды");
  const seen = await page.locator("main").innerText();
  assert.match(seen, /Add the Korean port capacity figures/);
  for (const name of ["Kim", "Минджун", "김민준", "kim-minjun", "costs are optimistic"]) {
    assert.ok(!seen.includes(name), `the author sees "${name}"`);
  }
  await Promise.all([coordinator.close(), reviewer.close(), author.close()]);
});

test("meetings show each participant's local time and a calendar file; the briefing package is compiled, downloaded and finalised", async () => {
  const context = await stack.browser.newContext({ locale: "en-GB", acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, "seoyeon.lee@iepr.example");
  await page.locator('a[href="#/meetings"]').waitFor();
  await page.locator("header select").selectOption("en");
  await page.getByRole("link", { name: "Meetings" }).click();
  await page.getByRole("link", { name: /KISI – IEPR seminar/ }).click();
  const participants = page.locator("section", { hasText: "Participants and their local time" });
  await participants.waitFor();
  const table = await participants.innerText();
  assert.match(table, /10:00–13:00 Asia\/Almaty/);
  assert.match(table, /14:00–17:00 Asia\/Seoul/);
  const [ics] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: /\.ics/ }).click()]);
  const calendar = await (await ics.createReadStream()).toArray();
  assert.match(Buffer.concat(calendar).toString("utf8"), /BEGIN:VCALENDAR[^]*DTSTART/);

  await page.getByRole("link", { name: "Briefing package" }).click();
  await page.getByRole("button", { name: "Compile a new version" }).click();
  const newest = page.locator("section", { hasText: "Version 2" });
  await newest.waitFor();
  assert.match(await newest.innerText(), /Зелёный водород|K-SILK ROAD/);
  await newest.getByLabel("language").selectOption("ru");
  await newest.getByLabel("format").selectOption("PDF");
  const [pdf] = await Promise.all([page.waitForEvent("download"), newest.getByRole("button", { name: "Download" }).click()]);
  const document = Buffer.concat(await (await pdf.createReadStream()).toArray());
  assert.equal(document.subarray(0, 5).toString("latin1"), "%PDF-");
  assert.match(pdf.suggestedFilename(), /\.pdf$/);
  page.once("dialog", (dialog) => dialog.accept());
  await newest.getByRole("button", { name: "Finalise and adopt" }).click();
  await page.locator("section h2", { hasText: "Version 2 · Final" }).waitFor();
  await context.close();
});

test("every page passes an accessibility scan (axe, WCAG 2 A and AA) and works from the keyboard", async () => {
  const context = await stack.browser.newContext({ locale: "en-GB", viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${stack.url}/#/signin`);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  const pages = ["#/signin"];
  // Signing in by keyboard alone: the email field has focus, Enter sends.
  const before = stack.mailCount("seoyeon.lee@iepr.example");
  await page.keyboard.type("seoyeon.lee@iepr.example");
  await page.keyboard.press("Enter");
  await page.locator('[data-field="code"] input:focus').waitFor();
  await page.keyboard.type(await stack.signInCode("seoyeon.lee@iepr.example", before));
  await page.keyboard.press("Enter");
  await page.locator('a[href="#/board"]').waitFor();
  pages.push("#/work", "#/recommendations", "#/summits/ca-kr-2025/recommendations/silk-road-logistics",
    "#/board", "#/meetings", "#/summits/ca-kr-2025/meetings/kisi-iepr-seminar", "#/briefing", "#/activity", "#/new");
  for (const hash of pages.slice(1)) {
    // A fresh load of each page, so that the heading waited for is its own.
    await page.goto("about:blank");
    await page.goto(`${stack.url}/${hash}`);
    await page.locator("main h1").waitFor().catch(async () => {
      throw new Error(`${hash} shows no heading: ${await page.locator("main").innerText()}`);
    });
    // SUMMIT_SCREENSHOTS=docs/screenshots keeps a picture of each page.
    if (process.env.SUMMIT_SCREENSHOTS) {
      const file = hash.slice(2).split("/").filter((part, i) => i === 0 || i === 2 || i === 3).join("-") || "work";
      await page.screenshot({ path: `${process.env.SUMMIT_SCREENSHOTS}/${file}.png`, fullPage: true });
    }
    const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    assert.deepEqual(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), [], hash);
    // Readable on a tablet held upright: nothing wider than the screen.
    await page.setViewportSize({ width: 768, height: 1024 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${hash} is ${overflow}px wider than a tablet`);
    await page.setViewportSize({ width: 1200, height: 800 });
  }
  await context.close();
});

test("the activity page shows a new event as it happens, through the gateway's stream", async () => {
  const context = await stack.browser.newContext({ locale: "en-GB" });
  const page = await context.newPage();
  await signIn(page, "seoyeon.lee@iepr.example");
  await page.locator('a[href="#/activity"]').click();
  await page.locator("main h1").waitFor();
  // The watch starts from the present once its request is out, which the
  // page does not show: write until a write arrives (bounded), then check
  // that it arrived once.
  const rows = page.locator(".feed li", { hasText: "organizations/live-" });
  for (let i = 0; i < 30 && (await rows.count()) === 0; i++) {
    const created = await fetch(`${stack.url}/summit.directory.v1.DirectoryService/CreateOrganization`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Connect-Protocol-Version": "1", Authorization: `Bearer ${stack.adminToken}` },
      body: JSON.stringify({ organizationId: `live-${i}`, organization: { displayName: `Live ${i}`, kind: "KIND_THINK_TANK", countryCode: "KZ" } }),
    });
    assert.equal(created.status, 200, await created.text());
    await rows.first().waitFor({ timeout: 1000 }).catch(() => {});
  }
  const first = await rows.first().innerText();
  const id = /organizations\/(live-\d+)/.exec(first)[1];
  assert.equal(await page.locator(".feed li", { hasText: new RegExp(`organizations/${id}(\\s|$)`) }).count(), 1);
  await context.close();
});

test("the gateway speaks Connect and refuses what a browser must not do", async () => {
  const call = (path, init = {}) => fetch(`${stack.url}/${path}`, {
    method: "POST",
    ...init,
    headers: { "Content-Type": "application/json", "Connect-Protocol-Version": "1", ...(init.headers ?? {}) },
  });
  const admin = { Authorization: `Bearer ${stack.adminToken}` };
  const whoami = await call("summit.directory.v1.DirectoryService/WhoAmI", { headers: admin, body: "{}" });
  assert.equal(whoami.status, 200);
  assert.equal((await whoami.json()).subject, "people/admin");

  const anonymous = await call("summit.directory.v1.DirectoryService/WhoAmI", { body: "{}" });
  assert.equal(anonymous.status, 401);
  assert.equal((await anonymous.json()).code, "unauthenticated");

  const missing = await call("summit.directory.v1.DirectoryService/GetPerson", { headers: admin, body: '{"name":"people/nobody"}' });
  assert.equal(missing.status, 404);
  assert.deepEqual(Object.keys(await missing.json()).sort(), ["code", "message"]);

  const badField = await call("summit.directory.v1.DirectoryService/GetPerson", { headers: admin, body: '{"nme":"x"}' });
  assert.equal(badField.status, 400);
  assert.match((await badField.json()).message, /nme/);

  const otherSite = await call("summit.directory.v1.DirectoryService/WhoAmI", { headers: { ...admin, Origin: "https://evil.example" }, body: "{}" });
  assert.equal(otherSite.status, 403);

  // CORS for a configured origin only.
  const preflight = await fetch(`${stack.url}/summit.directory.v1.DirectoryService/WhoAmI`, {
    method: "OPTIONS", headers: { Origin: "http://partner.example", "Access-Control-Request-Method": "POST" } });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get("access-control-allow-origin"), "http://partner.example");
  const partner = await call("summit.directory.v1.DirectoryService/WhoAmI", { headers: { ...admin, Origin: "http://partner.example" }, body: "{}" });
  assert.equal(partner.status, 200);
  assert.equal(partner.headers.get("access-control-allow-origin"), "http://partner.example");
  assert.equal(otherSite.headers.get("access-control-allow-origin"), null);
  const evilPreflight = await fetch(`${stack.url}/summit.directory.v1.DirectoryService/WhoAmI`, {
    method: "OPTIONS", headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "POST" } });
  assert.equal(evilPreflight.headers.get("access-control-allow-origin"), null);

  const noProtocol = await fetch(`${stack.url}/summit.directory.v1.DirectoryService/WhoAmI`, {
    method: "POST", headers: { "Content-Type": "application/json", ...admin }, body: "{}" });
  assert.equal(noProtocol.status, 400);

  const form = await call("summit.directory.v1.DirectoryService/WhoAmI", { headers: { ...admin, "Content-Type": "application/x-www-form-urlencoded" }, body: "a=b" });
  assert.equal(form.status, 415);

  const internal = await call("summit.directory.internal.v1.DirectoryInternalService/ListRevokedTokens", { headers: admin, body: "{}" });
  assert.equal(internal.status, 404);

  const tooBig = await call("summit.directory.v1.DirectoryService/WhoAmI", { headers: admin, body: `{"x":"${"a".repeat(5 * 1024 * 1024)}"}` });
  assert.equal(tooBig.status, 413);

  // Hashed assets are kept; the page is revalidated.
  const page = await fetch(`${stack.url}/`);
  assert.equal(page.headers.get("cache-control"), "no-cache");
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(await page.text())[1];
  assert.match((await fetch(`${stack.url}${script}`)).headers.get("cache-control"), /immutable/);
  for (const path of ["/../../etc/passwd", "/assets/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd"]) {
    assert.doesNotMatch(await (await fetch(`${stack.url}${path}`)).text(), /root:/);
  }
});
