import { render } from "preact";
import { Api } from "./api/client";
import { App } from "./App";
import { loadConfig } from "./config";
import { interceptLinks } from "./lib/navigation";
import "./style.css";

async function start(): Promise<void> {
  const root = document.getElementById("app")!;
  try {
    const config = await loadConfig();
    interceptLinks();
    root.textContent = "";
    render(<App config={config} api={new Api(config.api_base)} />, root);
  } catch {
    root.textContent = "Không tải được cấu hình ứng dụng. / The app's configuration could not be loaded.";
  }
  if ("serviceWorker" in navigator && import.meta.env.PROD) {
    navigator.serviceWorker.register("/sw.js").catch(() => undefined);
  }
}

void start();
