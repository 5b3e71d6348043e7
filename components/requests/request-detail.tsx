import Link from "next/link";
import { useTranslations } from "next-intl";
import { LocalTime } from "@/components/operations/local-time";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Detail, DetailList } from "@/components/ui/field";
import { Table, TableMessage, Tbody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { LoginAsk, RequestView, ShareAsk } from "@/lib/requests/view";
import { instancesText } from "./ask-text";
import { requestHistoryHref } from "./href";
import { RequestDecision } from "./request-decision";
import { RequestStateBadge } from "./request-state-badge";

const link = "text-sky-700 hover:underline dark:text-sky-400";

function Mono({ children }: { children: React.ReactNode }) {
  return (
    <span className="font-mono" translate="no">
      {children}
    </span>
  );
}

function LoginAskDetails({ ask }: { ask: LoginAsk }) {
  const t = useTranslations("requests.detail");
  const tr = useTranslations("requests");
  const tOps = useTranslations("operations");
  const listed = ask.instanceIds;
  return (
    <div className="space-y-3">
      <DetailList columns={3}>
        <Detail label={t("selection")}>{instancesText(tr, tOps, ask)}</Detail>
        {ask.keyName ? (
          <Detail label={t("key")}>
            <Mono>{ask.keyName}</Mono>
          </Detail>
        ) : (
          <Detail label={t("keyGroup")}>{ask.keyGroup && <Mono>{ask.keyGroup}</Mono>}</Detail>
        )}
        <Detail label={t("duration")}>{t("minutes", { minutes: String(ask.durationMinutes) })}</Detail>
      </DetailList>
      {listed.length > 0 && (
        <div>
          <h3 className="text-xs uppercase text-slate-500">{t("instanceIds")}</h3>
          <ul className="mt-1 flex flex-wrap gap-1 text-sm" translate="no">
            {listed.map((id) => (
              <li key={id}>
                <Link href={`/instances/${encodeURIComponent(id)}`} className={`font-mono ${link}`}>
                  {id}
                </Link>
              </li>
            ))}
          </ul>
          {ask.count > listed.length && (
            <p className="mt-1 text-xs text-slate-500">{t("moreIds", { count: String(ask.count - listed.length) })}</p>
          )}
        </div>
      )}
    </div>
  );
}

function ShareAskDetails({ ask }: { ask: ShareAsk }) {
  const t = useTranslations("requests.detail");
  return (
    <div className="space-y-3">
      <DetailList columns={3}>
        <Detail label={t("image")}>
          <Link href={`/images/${encodeURIComponent(ask.imageId)}/share`} className={`font-mono ${link}`} translate="no">
            {ask.imageId}
          </Link>
        </Detail>
      </DetailList>
      <div>
        <h3 className="text-xs uppercase text-slate-500">{t("users", { count: String(ask.users.length) })}</h3>
        {/* Every user ID, exactly as the approver decides on it. */}
        <ul className="mt-1 flex flex-wrap gap-1 text-sm" translate="no">
          {ask.users.map((u) => (
            <li key={u} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono dark:bg-slate-800">
              {u}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** One request, everything about it: what it asks, its decisions, what came of it, and what the viewer may do. */
export function RequestDetail({ request: r }: { request: RequestView }) {
  const t = useTranslations("requests.detail");
  const tr = useTranslations("requests");
  const kind = tr(`kinds.${r.kind}`);
  return (
    <div className="space-y-6">
      <Breadcrumb
        label={t("breadcrumb")}
        items={[
          { label: tr("title"), href: "/requests" },
          { label: r.id, mono: true },
        ]}
      />
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">{t("heading", { kind })}</h1>
        <RequestStateBadge state={r.state} />
        <span className="ml-auto">
          <RequestDecision
            requestId={r.id}
            canApprove={r.canApprove}
            canCancel={r.canCancel}
            remaining={Math.max(1, r.approvalsNeeded - r.approvals)}
          />
        </span>
      </div>

      <section aria-labelledby="request-details" className="card space-y-3 p-4">
        <h2 id="request-details" className="sr-only">
          {t("details")}
        </h2>
        <DetailList columns={4}>
          <Detail label={t("requester")}>{r.requesterEmail}</Detail>
          <Detail label={t("state")}>{tr(`states.${r.state}`)}</Detail>
          <Detail label={t("created")}>
            <LocalTime iso={r.createdAt} />
          </Detail>
          {r.state === "pending" ? (
            <Detail label={t("expires")}>
              <LocalTime iso={r.expiresAt} />
            </Detail>
          ) : (
            <Detail label={t("ended")}>{(r.endedAt ?? r.decidedAt) && <LocalTime iso={(r.endedAt ?? r.decidedAt)!} />}</Detail>
          )}
          <Detail label={t("requestId")}>
            <Mono>{r.id}</Mono>
          </Detail>
          <Detail label={t("approvals")}>
            {t("approvalsCount", { approvals: String(r.approvals), needed: String(r.approvalsNeeded) })}
          </Detail>
          <Detail label={t("approvers")}>{t(r.approvers === "admins" ? "approversAdmins" : "approversOperators")}</Detail>
          <Detail label={t("historyLabel")}>
            <span className="flex flex-wrap gap-x-3">
              <Link href={requestHistoryHref(r.id)} className={link}>
                {t("history")}
              </Link>
              <Link href={`/history/${encodeURIComponent(r.auditOperationId)}`} className={link}>
                {t("creation")}
              </Link>
            </span>
          </Detail>
        </DetailList>
        <div>
          <h3 className="text-xs uppercase text-slate-500">{t("reason")}</h3>
          <p className="mt-0.5 whitespace-pre-wrap break-words text-sm">{r.reason}</p>
        </div>
      </section>

      <section aria-labelledby="request-what" className="card space-y-3 p-4">
        <h2 id="request-what" className="font-semibold">
          {t("what")}
        </h2>
        {r.ask.kind === "login" ? (
          <LoginAskDetails ask={r.ask} />
        ) : r.ask.kind === "share" ? (
          <ShareAskDetails ask={r.ask} />
        ) : (
          <p className="text-sm">
            <Link href={`/schedules/${encodeURIComponent(r.ask.scheduleId)}`} className={link}>
              {tr("what.schedule", { name: r.ask.name, view: r.ask.viewName, minutes: String(r.ask.durationMinutes ?? 0) })}
            </Link>
          </p>
        )}
      </section>

      {(r.operationId || r.failure) && (
        <section aria-labelledby="request-outcome" className="card space-y-3 p-4">
          <h2 id="request-outcome" className="sr-only">
            {t("outcome")}
          </h2>
          {r.operationId && (
            <DetailList columns={3}>
              <Detail label={t("operation")}>
                <Link href={`/operations/${encodeURIComponent(r.operationId)}`} className={link}>
                  {t("operationLink", { id: r.operationId })}
                </Link>
              </Detail>
            </DetailList>
          )}
          {r.failure && (
            <ErrorPanel title={t("failure")}>
              <p translate="no">{r.failure}</p>
            </ErrorPanel>
          )}
        </section>
      )}

      <section aria-labelledby="request-decisions" className="card space-y-3 p-4">
        <h2 id="request-decisions" className="font-semibold">
          {t("decisions")}
        </h2>
        {r.decisions.length === 0 ? (
          <TableMessage>{t("noDecisions")}</TableMessage>
        ) : (
          <Table caption={t("decisionsCaption")} container="none">
            <THead>
              <Th>{t("who")}</Th>
              <Th>{t("decision")}</Th>
              <Th>{t("when")}</Th>
              <Th>{t("comment")}</Th>
            </THead>
            <Tbody>
              {r.decisions.map((d, i) => (
                <Tr key={i}>
                  <Td className="text-xs">{d.actorEmail}</Td>
                  <Td className="text-xs">{t(d.decision === "approve" ? "approved" : "deniedWord")}</Td>
                  <Td className="text-xs">
                    <LocalTime iso={d.at} />
                  </Td>
                  <Td className="whitespace-pre-wrap break-words text-xs">{d.comment ?? "—"}</Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
        {r.state === "pending" && (
          <div>
            <h3 className="text-xs uppercase text-slate-500">{t("mayStillApprove")}</h3>
            {r.mayStillApprove.length ? (
              <ul className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-sm">
                {r.mayStillApprove.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            ) : (
              <p className="mt-1 text-sm">{t("nobody")}</p>
            )}
          </div>
        )}
      </section>
    </div>
  );
}
