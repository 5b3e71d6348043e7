import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { CopyButton } from "@/components/ui/copy-button";
import { ImageStatus } from "@/components/images/image-status";
import { ShareForm } from "@/components/images/share-form";
import { ShareHistory } from "@/components/images/share-history";
import { can, deniedReason } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { readShareImagePage } from "@/lib/images/read";
import { imageIdField } from "@/lib/images/schema";
import { accessModeFor } from "@/lib/policy/access-mode";
import { readAccessPolicy } from "@/lib/requests/read";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("images.sharePage");
  return { title: t("metaTitle") };
}

export default async function ShareImagePage({ params }: { params: Promise<{ imageId: string }> }) {
  const user = await requireUser();
  const { imageId: raw } = await params;
  const parsed = imageIdField.safeParse(decodeURIComponent(raw));
  if (!parsed.success) notFound();
  const imageId = parsed.data;
  const [{ image, history }, policy] = await Promise.all([readShareImagePage(imageId), readAccessPolicy()]);
  if (!image) notFound();
  const [t, locale] = await Promise.all([getTranslations("images.sharePage"), getLocale()]);
  // The access policy decides whether this user shares at once, asks an approver, or neither.
  const shareMode = accessModeFor(policy, user.role, "share");

  const details: Array<[string, React.ReactNode]> = [
    [t("status"), <ImageStatus key="s" status={image.status} />],
    [t("created"), image.createdAt ?? "—"],
    [t("androidVersion"), image.androidVersion ?? "—"],
    [t("imageUrl"), image.url ? <span className="font-mono break-all">{image.url}</span> : "—"],
    [t("description"), image.description ?? "—"],
  ];

  return (
    <div className="max-w-4xl space-y-6">
      <Breadcrumb label={t("breadcrumb")} items={[{ label: t("images"), href: "/images" }, { label: t("crumb") }]} />
      <header className="space-y-3">
        <h1 className="flex flex-wrap items-center gap-2 text-xl font-semibold">
          {t.rich("heading", { imageId: image.id, mono: (c) => <span className="font-mono">{c}</span> })}
          <CopyButton value={image.id} label={t("copyId")} />
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
          {t.rich("irrevocable", { strong: (c) => <strong>{c}</strong> })}
        </p>
      </header>
      <ShareForm
        imageId={image.id}
        canShare={can(user.role, "images.share")}
        deniedReason={deniedReason(user.role, "images.share", locale)}
        mode={shareMode}
      />
      <ShareHistory rows={history} />
    </div>
  );
}
