import { useEffect } from "preact/hooks";

/** Calls `load` now, whenever the window regains focus, and every `seconds` while the page is open. */
export function useRefresh(load: () => void, seconds: number, deps: unknown[]): void {
  useEffect(() => {
    load();
    const timer = window.setInterval(load, seconds * 1000);
    const onFocus = () => load();
    window.addEventListener("focus", onFocus);
    document.addEventListener("visibilitychange", onFocus);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener("focus", onFocus);
      document.removeEventListener("visibilitychange", onFocus);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
}
