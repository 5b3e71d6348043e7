import { test as setup } from "@playwright/test";
import { login, ROLES, storageFor } from "./support";

for (const role of ROLES) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await login(page, role);
    await page.context().storageState({ path: storageFor(role) });
  });
}
