// Where an audit action's History label lives in the messages: history.actions.<name with "." as "_">
// (a message key cannot hold a dot). Client-safe.
import type { AuditAction } from "../audit/vocabulary";

type Underscored<S extends string> = S extends `${infer A}.${infer B}` ? `${A}_${Underscored<B>}` : S;

export function actionKey<A extends AuditAction>(name: A): `actions.${Underscored<A>}` {
  return `actions.${name.replace(/\./g, "_")}` as `actions.${Underscored<A>}`;
}
