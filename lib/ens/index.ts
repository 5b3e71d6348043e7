import "server-only";

export { createEnsClient, ens } from "./client";
export type { AttemptInfo, CallOptions, EnsClient, EnsClientHooks, EnsMetrics } from "./client";
export { ensConfigFromEnv } from "./config";
export type { EnsConfig } from "./config";
export { EnsError, isRetryableCode, toEnsError } from "./errors";
export type { EnsErrorInit } from "./errors";
export { MAX_PAGE_SIZE, flattenServers } from "./fleet";
export type { AicImageFilter, ArmServerFilter, FleetHelpers, PublicKeyDeliveryFilter, PublicKeyFilter } from "./fleet";
export { backoffDelay } from "./retry";
export { ACTIONS, toWireParams } from "./serialize";
export type { SdkTransport } from "./sdk";
export type * from "./types";
