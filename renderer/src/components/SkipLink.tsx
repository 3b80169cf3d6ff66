import type { MouseEvent } from 'react';

/** Ids the skip links lead to: the page's main content, the main menu and the footer. */
export const CONTENT_ID = 'contenu';
export const FOOTER_ID = 'pied-de-page';

const links = [
  { label: 'Contenu', target: CONTENT_ID },
  { label: 'Pied de page', target: FOOTER_ID },
];

/**
 * The DSFR skip links (RGAA 12.7), first in the page. The router lives in the URL's hash, so
 * following `#contenu` would change the screen: the link moves the focus itself.
 */
export function SkipLink() {
  const go = (event: MouseEvent<HTMLAnchorElement>, target: string) => {
    event.preventDefault();
    const element = document.getElementById(target);
    if (!element) return;
    if (!element.hasAttribute('tabindex')) element.setAttribute('tabindex', '-1');
    element.focus();
  };
  return (
    <div className="fr-skiplinks">
      <nav className="fr-container" aria-label="Accès rapide">
        <ul className="fr-skiplinks__list">
          {links.map(({ label, target }) => (
            <li key={target}>
              <a className="fr-link" href={`#${target}`} onClick={(event) => go(event, target)}>
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  );
}
