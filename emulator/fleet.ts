// Deterministic ARM server / AIC instance fleet (ens-api.md §3 and §C), built once in O(n).
import { type Rng, createRng, formatDescribeTime, pick, randomChars, randomHex } from "./util";

export interface AicInstance {
  InstanceId: string;
  Name: string;
  Spec: string;
  ImageId: string;
  State: string;
  Status: string;
  Frequency: number;
  Resolution: string;
  LatestAction: string;
  NetworkAttributes: { IpAddress: string; NetworkId: string; VSwitchId: string };
  SdgDeployInfo: { SDGId: string; Status: string };
}

export interface ArmServer {
  ServerId: string;
  Name: string;
  SpecName: string;
  EnsRegionId: string;
  Namespace: string;
  CreationTime: string;
  ExpiredTime: string;
  PayType: string;
  State: string;
  Status: string;
  LatestAction: string;
  Tags: Array<{ Key: string; Value: string }>;
  AICInstances: AicInstance[];
}

export interface Fleet {
  servers: ArmServer[];
  /** InstanceId → [server index, instance]. */
  instances: Map<string, { server: ArmServer; aic: AicInstance }>;
  serversById: Map<string, ArmServer>;
  /** Per server (same index): the distinct AIC specs it carries. */
  aicSpecs: Array<Set<string>>;
}

export const ENS_REGIONS = [
  "cn-chengdu-telecom-4",
  "cn-guiyang-12",
  "cn-hangzhou-27",
  "cn-shanghai-unicom-3",
  "cn-beijing-cmcc-2",
  "cn-guangzhou-10",
  "cn-wuhan-telecom-5",
  "cn-xian-unicom-2",
  "cn-nanjing-cmcc-6",
  "cn-zhengzhou-telecom-3",
] as const;

const SPECS: Record<string, string[]> = {
  "cas.cf53r": ["aic.cf53r.c1.np", "aic.cf53r.c2.np", "aic.cf53r.c4.np", "aic.cf53r.c8.np", "aic.cf53r.c6", "aic.cf53r.c7"],
  "cas.cf52r": ["aic.cf52r.c1.np", "aic.cf52r.c2.np", "aic.cf52r.c3.np", "aic.cf52r.c4.np"],
  "cas.cf52m1r": ["aic.cf52m1r.c1.np", "aic.cf52m1r.c3.np", "aic.cf52m1r.c5.np", "aic.cf52m1r.c6"],
};
const SERVER_SPECS = ["cas.cf53r", "cas.cf53r", "cas.cf53r", "cas.cf52r", "cas.cf52m1r"];
const RESOLUTIONS = ["1920*1080", "1080*1920", "1280*720", "720*1280", "2400*1080", "1080*2400", "1920*864", "864*1920"];
const FREQUENCIES = [60, 60, 60, 30, 120];
const NAMESPACES = ["default", "default", "default", "game-prod", "qa"];
const TAGS = [
  { Key: "env", Value: "prod" },
  { Key: "env", Value: "staging" },
  { Key: "team", Value: "cloud-phone" },
  { Key: "team", Value: "cloud-game" },
  { Key: "project", Value: "aic-console" },
];

const SERVER_STATE: Array<[number, string, string]> = [
  // cumulative probability, State, Status
  [0.92, "success", "running"],
  [0.95, "creating", "starting"],
  [0.97, "failed", "down"],
  [0.99, "upgrading", "running"],
  [1, "rebooting", "starting"],
];
const AIC_STATE: Array<[number, string, string]> = [
  [0.95, "success", "running"],
  [0.97, "creating", "pending"],
  [0.985, "failed", "pending"],
  [1, "rebooting", "pending"],
];

function weighted(rng: Rng, table: Array<[number, string, string]>): [string, string] {
  const r = rng();
  for (const [p, a, b] of table) if (r < p) return [a, b];
  const last = table[table.length - 1];
  return [last[1], last[2]];
}

function ipFor(index: number): string {
  const g = index + 1; // 10.0.0.1 …, unique up to 16M instances
  return `10.${(g >> 16) & 255}.${(g >> 8) & 255}.${g & 255}`;
}

export function buildFleet(seed: number, serverCount: number, aicsPerServer: number, imageIds: string[]): Fleet {
  const rng = createRng(seed ^ 0x5eed);
  const servers: ArmServer[] = new Array(serverCount);
  const instances = new Map<string, { server: ArmServer; aic: AicInstance }>();
  const serversById = new Map<string, ArmServer>();
  const aicSpecs: Array<Set<string>> = new Array(serverCount);
  const start = Date.UTC(2022, 0, 1);
  const span = Date.UTC(2025, 9, 1) - start;
  let aicIndex = 0;
  for (let i = 0; i < serverCount; i++) {
    let suffix = randomChars(rng, 12);
    while (serversById.has(`cas-${suffix}`)) suffix = randomChars(rng, 12);
    const region = pick(rng, ENS_REGIONS);
    const spec = pick(rng, SERVER_SPECS);
    const aicSpec = pick(rng, SPECS[spec]);
    const created = start + Math.floor((rng() * span) / 1000) * 1000;
    const years = 1 + Math.floor(rng() * 3);
    const [state, status] = weighted(rng, SERVER_STATE);
    const tagCount = Math.floor(rng() * 3);
    const tags: Array<{ Key: string; Value: string }> = [];
    for (let t = 0; t < tagCount; t++) {
      const tag = pick(rng, TAGS);
      if (!tags.some((x) => x.Key === tag.Key)) tags.push({ ...tag });
    }
    const networkId = `n-${randomChars(rng, 20)}`;
    const vswitchId = `vsw-${randomChars(rng, 20)}`;
    const city = region.split("-")[1];
    const server: ArmServer = {
      ServerId: `cas-${suffix}`,
      Name: `${city}-board-${String(i + 1).padStart(4, "0")}`,
      SpecName: spec,
      EnsRegionId: region,
      Namespace: pick(rng, NAMESPACES),
      CreationTime: formatDescribeTime(created),
      ExpiredTime: formatDescribeTime(created + years * 365 * 86400_000),
      PayType: "prepay",
      State: state,
      Status: status,
      LatestAction: "ServerCreate",
      Tags: tags,
      AICInstances: new Array(aicsPerServer),
    };
    const image = pick(rng, imageIds);
    const resolution = pick(rng, RESOLUTIONS);
    const frequency = pick(rng, FREQUENCIES);
    for (let n = 0; n < aicsPerServer; n++) {
      const [aicState, aicStatus] = state === "creating" ? ["creating", "pending"] : weighted(rng, AIC_STATE);
      const aic: AicInstance = {
        InstanceId: `aic-${suffix}-${n}`,
        Name: `${server.Name}-aic-${String(n).padStart(2, "0")}`,
        Spec: aicSpec,
        ImageId: image,
        State: aicState,
        Status: aicStatus,
        Frequency: frequency,
        Resolution: resolution,
        LatestAction: "ServerCreate",
        NetworkAttributes: { IpAddress: ipFor(aicIndex++), NetworkId: networkId, VSwitchId: vswitchId },
        SdgDeployInfo: { SDGId: `sdg-${randomHex(rng, 16)}`, Status: aicState === "creating" ? "sdg_deploying" : "success" },
      };
      server.AICInstances[n] = aic;
      instances.set(aic.InstanceId, { server, aic });
    }
    servers[i] = server;
    serversById.set(server.ServerId, server);
    aicSpecs[i] = new Set([aicSpec]);
  }
  return { servers, instances, serversById, aicSpecs };
}
