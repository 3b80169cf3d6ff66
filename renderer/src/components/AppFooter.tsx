import { Footer } from '@codegouvfr/react-dsfr/Footer';
import { useAppInfo } from './useAppInfo';
import { FOOTER_ID } from './SkipLink';

/** The DSFR footer: the accessibility statement, the help page and the app's version. */
export function AppFooter() {
  const info = useAppInfo();
  return (
    <Footer
      id={FOOTER_ID}
      accessibility="partially compliant"
      accessibilityLinkProps={{ to: '/accessibilite' }}
      contentDescription="Commission, l'application du secrétariat des commissions de l'agence régionale de santé : dossiers, séances, avis, décisions et courriers."
      domains={[]}
      bottomItems={[
        { text: 'Aide', linkProps: { to: '/aide' } },
        <span key="version" className="fr-footer__bottom-link">
          Version {info && 'version' in info ? info.version : '…'}
        </span>,
      ]}
      license="Application interne de l'agence régionale de santé."
    />
  );
}
