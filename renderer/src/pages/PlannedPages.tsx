import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Page } from '../components/Page';

interface PlannedPageProps {
  title: string;
  lead: string;
  features: string[];
}

/** The screens still to come, each saying what it will hold. */
export const plannedPages: (PlannedPageProps & { path: string })[] = [
  {
    path: '/',
    title: 'Tableau de bord',
    lead: "Le tableau de bord suivra l'avancement des dossiers et les échéances de la commission.",
    features: [
      "les dossiers par statut : reçu, complet, inscrit à l'ordre du jour, avis rendu, notifié, convention signée, aide versée ;",
      "le délai de notification d'un mois après chaque séance ;",
      'la recherche et les filtres sur les dossiers ;',
      'la sauvegarde et la restauration de la base de données.',
    ],
  },
  {
    path: '/seances',
    title: 'Séances',
    lead: 'Cette page permettra de préparer et de tenir les séances de la commission.',
    features: [
      'la date, le lieu ou la visioconférence, la présidence ;',
      'les membres et leurs organismes, les présences, les procurations et le quorum ;',
      "l'ordre du jour ;",
      "le mode séance : un dossier à la fois, l'avis, les réserves, la motivation, le vote et le montant de l'aide, avec un affichage pour le vidéoprojecteur ;",
      'la clôture de la séance et le journal des modifications.',
    ],
  },
  {
    path: '/documents',
    title: 'Documents',
    lead: 'Cette page produira les documents de la commission au format PDF.',
    features: [
      'les courriers de notification des décisions, avec les voies et délais de recours ;',
      "les conventions de financement de l'aide au démarrage ;",
      'le procès-verbal de la séance ;',
      'les exports CSV et XLSX des résultats.',
    ],
  },
];

export function PlannedPage({ title, lead, features }: PlannedPageProps) {
  return (
    <Page title={title} lead={lead}>
      <Badge severity="info" className="fr-mb-3w">
        En préparation
      </Badge>
      <h2 className="fr-h5">Ce qui viendra ici</h2>
      <ul>
        {features.map((feature) => (
          <li key={feature}>{feature}</li>
        ))}
      </ul>
      <p className="fr-mt-4w">
        En attendant, renseignez l'identité de l'agence, le signataire et les contacts des départements.
      </p>
      <Button priority="secondary" iconId="fr-icon-settings-5-line" linkProps={{ to: '/parametres' }}>
        Ouvrir les paramètres
      </Button>
    </Page>
  );
}

export function NotFoundPage() {
  return (
    <Page title="Page introuvable" lead="Cette page n'existe pas dans l'application.">
      <Button linkProps={{ to: '/' }}>Revenir au tableau de bord</Button>
    </Page>
  );
}
