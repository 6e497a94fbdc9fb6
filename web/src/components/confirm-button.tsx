import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A destructive button that asks once more in place ("Delete Jane? Delete · Cancel") instead of
 * a browser dialog, so keyboard and screen-reader users get the same question as everyone.
 */
export function ConfirmButton({
  children,
  question,
  confirmLabel,
  onConfirm,
  disabled,
  busy,
  className = 'button button--danger-quiet',
}: {
  children: ReactNode;
  question: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean | undefined;
  busy?: boolean | undefined;
  className?: string;
}) {
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    // The question answered (Cancel, or the step confirmed): its buttons are gone, and the focus
    // with them; it goes back to the button that asked, not to the top of the page.
    else if (asked.current && (document.activeElement === document.body || !document.activeElement?.isConnected)) triggerRef.current?.focus();
    asked.current = asking;
  }, [asking]);
  if (!asking) {
    return (
      <button type="button" ref={triggerRef} className={className} disabled={disabled} onClick={() => setAsking(true)}>
        {children}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label="Confirm">
      <span className="confirm__question">{question}</span>
      <button
        type="button"
        ref={confirmRef}
        className="button button--danger"
        disabled={busy}
        onClick={() => {
          onConfirm();
          setAsking(false);
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
