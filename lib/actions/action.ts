import "server-only";
import { ens } from "../ens";
import { nextCallerSources } from "../request/next-sources";
import { createActionFactory } from "./safe-action";

/** The wrapper bound to the real session, request, database and ENS client. Every server action uses it. */
export const action = createActionFactory({ ...nextCallerSources, ens });
