import { describe, expect, it } from "vitest";
import { CognitoClient, CognitoError, otpauthUri } from "../src/staff/cognito";
import { grouped } from "../src/staff/MfaSetup";
import { signInMessage } from "../src/staff/SignIn";

type Call = { target: string; body: Record<string, unknown> };
const CONFIG = { region: "ap-southeast-1", clientId: "client-1", endpoint: null };

/** A pool that requires MFA for an account with no authenticator yet, as Cognito answers it. */
function enrollingPool(code = "123456") {
  const calls: Call[] = [];
  const fetcher: typeof fetch = async (_input, init) => {
    const target = String((init?.headers as Record<string, string>)["X-Amz-Target"]).split(".")[1] ?? "";
    const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
    calls.push({ target, body });
    const answers: Record<string, () => [number, unknown]> = {
      InitiateAuth: () => [200, { ChallengeName: "MFA_SETUP", Session: "s-1", ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' } }],
      AssociateSoftwareToken: () => [200, { SecretCode: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", Session: "s-2" }],
      VerifySoftwareToken: () =>
        body["UserCode"] === code ? [200, { Status: "SUCCESS", Session: "s-3" }] : [400, { __type: "CodeMismatchException", message: "Code mismatch" }],
      RespondToAuthChallenge: () => [200, { AuthenticationResult: { IdToken: "id-1", AccessToken: "a", RefreshToken: "r-1", ExpiresIn: 3600 } }],
    };
    const [status, payload] = (answers[target] ?? (() => [500, {}]))();
    return new Response(JSON.stringify(payload), { status });
  };
  return { fetcher, calls };
}

describe("enrolling an authenticator app (MFA_SETUP)", () => {
  it("associates a secret, verifies the app's first code, then answers the challenge", async () => {
    const { fetcher, calls } = enrollingPool();
    const client = new CognitoClient(CONFIG, fetcher);
    const first = await client.signIn("leader2", "Rieng#Cua2026");
    if (!("challenge" in first)) throw new Error("expected MFA_SETUP");
    expect(first.challenge).toEqual({ name: "MFA_SETUP", session: "s-1", username: "leader2" });
    const enrolment = await client.enrolTotp(first.challenge);
    expect(enrolment).toEqual({ secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", session: "s-2", username: "leader2" });
    const done = await client.confirmTotp(enrolment, "123456", "Bảng điều hành");
    expect("tokens" in done && done.tokens.idToken).toBe("id-1");
    expect(calls.map((c) => c.target)).toEqual(["InitiateAuth", "AssociateSoftwareToken", "VerifySoftwareToken", "RespondToAuthChallenge"]);
    expect(calls[1]?.body).toEqual({ Session: "s-1" });
    expect(calls[2]?.body).toEqual({ Session: "s-2", UserCode: "123456", FriendlyDeviceName: "Bảng điều hành" });
    expect(calls[3]?.body).toEqual({ ChallengeName: "MFA_SETUP", ClientId: "client-1", Session: "s-3", ChallengeResponses: { USERNAME: "leader2" } });
  });

  it("refuses a wrong first code without answering the challenge, and says so", async () => {
    const { fetcher, calls } = enrollingPool();
    const client = new CognitoClient(CONFIG, fetcher);
    const challenge = { name: "MFA_SETUP" as const, session: "s-1", username: "leader2" };
    const enrolment = await client.enrolTotp(challenge);
    const failure = await client.confirmTotp(enrolment, "000000", "x").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CognitoError);
    expect(signInMessage(failure, challenge)).toBe("bad_code");
    expect(signInMessage(new CognitoError("NotAuthorizedException", "Invalid session"), challenge)).toBe("mfa_setup_expired");
    expect(calls.some((c) => c.target === "RespondToAuthChallenge")).toBe(false);
  });

  it("shows the secret as an otpauth:// address and in groups of four", () => {
    expect(otpauthUri("JBSWY3DPEHPK3PXP", "leader2", "Phản ánh hiện trường")).toBe(
      "otpauth://totp/Ph%E1%BA%A3n%20%C3%A1nh%20hi%E1%BB%87n%20tr%C6%B0%E1%BB%9Dng:leader2?secret=JBSWY3DPEHPK3PXP&issuer=Ph%E1%BA%A3n%20%C3%A1nh%20hi%E1%BB%87n%20tr%C6%B0%E1%BB%9Dng",
    );
    expect(grouped("JBSWY3DPEHPK3PXP")).toBe("JBSW Y3DP EHPK 3PXP");
  });
});

describe("the QR code of the otpauth:// address", () => {
  it("draws a square per dark module and nothing for the light ones", async () => {
    const { modulesPath } = await import("../src/staff/QrCode");
    expect(modulesPath([[true, false], [false, true]])).toBe("M0 0h1v1h-1zM1 1h1v1h-1z");
  });
});
