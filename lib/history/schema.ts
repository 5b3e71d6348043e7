import type { ExampleInputs } from "../action-spec";
import { exportInputSchema } from "../audit/filter";

/** The history export's input: the History page's filter (the audit log's query language) and a format. */
export const exportHistoryInput = exportInputSchema;

export const exampleInputs = {
  "history.export": { format: "csv", actor: "admin@e2e.test" },
} satisfies ExampleInputs;
