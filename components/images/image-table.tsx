import Link from "next/link";
import { useTranslations } from "next-intl";
import type { AicImage } from "@/lib/ens/types";
import { CopyButton } from "@/components/ui/copy-button";
import { Table, TableMessage, Tbody, Td, Th, THead, ThHidden, Tr } from "@/components/ui/table";
import { ImageStatus } from "./image-status";

/** Descriptions come from ENS and may hold markup; they are rendered as plain text only. */
export function ImageTable({ images }: { images: AicImage[] }) {
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
          <Tr key={img.ImageId} align="middle">
            <Td className="whitespace-nowrap font-mono">
              <Link href={`/images/${img.ImageId}/share`} className="text-sky-700 hover:underline dark:text-sky-400">
                {img.ImageId}
              </Link>
              <CopyButton
                value={img.ImageId}
                label={t("copyId", { imageId: img.ImageId })}
                className="ml-1 rounded px-1 text-xs text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800"
              />
            </Td>
            <Td>
              <ImageStatus status={img.Status} />
            </Td>
            <Td className="whitespace-nowrap tabular-nums">{img.CreationTime ?? "—"}</Td>
            <Td>{img.AndroidVersion ?? "—"}</Td>
            <Td className="max-w-md break-words">{img.Description || "—"}</Td>
            <Td className="whitespace-nowrap text-right">
              <Link href={`/images/${img.ImageId}/share`} className="btn-secondary" aria-label={t("shareLabel", { imageId: img.ImageId })}>
                {t("share")}
              </Link>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
