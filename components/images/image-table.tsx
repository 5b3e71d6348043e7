import Link from "next/link";
import type { AicImage } from "@/lib/ens/types";
import { CopyButton } from "@/components/copy-button";
import { ImageStatus } from "./image-status";

/** Descriptions come from ENS and may hold markup; they are rendered as plain text only. */
export function ImageTable({ images }: { images: AicImage[] }) {
  if (images.length === 0) {
    return (
      <p role="status" className="card p-6 text-sm text-slate-600 dark:text-slate-400">
        No images match these filters.
      </p>
    );
  }
  return (
    <div className="card overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">AIC images</caption>
        <thead className="border-b border-slate-200 text-xs uppercase text-slate-500 dark:border-slate-800">
          <tr>
            <th scope="col" className="px-3 py-2">
              Image id
            </th>
            <th scope="col" className="px-3 py-2">
              Status
            </th>
            <th scope="col" className="px-3 py-2">
              Created
            </th>
            <th scope="col" className="px-3 py-2">
              Android
            </th>
            <th scope="col" className="px-3 py-2">
              Description
            </th>
            <th scope="col" className="px-3 py-2">
              <span className="sr-only">Actions</span>
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
                  label={`Copy ${img.ImageId}`}
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
                <Link href={`/images/${img.ImageId}/share`} className="btn-secondary" aria-label={`Share ${img.ImageId}`}>
                  Share
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
