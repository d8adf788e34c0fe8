// Starts what the browser tests run against: a fresh database on the test
// cluster (SUMMIT_TEST_PG_DIR), the mail sink, summitd with its HTTP
// listener serving the built app, the demo data, and Debian's Chromium
// through playwright-core (never a downloaded browser).
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";

const source = resolve(process.env.SUMMIT_SOURCE_DIR ?? join(import.meta.dirname, "../../../.."));
const build = resolve(process.env.SUMMIT_BUILD_DIR ?? join(source, "build"));
const pgDir = process.env.SUMMIT_TEST_PG_DIR;

async function waitFor(what, predicate, seconds = 60) {
  const giveUp = Date.now() + seconds * 1000;
  for (;;) {
    const result = await predicate();
    if (result) return result;
    if (Date.now() > giveUp) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startStack() {
  if (!pgDir) throw new Error("SUMMIT_TEST_PG_DIR is not set (run through ctest)");
  const work = mkdtempSync(join(tmpdir(), "summit-web-"));
  const port = readFileSync(join(pgDir, "port"), "utf8").trim();
  const admin = `host=${pgDir} port=${port} user=postgres`;
  const db = `web_${randomBytes(4).toString("hex")}`;
  execFileSync("psql", [`${admin} dbname=postgres`, "-qc", `CREATE DATABASE ${db}`]);
  const key = join(work, "token.key");
  writeFileSync(key, randomBytes(48).toString("hex"), { mode: 0o600 });
  const mail = join(work, "mail");
  const sink = spawn("/usr/bin/python3", [join(source, "deploy/local/mail_sink.py"), mail, "0", join(work, "mail.port")], { stdio: "ignore" });
  const mailPort = await waitFor("the mail sink", () => existsSync(join(work, "mail.port")) && readFileSync(join(work, "mail.port"), "utf8").trim());
  const env = { ...process.env, SUMMIT_DATABASE: `${admin} dbname=${db}`, SUMMIT_TOKEN_KEY_FILE: key,
    SUMMIT_SMTP_URL: `smtp://127.0.0.1:${mailPort}`, SUMMIT_MAIL_FROM: "summit@web.example", SUMMIT_DRAIN_SECONDS: "0" };
  const summitd = join(build, "services/server/summitd");
  execFileSync(summitd, ["migrate"], { env, stdio: "ignore" });
  const adminToken = execFileSync(summitd, ["bootstrap-admin"], { env }).toString().trim();
  const server = spawn(summitd, ["serve", "--listen", "127.0.0.1:0", "--port-file", join(work, "grpc.port"),
    "--http-listen", "127.0.0.1:0", "--http-port-file", join(work, "http.port"),
    "--web-app-dir", join(source, "client/web/dist"), "--allowed-origin", "http://partner.example"], { env, stdio: ["ignore", "ignore", "inherit"] });
  const grpcPort = await waitFor("summitd", () => existsSync(join(work, "grpc.port")) && readFileSync(join(work, "grpc.port"), "utf8").trim());
  const httpPort = readFileSync(join(work, "http.port"), "utf8").trim();
  execFileSync(join(source, "deploy/local/load_demo_data.sh"), [join(build, "client/summitctl/summitctl"), join(work, "tokens")],
    { env: { ...env, SUMMIT_SERVER: `127.0.0.1:${grpcPort}`, SUMMIT_TOKEN: adminToken, SUMMIT_CREDENTIALS_FILE: "/dev/null" }, stdio: "ignore" });
  const browser = await chromium.launch({ executablePath: process.env.SUMMIT_CHROMIUM ?? "/usr/bin/chromium", headless: true, args: ["--no-sandbox"] });
  // The messages to `address` the sink kept, oldest first, as raw text.
  const mailTo = (address) => (existsSync(mail) ? readdirSync(mail) : [])
    .filter((f) => f.endsWith(".eml") && f.includes(address)).sort()
    .map((f) => readFileSync(join(mail, f), "utf8"));
  return {
    url: `http://127.0.0.1:${httpPort}`,
    browser,
    adminToken,
    // The text of the first mail to `address` after `since` messages whose
    // text matches `pattern`.
    async mailWith(address, since, pattern) {
      return waitFor(`mail to ${address} matching ${pattern}`, () => {
        return mailTo(address).slice(since).map(textOf).find((text) => pattern.test(text)) ?? null;
      });
    },
    // The code of the first sign-in mail to `address` after `since` messages
    // (other mail may arrive for the same person in between).
    async signInCode(address, since) {
      return waitFor(`a sign-in code for ${address}`, () => {
        const found = mailTo(address).slice(since).find((m) => /^Message-ID: <signin\./m.test(m));
        return found ? codeIn(found) : null;
      });
    },
    mailCount(address) {
      return mailTo(address).length;
    },
    async stop() {
      await browser.close();
      server.kill("SIGTERM");
      sink.kill("SIGTERM");
      await new Promise((r) => server.once("exit", r));
      execFileSync("psql", [`${admin} dbname=postgres`, "-qc", `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`]);
      rmSync(work, { recursive: true, force: true });
    },
  };
}

// The text part of a mail (base64, as summitd writes it).
export function textOf(mail) {
  const part = /Content-Type: text\/plain[^]*?\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/.exec(mail);
  if (!part) throw new Error("no text part in the mail");
  return Buffer.from(part[1].replace(/\s+/g, ""), "base64").toString("utf8");
}

// The 6-digit code in a sign-in mail.
export function codeIn(mail) {
  const match = /\b(\d{6})\b/.exec(textOf(mail));
  if (!match) throw new Error("no code in the mail");
  return match[1];
}
