/** What the app learns at start from `/config.json`: one build serves the local run and every stage. */
export interface AppConfig {
  api_base: string;
  user_pool_id: string;
  user_pool_client_id: string;
  region: string;
  cognito_endpoint: string | null;
  tiles_url: string | null;
}

export async function loadConfig(fetcher: typeof fetch = fetch): Promise<AppConfig> {
  const response = await fetcher("/config.json", { cache: "no-cache" });
  if (!response.ok) throw new Error(`config.json: ${response.status}`);
  const raw = (await response.json()) as Partial<AppConfig>;
  return {
    api_base: (raw.api_base ?? "").replace(/\/+$/, ""),
    user_pool_id: raw.user_pool_id ?? "",
    user_pool_client_id: raw.user_pool_client_id ?? "",
    region: raw.region ?? "",
    cognito_endpoint: raw.cognito_endpoint ?? null,
    tiles_url: raw.tiles_url ?? null,
  };
}
