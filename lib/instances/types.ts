/** What the browser gets per instance: compact, and only the fields the list shows or filters on. */
export interface LoginState {
  open: boolean;
  keys: string[];
}

export interface InstanceView {
  id: string;
  name: string;
  serverId: string;
  serverName: string;
  node: string;
  spec: string;
  imageId: string;
  ip: string;
  state: string;
  status: string;
  login: LoginState;
}

export interface FleetSnapshot {
  rows: InstanceView[];
  /** ISO time the data was read from ENS. */
  asOf: string;
}

export const TRANSITORY_STATES = new Set(["creating", "rebooting", "reseting", "releasing", "upgrading"]);
