"use client";

import { createContext, useContext } from "react";
import type { AccessMode } from "@/lib/policy/access-mode";
import { MAX_LOGIN_MINUTES } from "@/lib/logins/view";

/** The deployment's login settings the dialogs need (pages read them on the server and provide them). */
export interface LoginPolicy {
  /** CONSOLE_LOGIN_ALLOW_NO_EXPIRY: offer "No expiry" beside the duration. */
  allowNoExpiry: boolean;
  /**
   * How this user gets a login under the access policy: `direct` opens at once (the switch),
   * `request` asks approvers (Request login), `none` neither. Closing never needs a request.
   */
  loginMode?: AccessMode;
  /** The user may open one instance at once without approval (break-glass), where the policy allows it. */
  breakGlass?: boolean;
  /** The longest login a request may ask for (the policy's loginMaxMinutes). */
  requestMaxMinutes?: number;
  /** The user's own personal keys (My keys), newest first: the key pickers offer them first. */
  myKeys?: readonly MyKeyChoice[];
  /** The policy's `personal keys only`: no shared key or key group is offered. */
  personalKeysOnly?: boolean;
}

/** One of the user's personal keys, as a key picker offers it. */
export interface MyKeyChoice {
  /** The ENS key name a login is opened with. */
  keyName: string;
  /** The name its owner gave it. */
  name: string;
}

const NO_KEYS: readonly MyKeyChoice[] = [];

const LoginPolicyContext = createContext<LoginPolicy>({ allowNoExpiry: false });

export function LoginPolicyProvider({ policy, children }: { policy: LoginPolicy; children: React.ReactNode }) {
  return <LoginPolicyContext.Provider value={policy}>{children}</LoginPolicyContext.Provider>;
}

export const useLoginPolicy = () => useContext(LoginPolicyContext);

/** The policy with its defaults filled: direct opens, no break-glass, requests up to 24 hours, no personal key. */
export function useAccessPolicy(): Required<LoginPolicy> {
  const p = useContext(LoginPolicyContext);
  return {
    allowNoExpiry: p.allowNoExpiry,
    loginMode: p.loginMode ?? "direct",
    breakGlass: p.breakGlass ?? false,
    requestMaxMinutes: p.requestMaxMinutes ?? MAX_LOGIN_MINUTES,
    myKeys: p.myKeys ?? NO_KEYS,
    personalKeysOnly: p.personalKeysOnly ?? false,
  };
}
