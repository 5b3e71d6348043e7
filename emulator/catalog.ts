// Preloaded AIC images and public keys. Generated from a FIXED seed (not ENS_EMULATOR_SEED) so that
// image ids stay stable for every fleet seed; README lists them.
import { createRng, randomHex } from "./util";

export interface AicImage {
  ImageId: string;
  ImageUrl: string;
  User: string;
  Status: "available" | "verifying" | "disable";
  CreationTime: string;
  Description: string;
  AndroidVersion: string;
  /** Not part of the response (ens-api.md §4: no ImageType field); used by the ImageType filter. */
  imageType: "public" | "private";
}

export interface AicPublicKey {
  KeyName: string;
  KeyGroup: string;
  KeyType: string;
  Content: string;
  Description: string;
  CreationTime: string;
}

const IMAGE_ROWS: Array<[string, string, AicImage["Status"], AicImage["imageType"], string, string, string]> = [
  // tag, user, status, type, android, creation, description
  ["android10:2023.03", "aic-official", "available", "public", "10", "2023-03-14 10:21:07", "Android 10 base image"],
  ["android11:2023.09", "aic-official", "available", "public", "11", "2023-09-02 16:40:55", "Android 11 base image"],
  ["android12:2024.02", "aic-official", "available", "public", "12", "2024-02-20 09:12:31", "Android 12 base image"],
  ["android13:2024.08", "aic-official", "available", "public", "13", "2024-08-11 14:03:18", "Android 13 base image"],
  ["cloudgame-runtime:v3.2", "cloudgame", "available", "private", "11", "2024-05-06 11:59:09", "Cloud game runtime with GPU tuning"],
  ["cloudphone-office:v1.8", "cloudphone", "available", "private", "12", "2024-06-18 08:30:44", "Cloud phone office suite"],
  ["socimage:test", "qa-team", "verifying", "private", "12", "2025-01-22 10:54:34", "QA build under verification"],
  ["legacy-android9:2022.01", "aic-official", "disable", "public", "9", "2022-01-22 10:54:34", "Deprecated Android 9 image"],
  ["kiosk-app:2025.04", "retail", "available", "private", "13", "2025-04-02 19:45:00", "Kiosk demo <script>alert(1)</script>"],
  ["android14:2025.06", "aic-official", "available", "public", "14", "2025-06-30 12:00:00", "Android 14 base image"],
  ["stress-test:2025.07", "qa-team", "available", "private", "13", "2025-07-15 17:25:12", 'Stress test tools & "quotes"'],
  ["live-stream:v2.0", "media", "available", "private", "12", "2025-09-09 09:09:09", "Live streaming encoder image"],
];

export function buildImages(): AicImage[] {
  const rng = createRng(20171110);
  return IMAGE_ROWS.map(([tag, user, status, type, android, created, description]) => ({
    ImageId: `m-${randomHex(rng, 31)}`,
    ImageUrl: `registry-vpc.cn-hangzhou.aliyuncs.com/aic/${tag}`,
    User: user,
    Status: status,
    CreationTime: created,
    Description: description,
    AndroidVersion: android,
    imageType: type,
  }));
}

export function buildKeys(): AicPublicKey[] {
  const rng = createRng(20251029);
  const adbKey = (who: string) => `QAAAA${randomHex(rng, 40).toUpperCase()}${randomHex(rng, 24)}= ${who}@console`;
  return [
    {
      KeyName: "support-adb-key",
      KeyGroup: "g-support",
      KeyType: "adb",
      Content: adbKey("support"),
      Description: "Support team ADB key",
      CreationTime: "2025-10-09T15:13:21+08:00",
    },
    {
      KeyName: "support-adb-key-2",
      KeyGroup: "g-support",
      KeyType: "adb",
      Content: adbKey("support2"),
      Description: "Support backup key",
      CreationTime: "2025-10-10T09:02:45+08:00",
    },
    {
      KeyName: "ops-debug-key",
      KeyGroup: "g-ops",
      KeyType: "adb",
      Content: adbKey("ops"),
      Description: "运维调试",
      CreationTime: "2025-10-12T18:30:00+08:00",
    },
    {
      KeyName: "release-signing-adb",
      KeyGroup: "",
      KeyType: "adb",
      Content: adbKey("release"),
      Description: "",
      CreationTime: "2025-10-20T11:11:11+08:00",
    },
  ];
}
