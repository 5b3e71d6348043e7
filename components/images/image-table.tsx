import Link from "next/link";
import { useTranslations } from "next-intl";
import type { ImageView } from "@/lib/images/view";
import { CopyButton } from "@/components/ui/copy-button";
import { Table, TableMessage, Tbody, Td, Th, THead, ThHidden, Tr } from "@/components/ui/table";
import { ImageStatus } from "./image-status";

/** Descriptions come from ENS and may hold markup; they are rendered as plain text only. */
export function ImageTable({ images }: { images: ImageView[] }) {
  const t = useTranslations("images.table");
  if (images.length === 0) {
    return (
      <div className="card px-6">
        <TableMessage role="status">{t("empty")}</TableMessage>
      </div>
    );
  }
  return (
    <Table caption={t("caption")} container="card">
      <THead>
        <Th>{t("imageId")}</Th>
        <Th>{t("status")}</Th>
        <Th>{t("created")}</Th>
        <Th>{t("android")}</Th>
        <Th>{t("description")}</Th>
        <ThHidden label={t("actions")} />
      </THead>
      <Tbody>
        {images.map((img) => (
          <Tr key={img.id} align="middle">
            <Td className="whitespace-nowrap font-mono">
              <Link href={`/images/${img.id}/share`} className="text-sky-700 hover:underline dark:text-sky-400">
                {img.id}
              </Link>
              <CopyButton
                value={img.id}
                label={t("copyId", { imageId: img.id })}
                className="ml-1 rounded px-1 text-xs text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800"
              />
            </Td>
            <Td>
              <ImageStatus status={img.status} />
            </Td>
            <Td className="whitespace-nowrap tabular-nums">{img.createdAt ?? "—"}</Td>
            <Td>{img.androidVersion ?? "—"}</Td>
            <Td className="max-w-md break-words">{img.description ?? "—"}</Td>
            <Td className="whitespace-nowrap text-right">
              <Link href={`/images/${img.id}/share`} className="btn-secondary" aria-label={t("shareLabel", { imageId: img.id })}>
                {t("share")}
              </Link>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
