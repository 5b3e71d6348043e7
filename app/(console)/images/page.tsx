import type { Metadata } from "next";
import { ImageFilters } from "@/components/images/image-filters";
import { ImageTable } from "@/components/images/image-table";
import { requireUser } from "@/lib/auth/session";
import { EnsError } from "@/lib/ens";
import { listImagesCached, parseImageQuery } from "@/lib/images/list";

export const metadata: Metadata = { title: "Images · AIC Console" };

export default async function ImagesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser();
  const query = parseImageQuery(await searchParams);
  let body: React.ReactNode;
  try {
    const images = await listImagesCached(query);
    body = (
      <>
        <p className="text-sm text-slate-600 dark:text-slate-400" aria-live="polite">{images.length} {images.length === 1 ? "image" : "images"}</p>
        <ImageTable images={images} />
      </>
    );
  } catch (e) {
    if (!(e instanceof EnsError)) throw e;
    body = (
      <div role="alert" className="card border-red-300 p-4 text-sm dark:border-red-800">
        <p className="font-semibold text-red-800 dark:text-red-300">ENS did not return the image list.</p>
        <p><span className="font-mono font-semibold">{e.code}</span>: {e.message}</p>
        {e.requestId && <p className="text-xs">RequestId <span className="font-mono">{e.requestId}</span></p>}
      </div>
    );
  }
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Images</h1>
      <ImageFilters />
      {body}
    </div>
  );
}
