import { useEffect, useRef } from "preact/hooks";

/**
 * Mounts a Leaflet map once the map code has loaded; `setup` receives the element and the loaded module.
 * The map code is a separate chunk, fetched only by pages that show a map.
 */
export function LazyMap<T>({
  setup,
  className,
  onReady,
}: {
  setup: (element: HTMLElement, module: typeof import("../map/leaflet")) => T;
  className?: string;
  onReady?: (handle: T) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let cancelled = false;
    void import("../map/leaflet").then((module) => {
      if (cancelled || !ref.current) return;
      const handle = setup(ref.current, module);
      onReady?.(handle);
    });
    return () => {
      cancelled = true;
    };
    // Created once per mount on purpose: later data flows through the handle, not a new map.
  }, []);
  return <div ref={ref} class={`map ${className ?? ""}`} />;
}
