/* The service worker, hand-written (~50 lines) rather than a plugin: it keeps the app shell for offline
 * starts and never caches the API. postbuild.mjs fills in the version and the shell's file list. */
const VERSION = "__VERSION__";
const SHELL = __SHELL__;
const CACHE = `phananh-shell-${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/v1/") || url.pathname.startsWith("/local/")) return;
  if (request.mode === "navigate") {
    // Pages: the network first (fresh deploys), the cached shell when offline.
    event.respondWith(fetch(request).catch(() => caches.match("/", { ignoreSearch: true })));
    return;
  }
  if (url.pathname === "/config.json") {
    event.respondWith(
      fetch(request)
        .then((response) => {
          const copy = response.clone();
          void caches.open(CACHE).then((cache) => cache.put("/config.json", copy));
          return response;
        })
        .catch(() => caches.match("/config.json")),
    );
    return;
  }
  // Hashed assets never change: the cache first.
  event.respondWith(caches.match(request).then((cached) => cached ?? fetch(request)));
});
