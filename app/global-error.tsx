"use client";

import { ErrorPanel } from "@/components/error-panel";
import "./globals.css";

export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body>
        <ErrorPanel digest={error.digest} reset={reset} />
      </body>
    </html>
  );
}
