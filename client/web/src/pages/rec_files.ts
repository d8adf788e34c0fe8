// A recommendation's files and its trace, for its page: the current
// version's attachments with a download, attaching a file or importing a
// Word/OpenDocument file as a new version (sent in 1 MiB chunks), and the
// coordinator's trace through meetings, reviews and briefing packages.
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { recommendations, requestId } from "../api";
import { download, h } from "../dom";
import { field, submitting } from "../forms";
import { Role } from "../gen/summit/directory/v1/resources_pb";
import { TraceStep_Kind, type Recommendation } from "../gen/summit/recommendations/v1/resources_pb";
import { formatTime, t, type Key } from "../i18n";
import { currentUser } from "../session";

const CHUNK = 1 << 20;
const ACCEPTED = ".pdf,.docx,.xlsx,.odt,.png,.jpg,.jpeg";

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // Only in a secure context (HTTPS or localhost); the server checks the
  // content it received either way.
  if (!crypto.subtle) return "";
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new Uint8Array(bytes)));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

// Sends `file` to the recommendation; the complete upload's name.
async function send(rec: string, file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let upload = await recommendations.startUpload({
    parent: rec, filename: file.name, sizeBytes: BigInt(bytes.length), sha256: await sha256Hex(bytes), requestId: requestId(),
  });
  while (upload.receivedBytes < upload.sizeBytes) {
    const at = Number(upload.receivedBytes);
    upload = await recommendations.appendUploadChunk({ name: upload.name, offset: upload.receivedBytes, data: bytes.subarray(at, at + CHUNK) });
  }
  return upload.name;
}

async function fetchFile(name: string): Promise<Blob> {
  const parts: BlobPart[] = [];
  let offset = 0n;
  for (;;) {
    const range = await recommendations.readAttachment({ name, offset });
    if (range.data.length === 0) break;
    parts.push(new Uint8Array(range.data));
    offset += BigInt(range.data.length);
    if (offset >= range.sizeBytes) break;
  }
  return new Blob(parts);
}

function size(bytes: bigint): string {
  const n = Number(bytes);
  return n < 1024 * 1024 ? `${Math.ceil(n / 1024)} KB` : `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

export async function filesCard(rec: Recommendation, editable: boolean, reload: () => Promise<void>): Promise<HTMLElement> {
  const listed = (await recommendations.listAttachments({ parent: `${rec.name}/versions/${rec.currentVersion}` })).attachments;
  const section = h("section", { class: "card", "aria-labelledby": "h-files" }, h("h2", { id: "h-files" }, t("files.title")),
    listed.length === 0 ? h("p", null, t("files.none")) : h("ul", null, listed.map((a) => {
      const get = h("button", { type: "button", class: "link" }, t("files.download", { name: a.filename }));
      get.addEventListener("click", async () => download(a.filename, await fetchFile(a.name)));
      return h("li", { "data-testid": "attachment" }, get, ` · ${a.contentType} · ${size(a.sizeBytes)}`,
        a.sourceDocument ? ` · ${t("files.source")}` : "");
    })));
  const me = currentUser()?.subject ?? "";
  if (!editable || !rec.authors.includes(me)) return section;

  const input = h("input", { type: "file", accept: ACCEPTED, required: "" }) as HTMLInputElement;
  const importing = h("button", { type: "button", class: "secondary" }, t("files.import"));
  const form = h("form", null, field(t("files.choose"), "filename", input),
    h("div", { class: "actions" }, h("button", { type: "submit" }, t("files.attach")), importing));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const file = input.files?.[0];
    if (file && await submitting(form, async () => { await recommendations.attachUpload({ name: await send(rec.name, file) }); })) await reload();
  });
  importing.addEventListener("click", async () => {
    const file = input.files?.[0];
    if (!file) {
      input.reportValidity();
      return;
    }
    if (await submitting(form, async () => { await recommendations.importVersion({ upload: await send(rec.name, file) }); })) await reload();
  });
  section.appendChild(form);
  return section;
}

// Coordinators only (the server refuses others); nothing for anyone else.
export async function traceCard(rec: Recommendation): Promise<HTMLElement | null> {
  if (!(currentUser()?.roles.includes(Role.COORDINATOR) ?? false)) return null;
  const trace = await recommendations.traceRecommendation({ name: rec.name });
  return h("section", { class: "card", "aria-labelledby": "h-trace" }, h("h2", { id: "h-trace" }, t("trace.title")),
    h("ol", { class: "trace" }, trace.steps.map((s) => h("li", { "data-testid": "trace-step" },
      h("time", null, formatTime(s.time ? timestampDate(s.time) : undefined)), " · ",
      h("strong", null, t(`trace.${TraceStep_Kind[s.kind]}` as Key)), " · ", s.summary))));
}
