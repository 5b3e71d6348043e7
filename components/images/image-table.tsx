import Link from "next/link";
import { useTranslations } from "next-intl";
import type { AicImage } from "@/lib/ens/types";
import { CopyButton } from "@/components/ui/copy-button";
import { ImageStatus } from "./image-status";

/** Descriptions come from ENS and may hold markup; they are rendered as plain text only. */
export function ImageTable({ images }: { images: AicImage[] }) {
  const t = useTranslations("images.table");
  if (images.length === 0) {
    return (
      <p role="status" className="card p-6 text-sm text-slate-600 dark:text-slate-400">
        {t("empty")}
      </p>
    );
  }
  return (
    <div className="card overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{t("caption")}</caption>
        <thead className="border-b border-slate-200 text-xs uppercase text-slate-500 dark:border-slate-800">
          <tr>
            <th scope="col" className="px-3 py-2">
              {t("imageId")}
            </th>
            <th scope="col" className="px-3 py-2">
              {t("status")}
            </th>
            <th scope="col" className="px-3 py-2">
              {t("created")}
            </th>
            <th scope="col" className="px-3 py-2">
              {t("android")}
            </th>
            <th scope="col" className="px-3 py-2">
              {t("description")}
            </th>
            <th scope="col" className="px-3 py-2">
              <span className="sr-only">{t("actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {images.map((img) => (
            <tr key={img.ImageId} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
              <td className="whitespace-nowrap px-3 py-2 font-mono">
                <Link href={`/images/${img.ImageId}/share`} className="text-sky-700 hover:underline dark:text-sky-400">
                  {img.ImageId}
                </Link>
                <CopyButton
                  value={img.ImageId}
                  label={t("copyId", { imageId: img.ImageId })}
                  className="ml-1 rounded px-1 text-xs text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800"
                />
              </td>
              <td className="px-3 py-2">
                <ImageStatus status={img.Status} />
              </td>
              <td className="whitespace-nowrap px-3 py-2 tabular-nums">{img.CreationTime ?? "—"}</td>
              <td className="px-3 py-2">{img.AndroidVersion ?? "—"}</td>
              <td className="max-w-md px-3 py-2 break-words">{img.Description || "—"}</td>
              <td className="whitespace-nowrap px-3 py-2 text-right">
                <Link
                  href={`/images/${img.ImageId}/share`}
                  className="btn-secondary"
                  aria-label={t("shareLabel", { imageId: img.ImageId })}
                >
                  {t("share")}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
