// A safe Markdown preview: headings, paragraphs, lists, quotes, code, bold,
// italics. It builds DOM nodes from text, never HTML, so a draft cannot
// inject markup or script into the page.
import { h } from "./dom";

export function renderMarkdown(source: string): HTMLElement {
  const root = h("div", { class: "markdown" });
  const lines = source.replace(/\r\n/g, "\n").split("\n");
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === "") { i++; continue; }
    if (line.startsWith("```")) {
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i].startsWith("```"); i++) code.push(lines[i]);
      i++;
      root.appendChild(h("pre", null, h("code", null, code.join("\n"))));
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      root.appendChild(h(`h${Math.min(6, heading[1].length + 1)}`, null, ...inline(heading[2])));
      i++;
      continue;
    }
    const listKind = /^\s*([-*+]|\d+[.)])\s+/.exec(line);
    if (listKind) {
      const ordered = /\d/.test(listKind[1]);
      const list = h(ordered ? "ol" : "ul");
      while (i < lines.length && /^\s*([-*+]|\d+[.)])\s+/.test(lines[i])) {
        list.appendChild(h("li", null, ...inline(lines[i].replace(/^\s*([-*+]|\d+[.)])\s+/, ""))));
        i++;
      }
      root.appendChild(list);
      continue;
    }
    if (line.startsWith(">")) {
      const quoted: string[] = [];
      while (i < lines.length && lines[i].startsWith(">")) quoted.push(lines[i++].replace(/^>\s?/, ""));
      root.appendChild(h("blockquote", null, ...inline(quoted.join(" "))));
      continue;
    }
    const paragraph: string[] = [];
    while (i < lines.length && lines[i].trim() !== "" && !/^(#{1,6}\s|```|>|\s*([-*+]|\d+[.)])\s)/.test(lines[i])) {
      paragraph.push(lines[i++]);
    }
    root.appendChild(h("p", null, ...inline(paragraph.join(" "))));
  }
  return root;
}

// **bold**, *italic* or _italic_, `code`; everything else is text.
function inline(text: string): Node[] {
  const out: Node[] = [];
  const pattern = /(\*\*[^*]+\*\*|`[^`]+`|\*[^*]+\*|_[^_]+_)/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const at = match.index ?? 0;
    if (at > last) out.push(document.createTextNode(text.slice(last, at)));
    const token = match[0];
    if (token.startsWith("**")) out.push(h("strong", null, token.slice(2, -2)));
    else if (token.startsWith("`")) out.push(h("code", null, token.slice(1, -1)));
    else out.push(h("em", null, token.slice(1, -1)));
    last = at + token.length;
  }
  if (last < text.length) out.push(document.createTextNode(text.slice(last)));
  return out;
}
