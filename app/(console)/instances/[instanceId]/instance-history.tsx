export function InstanceHistory({ instanceId }: { instanceId: string }) {
  return <section aria-label={`History of ${instanceId}`} />;
}
