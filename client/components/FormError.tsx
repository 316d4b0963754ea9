/** The message under a form or control when what it tried failed; announced as an alert. */
export function FormError({ error, id }: { error: string | null | undefined; id?: string }) {
  if (!error) return null;
  return (
    <p id={id} className="form-error" role="alert">
      {error}
    </p>
  );
}
