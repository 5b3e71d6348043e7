import Link from "next/link";
import clsx from "clsx";
import { useFormatter, useTranslations } from "next-intl";
import type { CountLink as Count } from "@/lib/overview/view";
import { countWords } from "@/lib/overview/words";

/**
 * A count as a link to the list it counts; its accessible name says what it counts and begins with
 * the number shown ("3 instances in state rebooting"). Red when it wants attention and is not zero.
 */
export function CountLink({ count, className }: { count: Count; className?: string }) {
  const { name } = countWords(useTranslations("overview"), count);
  const format = useFormatter();
  return (
    <Link
      href={count.href}
      aria-label={name}
      title={name}
      className={clsx(
        "rounded font-mono tabular-nums hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500",
        count.attention && count.count > 0 ? "text-red-700 dark:text-red-400" : "text-sky-700 dark:text-sky-400",
        className,
      )}
    >
      {format.number(count.count)}
    </Link>
  );
}
