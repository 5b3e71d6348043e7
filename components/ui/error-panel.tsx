import clsx from "clsx";

/** An error as the console reports it (an ActionError, a failed read). */
export interface PanelError {
  code: string;
  message: string;
  detail?: string | null;
  requestId?: string | null;
}

/**
 * The one error block of a page, a dialog or a form (`role="alert"`): an optional `title`, the
 * `error` as `Code: message`, what `children` add, then the error's detail and RequestId.
 * `requestIdText` words the RequestId line where the caller has its own message for it.
 */
export function ErrorPanel({
  title,
  error,
  requestIdText,
  className,
  children,
}: {
  title?: React.ReactNode;
  error?: PanelError;
  requestIdText?: (id: string) => React.ReactNode;
  className?: string;
  children?: React.ReactNode;
}) {
  return (
    <div
      role="alert"
      className={clsx("card space-y-1 border-red-300 p-3 text-sm text-red-800 dark:border-red-800 dark:text-red-300", className)}
    >
      {title && <p className="font-semibold">{title}</p>}
      {error && (
        <p>
          <span className="font-mono font-semibold" translate="no">
            {error.code}
          </span>
          : {error.message}
        </p>
      )}
      {children}
      {error?.detail && <p className="text-xs text-slate-600 dark:text-slate-400">{error.detail}</p>}
      {error?.requestId && (
        <p className="text-xs">
          {requestIdText ? (
            requestIdText(error.requestId)
          ) : (
            <>
              RequestId <span className="font-mono">{error.requestId}</span>
            </>
          )}
        </p>
      )}
    </div>
  );
}

/**
 * What an error boundary shows instead of the page (app/(console)/error.tsx, app/global-error.tsx):
 * never the error's own message (hidden in production, it may hold internals), only its digest to
 * quote, and a retry. The words come from the caller: the global boundary has no messages provider.
 */
export function ErrorScreen({
  words,
  digest,
  onRetry,
}: {
  words: { title: string; body: string; reference: string; retry: string };
  digest?: string;
  onRetry: () => void;
}) {
  return (
    <div role="alert" className="mx-auto mt-16 flex max-w-lg flex-col items-center gap-3 text-center">
      <h1 className="text-2xl font-semibold">{words.title}</h1>
      <p className="text-slate-600 dark:text-slate-400">{words.body}</p>
      {digest && (
        <p className="font-mono text-sm">
          {words.reference} <span data-testid="error-digest">{digest}</span>
        </p>
      )}
      <button type="button" className="btn-primary" onClick={onRetry}>
        {words.retry}
      </button>
    </div>
  );
}
