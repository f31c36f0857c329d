import {
  createContext,
  useCallback,
  useContext,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';

export type ToastTone = 'success' | 'error' | 'info';

export interface Toast {
  id: number;
  tone: ToastTone;
  title: string;
  detail?: string;
}

interface ToastApi {
  show(toast: Omit<Toast, 'id'>): void;
  dismiss(id: number): void;
}

const ToastContext = createContext<ToastApi | null>(null);

const TONES: Record<ToastTone, { bar: string; icon: string; glyph: string }> = {
  success: { bar: 'bg-emerald-500', icon: 'text-emerald-500', glyph: '✓' },
  error: { bar: 'bg-rose-500', icon: 'text-rose-500', glyph: '!' },
  info: { bar: 'bg-accent', icon: 'text-accent-fg', glyph: 'i' },
};

/** Toasts for the whole tab: polite for news, assertive (role=alert) for errors. */
export function ToastProvider({
  children,
  timeoutMs = 6000,
}: {
  children: ReactNode;
  timeoutMs?: number;
}) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => {
    setToasts((current) => current.filter((toast) => toast.id !== id));
  }, []);
  const show = useCallback(
    (toast: Omit<Toast, 'id'>) => {
      const id = nextId.current++;
      setToasts((current) => [...current.slice(-4), { ...toast, id }]);
      if (timeoutMs > 0) window.setTimeout(() => dismiss(id), timeoutMs);
    },
    [dismiss, timeoutMs],
  );
  const api = useMemo(() => ({ show, dismiss }), [show, dismiss]);
  return (
    <ToastContext.Provider value={api}>
      {children}
      <div
        aria-live="polite"
        data-testid="toasts"
        className="pointer-events-none fixed bottom-4 right-4 z-50 flex w-[22rem] max-w-[calc(100vw-2rem)] flex-col gap-2"
      >
        {toasts.map((toast) => (
          <ToastCard key={toast.id} toast={toast} onDismiss={() => dismiss(toast.id)} />
        ))}
      </div>
    </ToastContext.Provider>
  );
}

function ToastCard({ toast, onDismiss }: { toast: Toast; onDismiss: () => void }) {
  const tone = TONES[toast.tone];
  return (
    <div
      role={toast.tone === 'error' ? 'alert' : 'status'}
      data-testid="toast"
      data-tone={toast.tone}
      className="animate-toast-in pointer-events-auto relative flex gap-3 overflow-hidden rounded-xl border border-line-strong bg-surface p-4 pl-5 shadow-xl shadow-black/20"
    >
      <span aria-hidden="true" className={`absolute inset-y-0 left-0 w-1 ${tone.bar}`} />
      <span aria-hidden="true" className={`mt-px font-mono text-sm font-bold ${tone.icon}`}>
        {tone.glyph}
      </span>
      <div className="min-w-0 flex-1">
        <p className="text-sm font-medium text-fg" data-testid="toast-title">
          {toast.title}
        </p>
        {toast.detail ? (
          <p
            className="mt-1 break-words text-xs leading-relaxed text-muted"
            data-testid="toast-detail"
          >
            {toast.detail}
          </p>
        ) : null}
      </div>
      <button
        type="button"
        onClick={onDismiss}
        aria-label="Dismiss notification"
        data-testid="toast-dismiss"
        className="focus-ring -m-1 h-6 w-6 shrink-0 rounded text-subtle hover:text-fg"
      >
        ×
      </button>
    </div>
  );
}

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast needs a ToastProvider above it');
  return api;
}
