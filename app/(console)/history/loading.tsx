export default function HistoryLoading() {
  return (
    <div className="space-y-4" aria-busy="true">
      <h1 className="text-xl font-semibold">History</h1>
      <p role="status" className="text-sm text-slate-500">
        Loading history…
      </p>
      <div className="card h-96 animate-pulse" />
    </div>
  );
}
