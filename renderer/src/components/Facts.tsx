import type { ReactNode } from 'react';

/** A titled list of facts in a grid cell: half the width, or all of it. */
export function FactGroup({ title, wide = false, children }: { title: string; wide?: boolean; children: ReactNode }) {
  return (
    <section className={wide ? 'fr-col-12' : 'fr-col-12 fr-col-lg-6'} aria-label={title}>
      <div className={wide ? 'app-facts app-facts--wide' : 'app-facts'}>
        <h2 className="fr-h5 fr-mb-2w">{title}</h2>
        <dl>{children}</dl>
      </div>
    </section>
  );
}

/** One fact; an empty value says so rather than leaving a blank. */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  const empty = children === null || children === undefined || children === '' || children === false;
  return (
    <div className="app-fact">
      <dt>{label}</dt>
      <dd>{empty ? <span className="app-missing">Non renseigné</span> : children}</dd>
    </div>
  );
}
