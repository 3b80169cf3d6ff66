import { useEffect, type ReactNode } from 'react';

/** A screen's title: the only h1 of the page and the window title. */
export function Page({ title, lead, children }: { title: string; lead?: string; children?: ReactNode }) {
  useEffect(() => {
    document.title = `${title} — Commission`;
  }, [title]);
  return (
    <>
      <h1>{title}</h1>
      {lead && <p className="fr-text--lead">{lead}</p>}
      {children}
    </>
  );
}
