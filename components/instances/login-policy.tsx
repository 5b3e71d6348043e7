"use client";

import { createContext, useContext } from "react";

/** The deployment's login settings the dialogs need (pages read them from lib/config and provide them). */
export interface LoginPolicy {
  /** CONSOLE_LOGIN_ALLOW_NO_EXPIRY: offer "No expiry" beside the duration. */
  allowNoExpiry: boolean;
}

const LoginPolicyContext = createContext<LoginPolicy>({ allowNoExpiry: false });

export function LoginPolicyProvider({ policy, children }: { policy: LoginPolicy; children: React.ReactNode }) {
  return <LoginPolicyContext.Provider value={policy}>{children}</LoginPolicyContext.Provider>;
}

export const useLoginPolicy = () => useContext(LoginPolicyContext);
