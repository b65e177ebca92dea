import { useState } from "preact/hooks";
import { type Challenge, type CognitoClient, CognitoError, type SignInStep, type Tokens } from "./cognito";
import type { StaffKey, StaffT } from "./i18n";
import { MfaSetup } from "./MfaSetup";
import { TotpCodeForm } from "./TotpCodeForm";

/** What a refusal from the pool means to the person signing in. */
export function signInMessage(error: unknown, challenge: Challenge | null): StaffKey {
  if (!(error instanceof CognitoError)) return "sign_in_failed";
  if (error.code === "network") return "sign_in_network";
  if (error.code === "InvalidPasswordException") return "bad_new_password";
  if (["CodeMismatchException", "ExpiredCodeException", "EnableSoftwareTokenMFAException"].includes(error.code)) return "bad_code";
  if (error.code === "NotAuthorizedException" || error.code === "UserNotFoundException") {
    if (challenge?.name === "MFA_SETUP") return "mfa_setup_expired";
    return challenge?.name === "SOFTWARE_TOKEN_MFA" ? "bad_code" : "bad_credentials";
  }
  return "sign_in_failed";
}

export function SignIn({ cognito, t, onSignedIn }: { cognito: CognitoClient; t: StaffT; onSignedIn(tokens: Tokens): void }) {
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  const [error, setError] = useState<StaffKey | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(step: () => Promise<SignInStep>) {
    setBusy(true);
    setError(null);
    try {
      const next = await step();
      if ("tokens" in next) onSignedIn(next.tokens);
      else setChallenge(next.challenge);
    } catch (failure) {
      setError(signInMessage(failure, challenge));
    } finally {
      setBusy(false);
    }
  }

  const alert = error && (
    <p class="form-error" role="alert">
      {t(error)}
    </p>
  );
  if (challenge?.name === "NEW_PASSWORD_REQUIRED") {
    return <NewPassword t={t} busy={busy} alert={alert} onSubmit={(pw) => run(() => cognito.answer(challenge, pw))} onMismatch={() => setError("passwords_differ")} />;
  }
  if (challenge?.name === "MFA_SETUP") {
    return <MfaSetup cognito={cognito} challenge={challenge} t={t} busy={busy} alert={alert} run={run} />;
  }
  if (challenge?.name === "SOFTWARE_TOKEN_MFA") {
    return <MfaCode t={t} busy={busy} alert={alert} onSubmit={(code) => run(() => cognito.answer(challenge, code))} />;
  }
  return (
    <section class="sign-in">
      <h1>{t("sign_in_title")}</h1>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const data = new FormData(event.currentTarget);
          void run(() => cognito.signIn(String(data.get("username")).trim(), String(data.get("password"))));
        }}
      >
        <div class="field">
          <label for="s-user">{t("username")}</label>
          <input id="s-user" name="username" type="text" autocomplete="username" required maxLength={128} />
        </div>
        <div class="field">
          <label for="s-pass">{t("password")}</label>
          <input id="s-pass" name="password" type="password" autocomplete="current-password" required maxLength={256} />
        </div>
        {alert}
        <button type="submit" class="primary big" disabled={busy}>
          {busy ? t("signing_in") : t("sign_in")}
        </button>
      </form>
    </section>
  );
}

type StepProps = { t: StaffT; busy: boolean; alert: preact.ComponentChild; onSubmit(value: string): void };

function NewPassword({ t, busy, alert, onSubmit, onMismatch }: StepProps & { onMismatch(): void }) {
  return (
    <section class="sign-in">
      <h1>{t("new_password_title")}</h1>
      <p class="hint" id="hint-newpw">
        {t("new_password_hint")}
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const data = new FormData(event.currentTarget);
          const first = String(data.get("pw1"));
          if (first !== String(data.get("pw2"))) onMismatch();
          else onSubmit(first);
        }}
      >
        <div class="field">
          <label for="s-pw1">{t("new_password")}</label>
          <input id="s-pw1" name="pw1" type="password" autocomplete="new-password" required minLength={8} maxLength={256} aria-describedby="hint-newpw" />
        </div>
        <div class="field">
          <label for="s-pw2">{t("new_password_again")}</label>
          <input id="s-pw2" name="pw2" type="password" autocomplete="new-password" required minLength={8} maxLength={256} />
        </div>
        {alert}
        <button type="submit" class="primary big" disabled={busy}>
          {t("set_password")}
        </button>
      </form>
    </section>
  );
}

function MfaCode({ t, busy, alert, onSubmit }: StepProps) {
  return (
    <section class="sign-in">
      <h1>{t("mfa_title")}</h1>
      <p class="hint" id="hint-mfa">
        {t("mfa_hint")}
      </p>
      <TotpCodeForm t={t} busy={busy} alert={alert} id="s-mfa" hintId="hint-mfa" onSubmit={onSubmit} />
    </section>
  );
}
