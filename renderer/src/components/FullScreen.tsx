import { useEffect, type ReactNode } from 'react';

/** A screen of its own, without the header and menu: the live mode and the projector view. */
export function FullScreen({ className, title, children }: { className: string; title: string; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} — Commission`;
  }, [title]);
  return <div className={`app-fullscreen ${className}`}>{children}</div>;
}
