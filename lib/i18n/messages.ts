// Every message of both languages, one file per namespace under messages/<locale>/ (a feature's
// strings live beside each other; two people translating two features touch different files).
// The key sets of the two languages are checked equal by lib/i18n/test/messages.test.ts.

import en_common from "@/messages/en/common.json";
import en_views from "@/messages/en/views.json";
import en_nav from "@/messages/en/nav.json";
import en_auth from "@/messages/en/auth.json";
import en_errors from "@/messages/en/errors.json";
import en_validation from "@/messages/en/validation.json";
import en_instances from "@/messages/en/instances.json";
import en_images from "@/messages/en/images.json";
import en_keys from "@/messages/en/keys.json";
import en_users from "@/messages/en/users.json";
import en_history from "@/messages/en/history.json";
import en_operations from "@/messages/en/operations.json";
import en_overview from "@/messages/en/overview.json";
import en_pages from "@/messages/en/pages.json";
import en_requests from "@/messages/en/requests.json";
import en_settings from "@/messages/en/settings.json";
import en_inbox from "@/messages/en/inbox.json";
import en_reports from "@/messages/en/reports.json";
import en_me from "@/messages/en/me.json";
import en_schedules from "@/messages/en/schedules.json";
import zh_common from "@/messages/zh-CN/common.json";
import zh_views from "@/messages/zh-CN/views.json";
import zh_nav from "@/messages/zh-CN/nav.json";
import zh_auth from "@/messages/zh-CN/auth.json";
import zh_errors from "@/messages/zh-CN/errors.json";
import zh_validation from "@/messages/zh-CN/validation.json";
import zh_instances from "@/messages/zh-CN/instances.json";
import zh_images from "@/messages/zh-CN/images.json";
import zh_keys from "@/messages/zh-CN/keys.json";
import zh_users from "@/messages/zh-CN/users.json";
import zh_history from "@/messages/zh-CN/history.json";
import zh_operations from "@/messages/zh-CN/operations.json";
import zh_overview from "@/messages/zh-CN/overview.json";
import zh_pages from "@/messages/zh-CN/pages.json";
import zh_requests from "@/messages/zh-CN/requests.json";
import zh_settings from "@/messages/zh-CN/settings.json";
import zh_inbox from "@/messages/zh-CN/inbox.json";
import zh_reports from "@/messages/zh-CN/reports.json";
import zh_me from "@/messages/zh-CN/me.json";
import zh_schedules from "@/messages/zh-CN/schedules.json";
import type { Locale } from "./locales";

export const NAMESPACES = [
  "common",
  "views",
  "nav",
  "auth",
  "errors",
  "validation",
  "instances",
  "images",
  "keys",
  "users",
  "history",
  "operations",
  "overview",
  "pages",
  "requests",
  "settings",
  "inbox",
  "reports",
  "me",
  "schedules",
] as const;

const en = {
  common: en_common,
  views: en_views,
  nav: en_nav,
  auth: en_auth,
  errors: en_errors,
  validation: en_validation,
  instances: en_instances,
  images: en_images,
  keys: en_keys,
  users: en_users,
  history: en_history,
  operations: en_operations,
  overview: en_overview,
  pages: en_pages,
  requests: en_requests,
  settings: en_settings,
  inbox: en_inbox,
  reports: en_reports,
  me: en_me,
  schedules: en_schedules,
};

const zhCN = {
  common: zh_common,
  views: zh_views,
  nav: zh_nav,
  auth: zh_auth,
  errors: zh_errors,
  validation: zh_validation,
  instances: zh_instances,
  images: zh_images,
  keys: zh_keys,
  users: zh_users,
  history: zh_history,
  operations: zh_operations,
  overview: zh_overview,
  pages: zh_pages,
  requests: zh_requests,
  settings: zh_settings,
  inbox: zh_inbox,
  reports: zh_reports,
  me: zh_me,
  schedules: zh_schedules,
};

/** The English messages: their shape is the type every translation call is checked against. */
export type Messages = typeof en;

export const MESSAGES: Record<Locale, Messages> = { en, "zh-CN": zhCN as unknown as Messages };
