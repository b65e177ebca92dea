import { describe, expect, it } from "vitest";
import { ApiError } from "../src/api/errors";
import { StaffApi } from "../src/staff/api";
import { CognitoClient, CognitoError, endpointOf, type Tokens } from "../src/staff/cognito";
import { StaffSession } from "../src/staff/session";
import { signInMessage } from "../src/staff/SignIn";
import { memory } from "./memory";

type Call = { url: string; target: string; body: Record<string, unknown> };

/** A fake user pool: answers each X-Amz-Target with what the test scripted, and records the calls. */
function pool(answers: Record<string, (body: Record<string, unknown>) => [number, unknown]>, calls: Call[] = []) {
  const fetcher: typeof fetch = async (input, init) => {
    const target = String((init?.headers as Record<string, string>)["X-Amz-Target"]).split(".")[1] ?? "";
    const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
    calls.push({ url: String(input), target, body });
    const flow = (body["AuthFlow"] as string | undefined) ?? "";
    const [status, payload] = (answers[`${target}${flow ? `:${flow}` : ""}`] ?? answers[target] ?? (() => [500, {}]))(body);
    return new Response(JSON.stringify(payload), { status });
  };
  return { fetcher, calls };
}

const CONFIG = { region: "ap-southeast-1", clientId: "client-1", endpoint: null };
const RESULT = (id: string) => ({ AuthenticationResult: { IdToken: id, AccessToken: "a", RefreshToken: "r-1", ExpiresIn: 3600 } });

describe("the Cognito client", () => {
  it("calls the regional endpoint in the cloud and the emulator locally", () => {
    expect(endpointOf(CONFIG)).toBe("https://cognito-idp.ap-southeast-1.amazonaws.com/");
    expect(endpointOf({ ...CONFIG, endpoint: "http://127.0.0.1:4566" })).toBe("http://127.0.0.1:4566/");
  });

  it("signs in with USER_PASSWORD_AUTH and keeps when the token expires", async () => {
    const { fetcher, calls } = pool({ "InitiateAuth:USER_PASSWORD_AUTH": () => [200, RESULT("id-1")] });
    const step = await new CognitoClient(CONFIG, fetcher, () => 1_000).signIn("op", "pw");
    expect(step).toEqual({ tokens: { idToken: "id-1", accessToken: "a", refreshToken: "r-1", expiresAt: 1_000 + 3_600_000 } });
    expect(calls[0]?.body).toEqual({ AuthFlow: "USER_PASSWORD_AUTH", ClientId: "client-1", AuthParameters: { USERNAME: "op", PASSWORD: "pw" } });
  });

  it("answers the new-password and TOTP challenges with the pool's session", async () => {
    const { fetcher, calls } = pool({
      "InitiateAuth:USER_PASSWORD_AUTH": () => [200, { ChallengeName: "NEW_PASSWORD_REQUIRED", Session: "s-1", ChallengeParameters: { USER_ID_FOR_SRP: "op" } }],
      RespondToAuthChallenge: (body) =>
        body["ChallengeName"] === "NEW_PASSWORD_REQUIRED"
          ? [200, { ChallengeName: "SOFTWARE_TOKEN_MFA", Session: "s-2", ChallengeParameters: {} }]
          : [200, RESULT("id-2")],
    });
    const client = new CognitoClient(CONFIG, fetcher);
    const first = await client.signIn("op", "temporary");
    if (!("challenge" in first)) throw new Error("expected a challenge");
    const second = await client.answer(first.challenge, "New#Password1");
    if (!("challenge" in second)) throw new Error("expected the MFA challenge");
    expect(second.challenge).toEqual({ name: "SOFTWARE_TOKEN_MFA", session: "s-2", username: "op" });
    const done = await client.answer(second.challenge, "123456");
    expect("tokens" in done && done.tokens.idToken).toBe("id-2");
    expect(calls[1]?.body["ChallengeResponses"]).toEqual({ USERNAME: "op", NEW_PASSWORD: "New#Password1" });
    expect(calls[2]?.body["ChallengeResponses"]).toEqual({ USERNAME: "op", SOFTWARE_TOKEN_MFA_CODE: "123456" });
  });

  it("turns the pool's refusals into messages a person understands", async () => {
    const { fetcher } = pool({ InitiateAuth: () => [400, { __type: "NotAuthorizedException", message: "Incorrect username or password." }] });
    const failure = await new CognitoClient(CONFIG, fetcher).signIn("op", "wrong").catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(CognitoError);
    expect(signInMessage(failure, null)).toBe("bad_credentials");
    expect(signInMessage(new CognitoError("CodeMismatchException", ""), null)).toBe("bad_code");
    expect(signInMessage(new CognitoError("network", ""), null)).toBe("sign_in_network");
  });
});

