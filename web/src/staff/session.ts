import { type CognitoClient, CognitoError, type Tokens } from "./cognito";

const KEY = "phananh.staff.session";
/** Refresh this long before the ID token expires, so no call leaves with a token about to lapse. */
const MARGIN_MS = 60_000;

/**
 * The signed-in staff member's tokens, kept in sessionStorage (this tab only, gone when it closes; never a
 * cookie) and refreshed silently before they expire. Concurrent callers share one refresh.
 */
export class StaffSession {
  private tokens: Tokens | null;
  private pending: Promise<string | null> | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly cognito: CognitoClient,
    private readonly storage: Storage,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.tokens = read(storage);
  }

  get signedIn(): boolean {
    return this.tokens !== null;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(tokens: Tokens): void {
    this.tokens = tokens;
    this.storage.setItem(KEY, JSON.stringify(tokens));
    this.listeners.forEach((listener) => listener());
  }

  /** A valid ID token, refreshed first when it is about to expire; null once the session is over. */
  async idToken(): Promise<string | null> {
    const tokens = this.tokens;
    if (!tokens) return null;
    if (tokens.expiresAt - MARGIN_MS > this.now()) return tokens.idToken;
    this.pending ??= this.refresh(tokens).finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async refresh(tokens: Tokens): Promise<string | null> {
    try {
      const fresh = await this.cognito.refresh(tokens.refreshToken);
      this.start(fresh);
      return fresh.idToken;
    } catch (error) {
      // A refused refresh token ends the session; a network failure keeps it for the next try.
      if (error instanceof CognitoError && error.code !== "network") this.clear();
      return null;
    }
  }

  /** Forgets the tokens at once; asks the pool to revoke the refresh token, best effort. */
  async signOut(): Promise<void> {
    const refreshToken = this.tokens?.refreshToken;
    this.clear();
    if (refreshToken) await this.cognito.revoke(refreshToken).catch(() => undefined);
  }

  clear(): void {
    this.tokens = null;
    this.storage.removeItem(KEY);
    this.listeners.forEach((listener) => listener());
  }
}

function read(storage: Storage): Tokens | null {
  try {
    const raw = JSON.parse(storage.getItem(KEY) ?? "null") as Partial<Tokens> | null;
    if (raw && typeof raw.idToken === "string" && typeof raw.refreshToken === "string") {
      return {
        idToken: raw.idToken,
        accessToken: raw.accessToken ?? "",
        refreshToken: raw.refreshToken,
        expiresAt: Number(raw.expiresAt) || 0,
      };
    }
  } catch {
    // an unreadable entry is no session
  }
  return null;
}
