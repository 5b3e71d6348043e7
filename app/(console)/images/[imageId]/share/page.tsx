import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CopyButton } from "@/components/copy-button";
import { ImageStatus } from "@/components/images/image-status";
import { ShareForm } from "@/components/images/share-form";
import { ShareHistory } from "@/components/images/share-history";
import { can, deniedReason } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { readShareImagePage } from "@/lib/images/queries";
import { imageIdSchema } from "@/lib/validation/share-image";

export const metadata: Metadata = { title: "Share image · AIC Console" };

export default async function ShareImagePage({ params }: { params: Promise<{ imageId: string }> }) {
  const user = await requireUser();
  const { imageId: raw } = await params;
  const parsed = imageIdSchema.safeParse(decodeURIComponent(raw));
  if (!parsed.success) notFound();
  const imageId = parsed.data;
  const { image, history } = await readShareImagePage(imageId);
  if (!image) notFound();

  const details: Array<[string, React.ReactNode]> = [
    ["Status", <ImageStatus key="s" status={image.Status} />],
    ["Created", image.CreationTime ?? "—"],
    ["Android version", image.AndroidVersion ?? "—"],
    ["Image URL", image.ImageUrl ? <span className="font-mono break-all">{image.ImageUrl}</span> : "—"],
    ["Description", image.Description || "—"],
  ];

  return (
    <div className="max-w-4xl space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/images" className="text-sky-700 hover:underline dark:text-sky-400">
          Images
        </Link>{" "}
        / share
      </nav>
      <header className="space-y-3">
        <h1 className="flex flex-wrap items-center gap-2 text-xl font-semibold">
          Share image <span className="font-mono">{image.ImageId}</span>
          <CopyButton value={image.ImageId} label="Copy image id" />
        </h1>
        <dl className="card grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 p-4 text-sm">
          {details.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="font-medium text-slate-600 dark:text-slate-400">{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
        <p
          role="note"
          className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
        >
          <strong>Sharing cannot be revoked from here.</strong> Every account you share with can use this image, and this console has no way
          to take the share back. Check each account UID before you share.
        </p>
      </header>
      <ShareForm imageId={image.ImageId} canShare={can(user.role, "images.share")} deniedReason={deniedReason(user.role, "images.share")} />
      <ShareHistory rows={history} />
    </div>
  );
}
