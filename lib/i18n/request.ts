import { getRequestConfig } from "next-intl/server";
import { MESSAGES } from "./messages";
import { requestLocale } from "./request-locale";

// next-intl's per-request configuration (next.config.mjs points its plugin here): the language of
// the user or browser, its messages, and UTC for the times the console shows as UTC.
export default getRequestConfig(async () => {
  const locale = await requestLocale();
  return { locale, messages: MESSAGES[locale], timeZone: "UTC" };
});
