"use client";

/** Never shows the error's own message: in production it is hidden, and it may hold internals. */
export function ErrorPanel({ digest, reset }: { digest?: string; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto mt-16 flex max-w-lg flex-col items-center gap-3 text-center">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="text-slate-600 dark:text-slate-400">
        The console could not show this page. Try again; if it keeps failing, give this reference to your administrator.
      </p>
      {digest && (
        <p className="font-mono text-sm">
          Request id: <span data-testid="error-digest">{digest}</span>
        </p>
      )}
      <button type="button" className="btn-primary" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
