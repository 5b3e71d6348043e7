export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startConsole } = await import("./lib/startup");
  await startConsole();
}
