import Link from "next/link";
import clsx from "clsx";
import type { CountLink as Count } from "@/lib/overview/view";

/**
 * A count as a link to the list it counts; its accessible name says what it counts and begins with
 * the number shown ("3 instances in state rebooting"). Red when it wants attention and is not zero.
 */
export function CountLink({ count, className }: { count: Count; className?: string }) {
  return (
    <Link
      href={count.href}
      aria-label={count.name}
      title={count.name}
      className={clsx(
        "rounded font-mono tabular-nums hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500",
        count.attention && count.count > 0 ? "text-red-700 dark:text-red-400" : "text-sky-700 dark:text-sky-400",
        className,
      )}
    >
      {count.count.toLocaleString("en-US")}
    </Link>
  );
}
