"use server";

import { createDestinationSpec, deleteDestinationSpec, replayDestinationSpec } from "../outbound/actions";
import { setDestinationPausedSpec, testDestinationSpec } from "../outbound/actions";
import { action } from "./action";

export const createDestination = action(createDestinationSpec);
export const setDestinationPaused = action(setDestinationPausedSpec);
export const deleteDestination = action(deleteDestinationSpec);
export const testDestination = action(testDestinationSpec);
export const replayDestination = action(replayDestinationSpec);
