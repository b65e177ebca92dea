/**
 * The Cognito user-pool calls the console needs (InitiateAuth, RespondToAuthChallenge, the refresh flow,
 * RevokeToken, and AssociateSoftwareToken + VerifySoftwareToken to enrol an authenticator app), hand-written
 * as JSON POSTs with an `X-Amz-Target` header. Hand-written rather than Amplify or the AWS SDK: those weigh
 * hundreds of KB for these few unauthenticated calls, and the same code must reach the emulator's pool
 * (`cognito_endpoint`) locally and the regional endpoint in the cloud.
 */
export interface CognitoConfig {
  region: string;
  clientId: string;
  /** The emulator's address in the local run; null in the cloud (the regional endpoint is used). */
  endpoint: string | null;
}

export interface Tokens {
  idToken: string;
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds when the ID token stops being accepted. */
  expiresAt: number;
}

const CHALLENGES = ["NEW_PASSWORD_REQUIRED", "SOFTWARE_TOKEN_MFA", "MFA_SETUP"] as const;

/** NEW_PASSWORD_REQUIRED: a first sign-in; SOFTWARE_TOKEN_MFA: the authenticator's code; MFA_SETUP: a pool
 * that requires MFA and an account with no authenticator yet (enrol one, then sign-in completes). */
export type Challenge = { name: (typeof CHALLENGES)[number]; session: string; username: string };

/** The authenticator to enrol: its secret (base32) and the session to verify it with. */
export interface TotpEnrolment {
  secret: string;
  session: string;
  username: string;
}

/** The otpauth:// address authenticator apps read (as text or QR code) for a TOTP secret. */
export function otpauthUri(secret: string, username: string, issuer: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(username)}`;
  return `otpauth://totp/${label}?secret=${encodeURIComponent(secret)}&issuer=${encodeURIComponent(issuer)}`;
}

export type SignInStep = { tokens: Tokens } | { challenge: Challenge };

export class CognitoError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface AuthResult {
  IdToken: string;
  AccessToken: string;
  RefreshToken?: string;
  ExpiresIn?: number;
}
interface AuthAnswer {
  AuthenticationResult?: AuthResult;
  ChallengeName?: string;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
}

export function endpointOf(config: CognitoConfig): string {
  return config.endpoint ? config.endpoint.replace(/\/?$/, "/") : `https://cognito-idp.${config.region}.amazonaws.com/`;
}

export class CognitoClient {
  constructor(
    readonly config: CognitoConfig,
    private readonly fetcher: typeof fetch = (...args) => fetch(...args),
    private readonly now: () => number = () => Date.now(),
  ) {}

