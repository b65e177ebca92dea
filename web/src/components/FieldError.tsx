/** The error of one field, next to it; its id is what the control's aria-describedby points at. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={`err-${id}`} class="field-error" role="alert">
      {message}
    </p>
  );
}

export function describedBy(id: string, errors: Record<string, string>, hint = false): string | undefined {
  const ids = [hint ? `hint-${id}` : "", errors[id] ? `err-${id}` : ""].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}
