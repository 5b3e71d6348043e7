/** Public demo credentials of the emulator (demo data, not a secret). */
export const DEMO_ACCESS_KEY = { id: "LTAI5tEmulatorDemoKey01", secret: "emulator-demo-secret-0123456789abcdef" };
