import { getRequestConfig } from "next-intl/server";
import { MESSAGES } from "@/lib/i18n/messages";
import { requestLocale } from "@/lib/auth/request-locale";

// next-intl's per-request configuration (its plugin's default place, i18n/request.ts): the language of
// the user or browser, its messages, and UTC for the times the console shows as UTC.
export default getRequestConfig(async () => {
  const locale = await requestLocale();
  return { locale, messages: MESSAGES[locale], timeZone: "UTC" };
});
