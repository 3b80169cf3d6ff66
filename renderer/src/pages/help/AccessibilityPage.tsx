import { Link } from 'react-router';
import { Page } from '../../components/Page';
import { useAppInfo } from '../../components/useAppInfo';

/**
 * The accessibility statement, on the model the RGAA 4.1 asks of an administration (article 47 of
 * the law of 11 February 2005): the app is partially compliant, and says what is not.
 */
export function AccessibilityPage() {
  const info = useAppInfo();
  const version = info && 'version' in info ? ` (version ${info.version})` : '';
  return (
    <Page title="Déclaration d'accessibilité">
      <p>
        L'agence régionale de santé s'engage à rendre ses services numériques accessibles, conformément à l'article 47
        de la loi n° 2005-102 du 11 février 2005. Cette déclaration d'accessibilité s'applique à l'application
        Commission{version}, utilisée par le secrétariat des commissions de l'agence.
      </p>

      <h2>État de conformité</h2>
      <p>
        L'application Commission est <strong>partiellement conforme</strong> avec le référentiel général d'amélioration
        de l'accessibilité (RGAA), version 4.1.2, en raison des non-conformités et des dérogations énumérées
        ci-dessous.
      </p>

      <h2>Résultats des tests</h2>
      <p>
        Aucun audit de conformité complet n'a encore été réalisé par un organisme extérieur. Une auto-évaluation a été
        menée : chaque écran est contrôlé automatiquement avec axe-core (règles WCAG 2.1 niveaux A et AA) à chaque
        version, sans aucune erreur grave ou critique relevée ; la navigation au clavier, le zoom à 200 % et
        l'affichage en 1024 × 768 ont été vérifiés à la main. Le taux de conformité ne pourra être publié qu'à
        l'issue d'un audit complet.
      </p>

      <h2>Contenus non accessibles</h2>
      <h3>Non-conformités</h3>
      <ul>
        <li>
          Les documents PDF produits (courriers de décision, conventions, procès-verbaux) ne sont pas balisés : leur
          structure (titres, tableaux, ordre de lecture) n'est pas restituée aux technologies d'assistance (critère
          13.3). Leur contenu est disponible dans l'application, sur la fiche de chaque dossier.
        </li>
        <li>
          Le graphique des axes de la grille d'évaluation n'a pas d'alternative sous forme de tableau ; les notes par
          axe sont données en texte à côté (critère 1.3).
        </li>
        <li>
          La vue de projection, conçue pour l'écran de la salle, n'a pas de commande propre : elle suit le point choisi
          en mode séance (critère 12.8).
        </li>
        <li>Les restitutions par les lecteurs d'écran NVDA et JAWS n'ont pas encore été testées.</li>
      </ul>
      <h3>Contenus non soumis à l'obligation d'accessibilité</h3>
      <ul>
        <li>
          Les pièces jointes déposées par les porteurs de projet sur Démarches Simplifiées (projets de santé, statuts,
          devis), contenus de tiers que l'agence ne produit pas.
        </li>
      </ul>

      <h2>Établissement de cette déclaration d'accessibilité</h2>
      <p>Cette déclaration a été établie le 4 décembre 2026.</p>
      <h3>Technologies utilisées</h3>
      <ul>
        <li>HTML5, CSS, JavaScript (React) et le Système de design de l'État (DSFR)</li>
        <li>Electron, pour l'application de bureau</li>
      </ul>
      <h3>Environnement de test</h3>
      <ul>
        <li>Chromium (le moteur de l'application), sous Linux et Windows</li>
        <li>axe-core 4, règles WCAG 2.1 A et AA</li>
      </ul>

      <h2>Retour d'information et contact</h2>
      <p>
        Si vous n'arrivez pas à accéder à un contenu ou à une fonctionnalité de l'application, contactez le référent
        accessibilité numérique de votre agence régionale de santé, ou le service informatique, pour être orienté vers
        une alternative accessible ou obtenir le contenu sous une autre forme.
      </p>

      <h2>Voies de recours</h2>
      <p>
        Si vous constatez un défaut d'accessibilité vous empêchant d'accéder à un contenu ou à une fonctionnalité, que
        vous nous le signalez et que vous ne parvenez pas à obtenir une réponse de notre part, vous êtes en droit de
        faire parvenir vos doléances ou une demande de saisine au Défenseur des droits :
      </p>
      <ul>
        <li>écrire un message au Défenseur des droits par son formulaire en ligne (defenseurdesdroits.fr) ;</li>
        <li>contacter le délégué du Défenseur des droits dans votre région ;</li>
        <li>l'appeler au 09 69 39 00 00 ;</li>
        <li>
          envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : Défenseur des droits, Libre réponse 71120,
          75342 Paris CEDEX 07.
        </li>
      </ul>
      <p>
        <Link to="/aide">Aide de l'application</Link>
      </p>
    </Page>
  );
}
