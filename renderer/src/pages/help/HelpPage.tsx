import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Link } from 'react-router';
import { DataTable } from '../../components/DataTable';
import { Page } from '../../components/Page';
import { useAppInfo } from '../../components/useAppInfo';
import { call } from '../../api';
import { useEffect, useState } from 'react';

/** From the export of Démarches Simplifiées to the grant paid: each step and where it is done. */
const workflow: { step: string; where: string; to: string; what: string }[] = [
  {
    step: 'Importer les dossiers',
    where: 'Dossiers › Importer un export',
    to: '/dossiers/import',
    what: "L'export de Démarches Simplifiées (CSV, XLSX, ODS ou JSON) est analysé, chaque changement montré, puis importé en une fois ; un nouvel import met à jour les dossiers par leur numéro.",
  },
  {
    step: "Vérifier l'éligibilité",
    where: "Fiche du dossier › Éligibilité",
    to: '/dossiers',
    what: "Chaque règle (composition de l'équipe, structure juridique, zonage…) dit ce qui manque ; « Modifier ce champ » mène à la donnée à corriger. Le tableau de zonage s'importe dans Paramètres.",
  },
  {
    step: 'Noter le dossier',
    where: 'Fiche du dossier › Évaluation',
    to: '/dossiers',
    what: "Les suggestions tirées du dossier sont à confirmer ; chaque évaluateur saisit ses notes, le consensus retient la médiane par critère.",
  },
  {
    step: 'Préparer la séance',
    where: 'Séances › Nouvelle séance',
    to: '/seances/nouvelle',
    what: "Date, lieu ou lien de visioconférence, présences et quorum, ordre du jour, déports des membres en conflit d'intérêts ; puis « Convoquer ».",
  },
  {
    step: 'Tenir la séance',
    where: 'Séance › Mode séance',
    to: '/seances',
    what: "Le mode séance enregistre pour chaque point l'avis, le vote et les réserves ; la vue de projection montre à la salle le point en cours, sans les notes privées.",
  },
  {
    step: "Enregistrer les décisions et clôturer",
    where: 'Séance › Décisions',
    to: '/seances',
    what: "La décision de l'ARS suit l'avis ou s'en écarte avec son motif ; la clôture demande la date des décisions et fige ce que les documents impriment.",
  },
  {
    step: 'Produire et envoyer les courriers',
    where: 'Documents',
    to: '/documents',
    what: "Courriers de décision, conventions et procès-verbal en PDF, inscrits au registre ; chaque courrier est marqué comme envoyé, le tableau de bord suit les échéances de notification.",
  },
  {
    step: "Suivre la convention et le versement",
    where: 'Fiche du dossier et tableau de bord',
    to: '/',
    what: "La convention signée, l'aide versée et les bilans dus se suivent dossier par dossier ; le tableau de bord montre l'étape de chaque dossier jusqu'au versement.",
  },
];

const shortcuts: [string, string, string][] = [
  ['Tabulation (premier appui)', 'Toutes les pages', "Fait apparaître les liens d'évitement « Contenu » et « Pied de page »."],
  ['Flèche bas, flèche haut', 'Liste des dossiers', "Passe d'une ligne à l'autre."],
  ['Page suivante, ou flèche droite hors d’un champ', 'Mode séance', 'Point suivant de l’ordre du jour.'],
  ['Page précédente, ou flèche gauche hors d’un champ', 'Mode séance', 'Point précédent.'],
  ['Ctrl + Entrée', 'Mode séance', "Enregistre l'avis du point."],
  ['Alt + A', 'Mode séance', "Va au choix de l'avis."],
  ['Alt + V', 'Mode séance', 'Va au vote.'],
  ['Entrée', 'Champ « Nouvelle réserve »', 'Ajoute la réserve à la liste.'],
  ['Échap', 'Fenêtre de confirmation', "Annule l'action et ramène là où elle a été demandée."],
];

/** The help page: the workflow, the keyboard shortcuts, where the files are and the version. */
export function HelpPage() {
  const info = useAppInfo();
  const [backups, setBackups] = useState<string | null>(null);
  useEffect(() => {
    void call('backups.list', {}).then((result) => setBackups(result.ok ? result.value.folder : null));
  }, []);
  return (
    <Page title="Aide" lead="Le travail du secrétariat, de l'import des dossiers au versement de l'aide.">
      <section className="fr-mb-6w" aria-labelledby="help-workflow">
        <h2 id="help-workflow">Du dossier déposé à l'aide versée</h2>
        <ol className="app-help-steps">
          {workflow.map(({ step, where, to, what }) => (
            <li key={step} className="fr-mb-2w">
              <p className="fr-text--bold fr-mb-0">{step}</p>
              <p className="fr-mb-0">
                <Link to={to}>{where}</Link> — {what}
              </p>
            </li>
          ))}
        </ol>
      </section>

      <section className="fr-mb-6w" aria-labelledby="help-shortcuts">
        <h2 id="help-shortcuts">Raccourcis clavier</h2>
        <DataTable
          caption="Raccourcis clavier de l'application"
          hideCaption
          headers={['Touches', 'Où', 'Effet']}
          rows={shortcuts.map(([keys, where, effect]) => ({ key: keys, cells: [<kbd>{keys}</kbd>, where, effect] }))}
        />
      </section>

      <section className="fr-mb-6w" aria-labelledby="help-files">
        <h2 id="help-files">Où sont les fichiers</h2>
        {info === null ? (
          <p aria-live="polite">Chargement…</p>
        ) : 'message' in info ? (
          <Alert severity="error" small description={`Les emplacements n'ont pas pu être lus : ${info.message}`} />
        ) : (
          <dl className="app-help-files">
            <dt>Base de données</dt>
            <dd>
              <code>{info.databasePath}</code>
            </dd>
            <dt>Pièces jointes des dossiers</dt>
            <dd>
              <code>{info.attachmentsDir}</code>
            </dd>
            <dt>Documents produits (un dossier par séance, sauf autre dossier choisi à la production)</dt>
            <dd>
              <code>{info.documentsDir}</code>
            </dd>
            <dt>Sauvegardes</dt>
            <dd>
              <code>{backups ?? '…'}</code> (à changer dans <Link to="/parametres/sauvegardes">Paramètres › Sauvegardes</Link>)
            </dd>
          </dl>
        )}
      </section>

      <section className="fr-mb-6w" aria-labelledby="help-version">
        <h2 id="help-version">Version</h2>
        <p>
          {info && 'version' in info
            ? `Commission version ${info.version}, schéma de base de données n° ${info.schemaVersion}.`
            : 'Version inconnue.'}{' '}
          <Link to="/accessibilite">Déclaration d'accessibilité</Link>.
        </p>
      </section>
    </Page>
  );
}
