import { useEffect, useMemo, useState } from "preact/hooks";
import type { Api } from "./api/client";
import type { AppConfig } from "./config";
import { Ctx, makeT, store, useApp, type AppContext } from "./context";
import { initialLang, type Lang, saveLang } from "./lib/i18n";
import { useRoute } from "./lib/navigation";
import { pathOf, type Route } from "./lib/router";
import { useOnline } from "./lib/online";
import { HomePage } from "./pages/Home";
import { MinePage } from "./pages/Mine";
import { NewReportPage } from "./pages/NewReport";
import { StatsPage } from "./pages/Stats";
import { TrackPage } from "./pages/Track";

const TITLES: Record<Route["name"], Parameters<AppContext["t"]>[0]> = {
  home: "home_title",
  new: "new_title",
  track: "track_title",
  mine: "mine_title",
  stats: "stats_title",
  staff: "staff_title",
  notfound: "not_found",
};

export function App({ config, api }: { config: AppConfig; api: Api }) {
  const [lang, setLangState] = useState<Lang>(() => initialLang(store()));
  const route = useRoute();
  const online = useOnline();
  const context = useMemo<AppContext>(
    () => ({
      api,
      config,
      lang,
      t: makeT(lang),
      setLang: (next) => {
        saveLang(store(), next);
        setLangState(next);
      },
    }),
    [api, config, lang],
  );
  const t = context.t;
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${t(TITLES[route.name])} · ${t("app_title")}`;
  }, [lang, route, t]);

  const nav: { route: Route; key: Parameters<typeof t>[0] }[] = [
    { route: { name: "home" }, key: "nav_home" },
    { route: { name: "new" }, key: "nav_new" },
    { route: { name: "track", code: null }, key: "nav_track" },
    { route: { name: "mine" }, key: "nav_mine" },
    { route: { name: "stats" }, key: "nav_stats" },
  ];

  return (
    <Ctx.Provider value={context}>
      <a class="skip" href="#main">
        {t("skip_to_content")}
      </a>
      <header class="top">
        <a class="brand" href={route.name === "staff" ? "/staff" : "/"}>
          {t("app_title")}
        </a>
        <button
          type="button"
          class="lang"
          lang={lang === "vi" ? "en" : "vi"}
          aria-label={t("switch_lang_label")}
          onClick={() => context.setLang(lang === "vi" ? "en" : "vi")}
        >
          {t("switch_lang")}
        </button>
        {route.name !== "staff" && <nav aria-label={t("nav_label")}>
          <ul>
            {nav.map((item) => (
              <li key={item.key}>
                <a href={pathOf(item.route)} aria-current={route.name === item.route.name ? "page" : undefined}>
                  {t(item.key)}
                </a>
              </li>
            ))}
          </ul>
        </nav>}
      </header>
      {!online && (
        <p class="banner offline" role="status">
          {t("offline_banner")}
        </p>
      )}
      <main id="main" tabIndex={-1}>
        <Page route={route} />
      </main>
    </Ctx.Provider>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case "home":
      return <HomePage />;
    case "new":
      return <NewReportPage />;
    case "track":
      return <TrackPage code={route.code} />;
    case "mine":
      return <MinePage />;
    case "stats":
      return <StatsPage />;
    case "staff":
      return <StaffHost path={route.path} />;
    case "notfound":
      return <NotFound />;
  }
}

type Console = typeof import("./staff/Console").StaffConsole;

/** The staff console is its own chunk: citizens never download it. */
function StaffHost({ path }: { path: string }) {
  const { t } = useApp();
  const [Console, setConsole] = useState<Console | null>(null);
  useEffect(() => {
    void import("./staff/Console").then((module) => setConsole(() => module.StaffConsole));
  }, []);
  return Console ? <Console path={path} /> : <p role="status">{t("loading")}</p>;
}

function NotFound() {
  const { t } = useApp();
  return (
    <section>
      <h1>{t("not_found")}</h1>
      <a href="/">{t("back_home")}</a>
    </section>
  );
}


