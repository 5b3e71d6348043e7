// Plain numbers the browser's fleet queries share with /api/fleet: no zod here (the instances
// page would otherwise load zod's 30 KB before any form needs it).

/** Rows per request: a screenful and the rows around it; the table asks for the next as it scrolls. */
export const PAGE_ROWS = 100;
export const MAX_ROWS = 1000;
