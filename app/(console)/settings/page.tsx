import { redirect } from "next/navigation";

/** The settings have one page so far: the access policy. */
export default function SettingsPage() {
  redirect("/settings/access");
}
