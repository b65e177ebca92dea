import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Lang } from "../lib/i18n";
import type { StaffApi } from "./api";
import type { StaffT } from "./i18n";
import type { Role } from "./routes";
import type { Me } from "./types";

export interface StaffContext {
  api: StaffApi;
  me: Me;
  role: Role;
  lang: Lang;
  t: StaffT;
}

export const StaffCtx = createContext<StaffContext | null>(null);

export function useStaff(): StaffContext {
  const value = useContext(StaffCtx);
  if (!value) throw new Error("no staff context");
  return value;
}
