import { defineConfig } from "vite";

// Preact through TypeScript's automatic JSX runtime (tsconfig: jsxImportSource), so no framework plugin
// is needed. Leaflet, Chart.js and exifr are imported dynamically by the pages that use them, so the
// first page stays small on a phone.
export default defineConfig({
  build: {
    target: "es2020",
    sourcemap: false,
    assetsInlineLimit: 0, // the CSP has no data: fonts/scripts; keep every asset a file
  },
  server: { proxy: { "/v1": "http://127.0.0.1:8080", "/config.json": "http://127.0.0.1:8080" } },
});
