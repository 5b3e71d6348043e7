// The emulator's in-memory world: fleet, images, keys, deliveries, shares, pending transitions.
import { type AicImage, type AicPublicKey, buildImages, buildKeys } from "./catalog";
import { type AicInstance, type Fleet, buildFleet } from "./fleet";

export interface Delivery {
  KeyName: string;
  KeyGroup: string;
  KeyType: string;
  InstanceId: string;
  CreationTime: string;
}

export interface StateConfig {
  seed: number;
  servers: number;
  aicsPerServer: number;
  /** How long an instance stays rebooting / reseting before returning to success. */
  transitionMs: number;
}

interface Transition {
  aic: AicInstance;
  until: number;
}

export class EmulatorState {
  fleet!: Fleet;
  images!: AicImage[];
  imagesById!: Map<string, AicImage>;
  keys!: AicPublicKey[];
  deliveries!: Delivery[];
  shares!: Map<string, Set<string>>;
  private transitions: Transition[] = [];
  /** Bumped whenever a fleet field changes, so cached listings of the fleet know they are stale. */
  fleetVersion = 0;

  constructor(readonly config: StateConfig) {
    this.reset();
  }

  reset(): void {
    this.fleetVersion++;
    this.images = buildImages();
    this.imagesById = new Map(this.images.map((i) => [i.ImageId, i]));
    const available = this.images.filter((i) => i.Status === "available").map((i) => i.ImageId);
    this.fleet = buildFleet(this.config.seed, this.config.servers, this.config.aicsPerServer, available);
    this.keys = buildKeys();
    this.shares = new Map();
    this.transitions = [];
    this.deliveries = [];
    // A few preloaded deliveries on the first boards' instances (when the fleet has them).
    const s0 = this.fleet.servers[0]?.AICInstances ?? [];
    const s1 = this.fleet.servers[1]?.AICInstances ?? [];
    const seedRows: Array<[string, AicInstance | undefined, string]> = [
      ["support-adb-key", s0[0], "2025-10-11T10:00:00+08:00"],
      ["support-adb-key", s0[1], "2025-10-11T10:00:05+08:00"],
      ["ops-debug-key", s1[0], "2025-10-13T08:45:30+08:00"],
    ];
    for (const [keyName, aic, at] of seedRows) {
      const key = this.keys.find((k) => k.KeyName === keyName);
      if (key && aic) this.deliveries.push(deliveryRow(key, aic.InstanceId, at));
    }
  }

  findKey(name: string): AicPublicKey | undefined {
    return this.keys.find((k) => k.KeyName === name);
  }

  startTransition(aic: AicInstance, state: "rebooting" | "reseting", latestAction: string, now: number): void {
    this.fleetVersion++;
    aic.State = state;
    aic.Status = "pending";
    aic.LatestAction = latestAction;
    this.transitions = this.transitions.filter((t) => t.aic !== aic);
    this.transitions.push({ aic, until: now + this.config.transitionMs });
  }

  /** Completes due transitions; called before every API call (no timers to clean up). */
  settle(now: number): void {
    if (this.transitions.length === 0) return;
    this.transitions = this.transitions.filter((t) => {
      if (t.until > now) return true;
      this.fleetVersion++;
      t.aic.State = "success";
      t.aic.Status = "running";
      return false;
    });
  }
}

export function deliveryRow(key: AicPublicKey, instanceId: string, creationTime: string): Delivery {
  return { KeyName: key.KeyName, KeyGroup: key.KeyGroup, KeyType: key.KeyType, InstanceId: instanceId, CreationTime: creationTime };
}
