import { useEffect, useState } from "preact/hooks";
import { type Challenge, type CognitoClient, type SignInStep, type TotpEnrolment, otpauthUri } from "./cognito";
import type { StaffT } from "./i18n";
import { QrCode } from "./QrCode";
import { TotpCodeForm } from "./TotpCodeForm";

const ISSUER = "Phản ánh hiện trường";

/** The secret in groups of four, as people copy it into an authenticator app (which ignores the spaces). */
export function grouped(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, "$1 ");
}

interface Props {
  cognito: CognitoClient;
  challenge: Challenge;
  t: StaffT;
  busy: boolean;
  alert: preact.ComponentChild;
  run(step: () => Promise<SignInStep>): Promise<void>;
}

/** MFA_SETUP: the pool requires an authenticator app and this account has none yet. The secret is shown as
 * text, as a QR code and as an otpauth:// link (which a phone opens in its authenticator app); the app's first code
 * confirms it, and the sign-in goes on. The secret stays on this page: never stored, never logged. */
export function MfaSetup({ cognito, challenge, t, busy, alert, run }: Props) {
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  useEffect(() => {
    void run(async () => {
      setEnrolment(await cognito.enrolTotp(challenge));
      return { challenge };
    });
  }, [cognito, challenge]);
  const uri = enrolment ? otpauthUri(enrolment.secret, enrolment.username, ISSUER) : "";
  return (
    <section class="sign-in">
      <h1>{t("mfa_setup_title")}</h1>
      <p class="hint" id="hint-setup">
        {t("mfa_setup_hint")}
      </p>
      {!enrolment && !alert && <p role="status">{t("loading")}</p>}
      {enrolment && (
        <>
          <QrCode text={uri} label={t("mfa_qr")} />
          <dl class="facts">
            <dt>{t("mfa_secret")}</dt>
            <dd>
              <code class="secret" data-testid="totp-secret">
                {grouped(enrolment.secret)}
              </code>
            </dd>
          </dl>
          <p>
            <a href={uri} data-testid="totp-uri">
              {t("mfa_open_app")}
            </a>
          </p>
          <TotpCodeForm
            t={t}
            busy={busy}
            alert={alert}
            id="s-setup"
            hintId="hint-setup"
            onSubmit={(code) => void run(() => cognito.confirmTotp(enrolment, code, t("console")))}
          />
        </>
      )}
      {!enrolment && alert}
    </section>
  );
}
