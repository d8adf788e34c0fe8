// Bundles the app into dist/: assets/ named by content hash (cached for
// good by summitd) and index.html pointing at them (always revalidated).
import { build } from "esbuild";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename } from "node:path";

rmSync("dist", { recursive: true, force: true });
mkdirSync("dist/assets", { recursive: true });
const result = await build({
  entryPoints: { app: "src/app.ts", styles: "src/styles.css" },
  bundle: true,
  minify: true,
  sourcemap: true,
  format: "esm",
  target: "es2022",
  outdir: "dist/assets",
  entryNames: "[name]-[hash]",
  metafile: true,
  logLevel: "warning",
});
const outputs = Object.keys(result.metafile.outputs).filter((f) => !f.endsWith(".map"));
const script = basename(outputs.find((f) => f.endsWith(".js")));
const styles = basename(outputs.find((f) => f.endsWith(".css")));
const html = readFileSync("index.html", "utf8").replace("/assets/SCRIPT", `/assets/${script}`).replace("/assets/STYLES", `/assets/${styles}`);
writeFileSync("dist/index.html", html);
console.log(`dist/assets/${script} dist/assets/${styles}`);