function tokens(id: string, expiresAt: number): Tokens {
  return { idToken: id, accessToken: "a", refreshToken: "r-1", expiresAt };
}

describe("the staff session", () => {
  it("keeps tokens in sessionStorage and hands out the ID token while it is fresh", async () => {
    const storage = memory();
    const { fetcher, calls } = pool({});
    const session = new StaffSession(new CognitoClient(CONFIG, fetcher), storage, () => 0);
    session.start(tokens("id-1", 3_600_000));
    expect(await session.idToken()).toBe("id-1");
    expect(calls).toEqual([]);
    // A reload of the tab finds the session again.
    expect(await new StaffSession(new CognitoClient(CONFIG, fetcher), storage, () => 0).idToken()).toBe("id-1");
  });

  it("refreshes silently before expiry, once for concurrent callers, keeping the refresh token", async () => {
    let now = 0;
    const { fetcher, calls } = pool({
      "InitiateAuth:REFRESH_TOKEN_AUTH": () => [200, { AuthenticationResult: { IdToken: "id-2", AccessToken: "a2", ExpiresIn: 3600 } }],
    });
    const session = new StaffSession(new CognitoClient(CONFIG, fetcher, () => now), memory(), () => now);
    session.start(tokens("id-1", 100_000));
    now = 50_000; // within the minute before expiry
    const [a, b] = await Promise.all([session.idToken(), session.idToken()]);
    expect([a, b]).toEqual(["id-2", "id-2"]);
    expect(calls.map((c) => c.body["AuthParameters"])).toEqual([{ REFRESH_TOKEN: "r-1" }]);
    expect(await session.idToken()).toBe("id-2");
  });

  it("ends the session when the pool refuses the refresh token, but not on a network failure", async () => {
    const refused = pool({ InitiateAuth: () => [400, { __type: "NotAuthorizedException", message: "Refresh Token has expired" }] });
    const session = new StaffSession(new CognitoClient(CONFIG, refused.fetcher), memory(), () => 10_000);
    session.start(tokens("id-1", 0));
    expect(await session.idToken()).toBeNull();
    expect(session.signedIn).toBe(false);

    const offline: typeof fetch = async () => {
      throw new TypeError("offline");
    };
    const kept = new StaffSession(new CognitoClient(CONFIG, offline), memory(), () => 10_000);
    kept.start(tokens("id-1", 0));
    expect(await kept.idToken()).toBeNull();
    expect(kept.signedIn).toBe(true);
  });

  it("signs out: forgets the tokens at once and revokes the refresh token", async () => {
    const storage = memory();
    const { fetcher, calls } = pool({ RevokeToken: () => [200, {}] });
    const session = new StaffSession(new CognitoClient(CONFIG, fetcher), storage, () => 0);
    session.start(tokens("id-1", 3_600_000));
    await session.signOut();
    expect(session.signedIn).toBe(false);
    expect(storage.length).toBe(0);
    expect(calls.map((c) => [c.target, c.body["Token"]])).toEqual([["RevokeToken", "r-1"]]);
  });
});

describe("the staff API client", () => {
  it("sends the ID token as a bearer token, never in the URL", async () => {
    let seen: { url: string; auth: string } | null = null;
    const fetcher: typeof fetch = async (input, init) => {
      seen = { url: String(input), auth: (init?.headers as Record<string, string>)["Authorization"] ?? "" };
      return new Response(JSON.stringify({ username: "op", groups: ["operator"], agency_id: null }), { status: 200 });
    };
    await new StaffApi("http://api", async () => "id-1", () => undefined, fetcher).me();
    expect(seen).toEqual({ url: "http://api/v1/staff/me", auth: "Bearer id-1" });
  });

  it("reports a 401 as the end of the session", async () => {
    let ended = 0;
    const fetcher: typeof fetch = async () => new Response(JSON.stringify({ message: "Unauthorized" }), { status: 401 });
    const api = new StaffApi("", async () => "id-1", () => ended++, fetcher);
    await expect(api.me()).rejects.toBeInstanceOf(ApiError);
    expect(ended).toBe(1);
    await expect(new StaffApi("", async () => null, () => ended++, fetcher).me()).rejects.toBeInstanceOf(ApiError);
    expect(ended).toBe(2);
  });
});
