"use client";

import Link from "next/link";
import { showSuccessToast } from "@/components/error-toast";

/** A request's page. */
export const requestPage = (requestId: string) => `/requests/${encodeURIComponent(requestId)}`;

/** "Request sent", with a link to the request's page (where its decisions show). */
export function showRequestSent(title: string, linkText: string, requestId: string) {
  showSuccessToast(
    title,
    <Link href={requestPage(requestId)} className="text-sky-700 underline hover:no-underline dark:text-sky-400">
      {linkText}
    </Link>,
  );
}
