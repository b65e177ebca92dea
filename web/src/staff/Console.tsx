import { useEffect, useMemo, useState } from "preact/hooks";
import { ApiError, messageOf } from "../api/errors";
import type { AppConfig } from "../config";
import { memoryStorage, useApp } from "../context";
import { navigate } from "../lib/navigation";
import { isCode, normaliseCode } from "../lib/router";
import { StaffApi } from "./api";
import { CognitoClient } from "./cognito";
import { StaffCtx, type StaffContext, useStaff } from "./context";
import { staffT, type StaffKey } from "./i18n";
import { AdminPage } from "./pages/Admin";
import { DashboardPage } from "./pages/Dashboard";
import { DrillPage } from "./pages/Drill";
import { HotlinePage } from "./pages/Hotline";
import { QueuePage } from "./pages/Queue";
import { ReportPage } from "./pages/Report";
import { homeOf, parseStaffRoute, roleOf, type StaffRoute, staffPath } from "./routes";
import { StaffSession } from "./session";
import { SignIn } from "./SignIn";
import type { Me } from "./types";

/** This tab's sessionStorage; where the browser refuses it, memory (the session then ends with the page). */
function sessionStore(): Storage {
  try {
    return window.sessionStorage;
  } catch {
    return memoryStorage;
  }
}

function makeSession(config: AppConfig): StaffSession {
  const cognito = new CognitoClient({
    region: config.region,
    clientId: config.user_pool_client_id,
    endpoint: config.cognito_endpoint,
  });
  return new StaffSession(cognito, sessionStore());
}

/** The staff console: sign-in, then each role's pages under /staff (this chunk loads only there). */
export function StaffConsole({ path }: { path: string }) {
  const { config, lang } = useApp();
  const t = useMemo(() => staffT(lang), [lang]);
  const session = useMemo(() => makeSession(config), [config]);
  const [signedIn, setSignedIn] = useState(session.signedIn);
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<string | null>(null);
  const api = useMemo(
    () => new StaffApi(config.api_base, () => session.idToken(), () => session.clear()),
    [config, session],
  );
  useEffect(() => session.subscribe(() => setSignedIn(session.signedIn)), [session]);
  useEffect(() => {
    if (!signedIn) {
      setMe(null);
      return;
    }
    api.me().then(
      (found) => {
        setMe(found);
        setError(null);
      },
      (failure: unknown) => setError(failure instanceof ApiError ? messageOf(failure.body, lang) : String(failure)),
    );
  }, [api, signedIn, lang]);

  if (!signedIn) return <SignIn cognito={session.cognito} t={t} onSignedIn={(tokens) => session.start(tokens)} />;
  if (error) return <p class="form-error" role="alert">{error}</p>;
  if (!me) return <p role="status">{t("loading")}</p>;
  const role = roleOf(me.groups);
  if (!role) return <NoRole t={t} onSignOut={() => void session.signOut()} />;
  const context: StaffContext = { api, me, role, lang, t };
  const route = parseStaffRoute(path, location.search);
  return (
    <StaffCtx.Provider value={context}>
      <StaffBar route={route} onSignOut={() => void session.signOut().then(() => navigate("/staff"))} />
      <StaffPage route={route} />
    </StaffCtx.Provider>
  );
}

function NoRole({ t, onSignOut }: { t: ReturnType<typeof staffT>; onSignOut(): void }) {
  return (
    <section>
      <h1>{t("console")}</h1>
      <p role="alert">{t("no_role")}</p>
      <button type="button" onClick={onSignOut}>
        {t("sign_out")}
      </button>
    </section>
  );
}

const NAV: Record<string, { route: StaffRoute; key: StaffKey }[]> = {
  operator: [
    { route: { page: "queue", tab: "triage" }, key: "tab_triage" },
    { route: { page: "queue", tab: "received" }, key: "tab_received" },
    { route: { page: "queue", tab: "resolved" }, key: "tab_resolved" },
    { route: { page: "queue", tab: "overdue" }, key: "tab_overdue" },
    { route: { page: "queue", tab: "all" }, key: "tab_all" },
    { route: { page: "new" }, key: "tab_new" },
  ],
  agency: [
    { route: { page: "queue", tab: "inbox" }, key: "tab_inbox" },
    { route: { page: "queue", tab: "overdue" }, key: "tab_overdue" },
  ],
  leader: [
    { route: { page: "dashboard" }, key: "tab_dashboard" },
    { route: { page: "queue", tab: "overdue" }, key: "tab_overdue" },
    { route: { page: "queue", tab: "all" }, key: "tab_all" },
  ],
  admin: [{ route: { page: "admin" }, key: "tab_admin" }],
};

function StaffBar({ route, onSignOut }: { route: StaffRoute; onSignOut(): void }) {
  const { t, me, role } = useStaff();
  const [code, setCode] = useState("");
  const [invalid, setInvalid] = useState(false);
  const current = staffPath(route);
  return (
    <div class="staff-bar">
      <nav aria-label={t("staff_nav")}>
        <ul>
          {(NAV[role] ?? []).map((item) => {
            const href = staffPath(item.route);
            return (
              <li key={href}>
                <a href={href} aria-current={href === current ? "page" : undefined}>
                  {t(item.key)}
                </a>
              </li>
            );
          })}
        </ul>
      </nav>
      <form
        class="staff-search"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          const normal = normaliseCode(code);
          setInvalid(!isCode(normal));
          if (isCode(normal)) navigate(staffPath({ page: "report", code: normal }));
        }}
      >
        <label for="staff-q">{t("search")}</label>
        <input
          id="staff-q"
          type="search"
          value={code}
          maxLength={20}
          aria-invalid={invalid ? "true" : undefined}
          aria-describedby="staff-q-hint"
          onInput={(e) => setCode(e.currentTarget.value)}
        />
        <button type="submit">{t("search_go")}</button>
        <span id="staff-q-hint" class={invalid ? "field-error" : "hint"}>
          {t("search_hint")}
        </span>
      </form>
      <p class="who">
        <span>{t("signed_in_as", { user: me.username })}</span>{" "}
        <button type="button" onClick={onSignOut}>
          {t("sign_out")}
        </button>
      </p>
    </div>
  );
}

function StaffPage({ route }: { route: StaffRoute }) {
  const { role } = useStaff();
  useEffect(() => {
    if (route.page === "home") navigate(staffPath(homeOf(role)), true);
  }, [route, role]);
  switch (route.page) {
    case "home":
      return null;
    case "report":
      return <ReportPage key={route.code} code={route.code} />;
    case "queue":
      return <QueuePage key={route.tab} tab={route.tab} />;
    case "new":
      return <HotlinePage />;
    case "dashboard":
      return <DashboardPage />;
    case "drill":
      return <DrillPage query={route.query} />;
    case "admin":
      return <AdminPage />;
    case "notfound":
      return <NotFoundPage />;
  }
}

export function NotFoundPage() {
  const { t } = useStaff();
  return (
    <section>
      <h1>{t("not_found")}</h1>
      <p>{t("not_found_text")}</p>
      <a href="/staff">{t("back")}</a>
    </section>
  );
}
