import * as z from "./zod-api";

// The CSP has no 'unsafe-eval'. Zod otherwise probes `new Function` before parsing objects, which
// the browser reports as a CSP violation; every schema imports z from here so the probe never runs.
z.config({ jitless: true });

export { z };
