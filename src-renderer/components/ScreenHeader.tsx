import type { ReactNode } from 'react';

/**
 * The top of every screen. Its h1 takes focus when the creator switches screens (the
 * shell moves it there), so a screen reader announces where they landed.
 */
export function ScreenHeader({ title, subtitle, actions }: { title: string; subtitle?: string; actions?: ReactNode }) {
  return (
    <header className="screen-header">
      <div>
        <h1 tabIndex={-1}>{title}</h1>
        {subtitle && <p className="subtitle">{subtitle}</p>}
      </div>
      {actions && <div className="screen-actions">{actions}</div>}
    </header>
  );
}
