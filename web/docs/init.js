// Swagger UI for the whole API, from files shipped with the app (no CDN). The document's address comes
// from config.json, so the same page works locally (same origin) and in the cloud (API on its own domain).
(async function () {
  let base = "";
  try {
    const config = await (await fetch("/config.json", { cache: "no-cache" })).json();
    base = String(config.api_base || "").replace(/\/+$/, "");
  } catch (error) {
    base = "";
  }
  window.ui = SwaggerUIBundle({
    url: base + "/v1/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
  });
})();
