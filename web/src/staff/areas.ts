import { useEffect, useState } from "preact/hooks";
import type { Areas } from "../api/types";
import { useApp } from "../context";

/** The ward outlines a staff map draws as its base layer (there are no tiles unless the stage sets some):
 * undefined while they load, null when there are none; a map mounts once they are known. */
export function useAreas(): Areas | null | undefined {
  const { api } = useApp();
  const [areas, setAreas] = useState<Areas | null | undefined>(undefined);
  useEffect(() => {
    api.areas().then(setAreas, () => setAreas(null));
  }, [api]);
  return areas;
}
