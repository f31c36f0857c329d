/** A grey placeholder block while data loads; screen readers hear the surrounding busy state. */
export function Skeleton({ className = '' }: { className?: string }) {
  return <div aria-hidden="true" className={`animate-pulse rounded-md bg-raised ${className}`} />;
}

/** The page-sized placeholder shown while a navigation waits for its loaders. */
export function PageSkeleton() {
  return (
    <div data-testid="page-skeleton" aria-busy="true" aria-label="Loading" className="space-y-6">
      <div className="space-y-3">
        <Skeleton className="h-3 w-24" />
        <Skeleton className="h-7 w-64" />
        <Skeleton className="h-4 w-96 max-w-full" />
      </div>
      <div className="grid gap-4 md:grid-cols-3">
        {[0, 1, 2].map((n) => (
          <div key={n} className="space-y-3 rounded-2xl border border-line bg-surface p-5">
            <Skeleton className="h-4 w-1/2" />
            <Skeleton className="h-3 w-full" />
            <Skeleton className="h-3 w-4/5" />
          </div>
        ))}
      </div>
      <div className="space-y-2 rounded-2xl border border-line bg-surface p-5">
        {[0, 1, 2, 3, 4].map((n) => (
          <Skeleton key={n} className="h-9 w-full" />
        ))}
      </div>
    </div>
  );
}