  private async call<T>(action: string, body: unknown): Promise<T> {
    let response: Response;
    try {
      response = await this.fetcher(endpointOf(this.config), {
        method: "POST",
        headers: {
          "Content-Type": "application/x-amz-json-1.1",
          "X-Amz-Target": `AWSCognitoIdentityProviderService.${action}`,
        },
        body: JSON.stringify(body),
      });
    } catch {
      throw new CognitoError("network", "network");
    }
    const payload = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) {
      const code = String(payload["__type"] ?? payload["code"] ?? "unknown").split("#").pop() ?? "unknown";
      throw new CognitoError(code, String(payload["message"] ?? payload["Message"] ?? code));
    }
    return payload as T;
  }

  private step(answer: AuthAnswer, username: string, refreshToken?: string): SignInStep {
    const result = answer.AuthenticationResult;
    if (result) return { tokens: this.tokens(result, refreshToken) };
    const name = answer.ChallengeName;
    const known = CHALLENGES.find((challenge) => challenge === name);
    if (known && answer.Session) {
      const user = answer.ChallengeParameters?.["USER_ID_FOR_SRP"] ?? answer.ChallengeParameters?.["USERNAME"];
      return { challenge: { name: known, session: answer.Session, username: user ?? username } };
    }
    throw new CognitoError("unsupported_challenge", name ?? "no result");
  }

  private tokens(result: AuthResult, refreshToken?: string): Tokens {
    const seconds = result.ExpiresIn ?? expiresIn(result.IdToken, this.now());
    return {
      idToken: result.IdToken,
      accessToken: result.AccessToken,
      refreshToken: result.RefreshToken ?? refreshToken ?? "",
      expiresAt: this.now() + seconds * 1000,
    };
  }

  async signIn(username: string, password: string): Promise<SignInStep> {
    const answer = await this.call<AuthAnswer>("InitiateAuth", {
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: this.config.clientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    });
    return this.step(answer, username);
  }

  async answer(challenge: Challenge, response: string): Promise<SignInStep> {
    const responses: Record<string, string> = { USERNAME: challenge.username };
    if (challenge.name === "NEW_PASSWORD_REQUIRED") responses["NEW_PASSWORD"] = response;
    else responses["SOFTWARE_TOKEN_MFA_CODE"] = response;
    const answer = await this.call<AuthAnswer>("RespondToAuthChallenge", {
      ChallengeName: challenge.name,
      ClientId: this.config.clientId,
      Session: challenge.session,
      ChallengeResponses: responses,
    });
    return this.step(answer, challenge.username);
  }

  /** MFA_SETUP, first half: the pool draws the authenticator's secret for this sign-in's session. */
  async enrolTotp(challenge: Challenge): Promise<TotpEnrolment> {
    const answer = await this.call<{ SecretCode?: string; Session?: string }>("AssociateSoftwareToken", { Session: challenge.session });
    if (!answer.SecretCode) throw new CognitoError("no_secret", "no secret");
    return { secret: answer.SecretCode, session: answer.Session ?? challenge.session, username: challenge.username };
  }

  /** MFA_SETUP, second half: the app's first code proves the enrolment; the challenge is then answered. */
  async confirmTotp(enrolment: TotpEnrolment, code: string, device: string): Promise<SignInStep> {
    const verified = await this.call<{ Status?: string; Session?: string }>("VerifySoftwareToken", {
      Session: enrolment.session,
      UserCode: code,
      FriendlyDeviceName: device,
    });
    if (verified.Status !== "SUCCESS") throw new CognitoError("CodeMismatchException", verified.Status ?? "no status");
    const answer = await this.call<AuthAnswer>("RespondToAuthChallenge", {
      ChallengeName: "MFA_SETUP",
      ClientId: this.config.clientId,
      Session: verified.Session ?? enrolment.session,
      ChallengeResponses: { USERNAME: enrolment.username },
    });
    return this.step(answer, enrolment.username);
  }

  /** The refresh flow answers without a new refresh token: the one we hold stays valid. */
  async refresh(refreshToken: string): Promise<Tokens> {
    const answer = await this.call<AuthAnswer>("InitiateAuth", {
      AuthFlow: "REFRESH_TOKEN_AUTH",
      ClientId: this.config.clientId,
      AuthParameters: { REFRESH_TOKEN: refreshToken },
    });
    if (!answer.AuthenticationResult) throw new CognitoError("no_result", "refresh gave no tokens");
    return this.tokens(answer.AuthenticationResult, refreshToken);
  }

  async revoke(refreshToken: string): Promise<void> {
    await this.call("RevokeToken", { ClientId: this.config.clientId, Token: refreshToken });
  }
}

/** Seconds left on a JWT, read from its `exp` claim (an hour when it cannot be read). */
export function expiresIn(jwt: string, now: number): number {
  const claims = jwtClaims(jwt);
  const exp = typeof claims["exp"] === "number" ? claims["exp"] : null;
  return exp === null ? 3600 : Math.max(0, exp - Math.floor(now / 1000));
}

/** A JWT's claims, for display and expiry only: the API verifies the signature, never the browser. */
export function jwtClaims(jwt: string): Record<string, unknown> {
  const part = jwt.split(".")[1];
  if (!part) return {};
  try {
    const base64 = part.replace(/-/g, "+").replace(/_/g, "/");
    const text = new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}
