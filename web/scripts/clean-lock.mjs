// Drops the address-bearing metadata npm writes into package-lock.json beside the registry address that
// omit-lockfile-registry-resolved already leaves out: each package's `funding` links. `npm ci` installs
// from names, versions and integrity hashes alone, and no committed pin file may carry a URL.
// Run after any change of dependencies: `npm install && npm run clean:lock`.
import { readFileSync, writeFileSync } from "node:fs";

const path = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(path, "utf8"));
for (const entry of Object.values(lock.packages ?? {})) {
  delete entry.funding;
}
const text = JSON.stringify(lock, null, 2) + "\n";
if (text.includes("://")) {
  console.error("package-lock.json still carries an address after cleaning: look for a new field");
  process.exit(1);
}
writeFileSync(path, text);
