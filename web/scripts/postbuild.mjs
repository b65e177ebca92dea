// After `vite build`: ship Swagger UI under dist/v1/docs/ and write the service worker with the list of
// files to keep for offline use. Plain Node, no plugin: what it does is all here.
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const web = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(web, "dist");

const docs = join(dist, "v1", "docs");
mkdirSync(docs, { recursive: true });
const swagger = join(web, "node_modules", "swagger-ui-dist");
for (const file of ["swagger-ui-bundle.js", "swagger-ui.css"]) copyFileSync(join(swagger, file), join(docs, file));
for (const file of ["index.html", "init.js"]) copyFileSync(join(web, "docs", file), join(docs, file));

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

// The app shell: the page, its scripts and styles (lazy chunks included: the map must work offline
// too), the manifest and icons. Swagger UI is left out: it is for developers, online.
const shell = walk(dist)
  .map((path) => "/" + relative(dist, path).split("\\").join("/"))
  .filter((url) => !url.startsWith("/v1/") && url !== "/sw.js" && !url.endsWith(".map"))
  .map((url) => (url === "/index.html" ? "/" : url))
  .concat(["/config.json"]) // served beside the build (runner or CloudFront), needed to start offline
  .sort();
const version = createHash("sha256").update(shell.join("\n")).digest("hex").slice(0, 12);
const template = readFileSync(join(web, "src", "sw.js"), "utf8");
writeFileSync(
  join(dist, "sw.js"),
  template.replace("__VERSION__", version).replace("__SHELL__", JSON.stringify(shell, null, 2)),
);
console.log(`postbuild: Swagger UI in dist/v1/docs, service worker ${version} keeps ${shell.length} files`);
