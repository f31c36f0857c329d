/** A full-page message for errors and unknown addresses, in the console's look. */
export function ErrorPage({ title, detail }: { title: string; detail: string }) {
  return (
    <main
      className="mx-auto flex min-h-screen max-w-xl flex-col justify-center px-6"
      data-testid="error-page"
    >
      <p className="text-xs font-semibold uppercase tracking-[0.22em] text-rose-300/80">
        Kyros console
      </p>
      <h1 className="mt-3 text-3xl font-semibold tracking-tight text-fg">{title}</h1>
      <p className="mt-3 text-muted">{detail}</p>
      <a href="/" className="mt-6 text-sm font-medium text-accent-fg hover:underline">
        ← Back to the control room
      </a>
    </main>
  );
}
