import type { Metadata } from "next";
import { headers } from "next/headers";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import { Providers } from "@/components/providers";
import { NONCE_HEADER } from "@/lib/http/security-headers";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const [common, t] = await Promise.all([getTranslations("common"), getTranslations("pages.meta")]);
  const name = common("productName");
  return { title: { default: name, template: `%s · ${name}` }, description: t("description") };
}

// Applies the saved or system theme before first paint, so the page never flashes.
const themeScript = `(function(){try{var t=localStorage.getItem('theme');var d=t==='dark'||(t!=='light'&&matchMedia('(prefers-color-scheme: dark)').matches);document.documentElement.classList.toggle('dark',d)}catch(e){}})()`;

// Reading the request's nonce (set by proxy.ts) also makes every page render per request, as a
// nonce must be fresh for each response.
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  const locale = await getLocale();
  return (
    <html lang={locale} suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="min-h-screen antialiased">
        <NextIntlClientProvider>
          <Providers>{children}</Providers>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
