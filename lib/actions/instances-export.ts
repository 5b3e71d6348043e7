import "server-only";
import { exportInstancesSpec } from "../instances/actions";
import { action } from "./action";

// Not a 'use server' module: the stream goes to the route handler, never to a browser.
export const exportInstances = action(exportInstancesSpec);
