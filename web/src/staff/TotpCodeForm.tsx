import type { StaffT } from "./i18n";

interface Props {
  t: StaffT;
  busy: boolean;
  alert: preact.ComponentChild;
  /** The field's id, and the id of the hint that describes it. */
  id: string;
  hintId: string;
  /** The code as typed, spaces removed (apps show it as "123 456"). */
  onSubmit(code: string): void;
}

/** The authenticator app's 6-digit code: at sign-in (SOFTWARE_TOKEN_MFA) and to confirm an enrolment. */
export function TotpCodeForm({ t, busy, alert, id, hintId, onSubmit }: Props) {
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(String(new FormData(event.currentTarget).get("code")).replace(/\s/g, ""));
      }}
    >
      <div class="field">
        <label for={id}>{t("mfa_code")}</label>
        <input id={id} name="code" type="text" inputMode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,7}" required maxLength={7} aria-describedby={hintId} />
      </div>
      {alert}
      <button type="submit" class="primary big" disabled={busy}>
        {t("confirm")}
      </button>
    </form>
  );
}
