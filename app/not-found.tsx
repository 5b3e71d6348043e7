import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-3 p-6 text-center">
      <p className="text-sm font-semibold text-sky-700 dark:text-sky-400">404</p>
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-slate-600 dark:text-slate-400">The page or resource you asked for does not exist, or is no longer there.</p>
      <Link href="/instances" className="btn-primary">
        Back to instances
      </Link>
    </main>
  );
}
