import { SettingsTabs } from "@/components/settings/settings-tabs";

/** Every settings page under its tabs. Each page checks its own permission. */
export default function SettingsLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="space-y-4">
      <SettingsTabs />
      {children}
    </div>
  );
}
