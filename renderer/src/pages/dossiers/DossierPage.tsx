import { LoadState } from '../../components/LoadState';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Tag } from '@codegouvfr/react-dsfr/Tag';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Navigate, useLocation, useParams } from 'react-router';
import type { AuditEntry, DossierDetail } from '../../../../shared/contract';
import {
  dsStateLabels,
  structureTypeLabels,
  zoningLabels,
  type DossierData,
  type Professional,
} from '../../../../shared/dossier';
import type { ZoningEntry } from '../../../../shared/import-mapping';
import { professionalIdentifierKind } from '../../../../shared/identifiers';
import { classifyProfession, isHealthProfession, professionCategoryLabels } from '../../../../shared/professions';
import { call } from '../../api';
import { useChanges } from '../../useChanges';
import { DataTable } from '../../components/DataTable';
import { Fact, FactGroup } from '../../components/Facts';
import { focusField } from '../../components/focus';
import { Page } from '../../components/Page';
import { countOf, formatAnswer, formatDay, formatEuros, formatInstant, formatNumber } from '../../format';
import { DossierDocuments } from '../documents/DossierDocuments';
import { ATTACH_KIND_ID, Attachments } from './Attachments';
import { EligibilityPanel } from './EligibilityPanel';
import { FollowUpSection } from './FollowUpSection';
import { Examinations } from './Examinations';
import { History } from './History';
import { ScoringPanel } from './ScoringPanel';
import { StatusBadge } from './labels';
import { Can } from '../../auth';

type Loaded =
  | { status: 'loading' }
  | { status: 'failed'; message: string; notFound: boolean }
  | { status: 'ready'; dossier: DossierDetail; history: AuditEntry[] };

/** What the form tells the page it returns to. */
export interface SavedState {
  saved?: 'created' | 'updated';
}

export function DossierPage() {
  const id = Number(useParams().id);
  const saved = (useLocation().state as SavedState | null)?.saved;
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [attachKind, setAttachKind] = useState('');

  const reload = useCallback(async () => {
    const [dossier, history] = await Promise.all([
      call('dossiers.get', { id }),
      call('audit.list', { entityType: 'dossier', entityId: String(id) }),
    ]);
    if (!dossier.ok) {
      setLoaded({ status: 'failed', message: dossier.error.message, notFound: dossier.error.code !== 'INTERNAL' });
    } else {
      setLoaded({ status: 'ready', dossier: dossier.value, history: history.ok ? history.value : [] });
    }
  }, [id]);

  useEffect(() => {
    if (Number.isInteger(id) && id > 0) void reload();
    else setLoaded({ status: 'failed', message: "Cette adresse ne désigne aucun dossier.", notFound: true });
  }, [id, reload]);
  // Changed on another machine: read again, in place.
  useChanges([{ kind: 'dossier', id }], () => void reload());

  if (loaded.status !== 'ready') {
    const failed = loaded.status === 'failed';
    return (
      <Page title={failed && loaded.notFound ? 'Dossier introuvable' : 'Dossier'}>
        <LoadState
          failure={failed ? loaded.message : null}
          loading="Chargement du dossier…"
          failedTitle="Le dossier n'a pas pu être affiché"
          back={{ to: '/dossiers', label: 'Revenir à la liste des dossiers' }}
        />
      </Page>
    );
  }

  const { dossier, history } = loaded;
  const { data } = dossier;
  const attachHealthProject = () => {
    setAttachKind('health_project_signed');
    focusField(ATTACH_KIND_ID);
  };
  return (
    <>
      <Breadcrumb
        className="fr-mt-0 fr-mb-2w"
        segments={[{ label: 'Dossiers', linkProps: { to: '/dossiers' } }]}
        currentPageLabel={data.name}
        homeLinkProps={{ to: '/' }}
      />
      <Page title={data.name}>
        <div className="app-page-actions fr-mb-4w">
          <p className="app-meta fr-mb-0">
            <Badge as="span" small noIcon>
              {data.structureType}
            </Badge>
            <StatusBadge status={dossier.status} />
            <span>
              {data.dsNumber === null ? 'Saisi à la main' : `Dossier Démarches Simplifiées n° ${data.dsNumber}`}
            </span>
            {data.communeName && <span>{place(data)}</span>}
          </p>
          <Can method="dossiers.update">
          <Button iconId="fr-icon-edit-line" linkProps={{ to: `/dossiers/${dossier.id}/modifier` }}>
            Modifier
          </Button>
          </Can>
        </div>
        {saved && (
          <Alert
            className="fr-mb-4w"
            severity="success"
            small
            closable
            description={saved === 'created' ? 'Le dossier est créé.' : 'Les modifications sont enregistrées.'}
          />
        )}

        <EligibilityPanel
          dossierId={dossier.id}
          eligibility={dossier.eligibility}
          onAttachHealthProject={attachHealthProject}
        />

        <div className="fr-grid-row fr-grid-row--gutters fr-mb-4w">
          <FactGroup title="Identification">
            <Fact label="Type de structure">{structureTypeLabels[data.structureType]}</Fact>
            <Fact label="N° de dossier Démarches Simplifiées">{data.dsNumber}</Fact>
            <Fact label="État sur Démarches Simplifiées">{data.dsState && dsStateLabels[data.dsState]}</Fact>
            <Fact label="Déposé le">{data.submittedAt && formatInstant(data.submittedAt)}</Fact>
            <Fact label="Passé en instruction le">{data.instructionAt && formatInstant(data.instructionAt)}</Fact>
            <Fact label="Enregistré dans l'application le">{formatInstant(dossier.createdAt)}</Fact>
            <Fact label="Dernière modification">{formatInstant(dossier.updatedAt)}</Fact>
          </FactGroup>
          <FactGroup title="Porteur du projet">
            <Fact label="Nom">{personName(data.sponsor)}</Fact>
            <Fact label="Courriel">{data.sponsor.email}</Fact>
            <Fact label="Téléphone">{data.sponsor.phone}</Fact>
          </FactGroup>
          <FactGroup title="Structure juridique">
            <Fact label="Forme juridique">{data.legalEntity.form}</Fact>
            <Fact label="SIRET">{data.legalEntity.siret}</Fact>
            <Fact label="Numéro RNA">{data.legalEntity.rna}</Fact>
            <Fact label="Représentant légal">{representativeText(data)}</Fact>
          </FactGroup>
          <FactGroup title="Localisation">
            <Fact label="Adresse">{data.address}</Fact>
            <Fact label="Commune">{communeText(data)}</Fact>
            <Fact label="Département">{data.departmentCode}</Fact>
            <Fact label="Zonage médecins">{zoningText(data, dossier.referenceZoning)}</Fact>
            <Fact label="APL médecins généralistes">{aplText(data, dossier.referenceZoning)}</Fact>
          </FactGroup>
          <FactGroup title="Aide sollicitée">
            <Fact label="Montant sollicité">{formatEuros(data.grant.requested)}</Fact>
            <Fact label="Ingénierie de projet">{formatEuros(data.grant.engineering)}</Fact>
            <Fact label="Investissement informatique">{formatEuros(data.grant.it)}</Fact>
            <Fact label="Mobilier et logistique">{formatEuros(data.grant.furniture)}</Fact>
            <Fact label="Total de la ventilation">
              {formatEuros(data.grant.engineering + data.grant.it + data.grant.furniture)}
            </Fact>
          </FactGroup>
          <FactGroup title="Exercice coordonné">
            <Fact label="Réunions de concertation">{data.coordination.meetingFrequency}</Fact>
            <Fact label="Protocoles pluriprofessionnels">{data.coordination.protocolCount}</Fact>
            <Fact label="Logiciel partagé">{data.coordination.informationSystem}</Fact>
            <Fact label="Labellisé par l'ANS">{formatAnswer(data.coordination.informationSystemLabelled)}</Fact>
            <Fact label="Messagerie sécurisée (MSSanté)">{formatAnswer(data.coordination.secureMessaging)}</Fact>
            <Fact label="Coordinateur identifié">{formatAnswer(data.coordination.coordinator)}</Fact>
            <Fact label="Horaires d'ouverture">{data.coordination.openingHours}</Fact>
            <Fact label="Soins non programmés">{formatAnswer(data.coordination.unscheduledCare)}</Fact>
          </FactGroup>
          <FactGroup title="Projet de santé" wide>
            <Fact label="Présentation">
              {data.project.summary && <span className="app-prose">{data.project.summary}</span>}
            </Fact>
            <Fact label="Thématiques">
              {data.project.themes.length > 0 && (
                <ul className="fr-tags-group">
                  {data.project.themes.map((theme) => (
                    <li key={theme}>
                      <Tag small>{theme}</Tag>
                    </li>
                  ))}
                </ul>
              )}
            </Fact>
            <Fact label="Démarrage prévu le">{data.project.startDate && formatDay(data.project.startDate)}</Fact>
            <Fact label="Professionnels déclarés">{data.project.declaredProfessionals}</Fact>
            <Fact label="En zone d'intervention prioritaire (déclaré)">
              {formatAnswer(data.project.inPriorityZone)}
            </Fact>
          </FactGroup>
        </div>

        <Professionals professionals={data.professionals} />

        <ScoringPanel dossierId={dossier.id} />

        <Examinations dossierId={dossier.id} />

        <Can method="followup.get">
          <FollowUpSection dossierId={dossier.id} ds={{ number: data.dsNumber, state: data.dsState }} onChanged={reload} />
        </Can>

        <Attachments
          dossierId={dossier.id}
          attachments={dossier.attachments}
          declaredFiles={data.declaredFiles}
          kind={attachKind}
          onKindChange={setAttachKind}
          onChanged={reload}
        />

        <DossierDocuments dossierId={dossier.id} />

        <History entries={history} />
      </Page>
    </>
  );
}

/** The links of an import's summary know the Démarches Simplifiées number, not the app's id. */
export function DossierByNumberPage() {
  const dsNumber = Number(useParams().dsNumber);
  const [target, setTarget] = useState<{ id: number } | { message: string } | null>(null);
  useEffect(() => {
    void call('dossiers.get', { dsNumber }).then((result) =>
      setTarget(result.ok ? { id: result.value.id } : { message: result.error.message }),
    );
  }, [dsNumber]);
  if (target && 'id' in target) return <Navigate replace to={`/dossiers/${target.id}`} />;
  return (
    <Page title="Dossier">
      {target ? (
        <Alert severity="error" title="Le dossier n'a pas pu être affiché" description={target.message} />
      ) : (
        <p aria-live="polite">Chargement du dossier…</p>
      )}
    </Page>
  );
}

const place = (data: DossierData) =>
  data.departmentCode ? `${data.communeName} (${data.departmentCode})` : data.communeName;

const communeText = ({ communeName, communeCode }: DossierData) =>
  communeCode ? `${communeName || 'Commune'} (code INSEE ${communeCode})` : communeName;

const personName = (p: { civility: string; firstName: string; lastName: string }) =>
  [p.civility, p.firstName, p.lastName].filter(Boolean).join(' ');

const representativeText = ({ legalEntity: { representative } }: DossierData) =>
  [personName(representative), representative.capacity].filter(Boolean).join(', ');

/** The dossier's own answer, else what the ARS table says of its commune. */
function zoningText(data: DossierData, reference: ZoningEntry | null): ReactNode {
  const fromTable = reference && `${zoningLabels[reference.zoning]} — zonage de l'ARS pour ${reference.communeName}`;
  if (data.zoning === null) return fromTable;
  if (reference && reference.zoning !== data.zoning) {
    return `${zoningLabels[data.zoning]} (déclaré) ; ${fromTable}`;
  }
  return zoningLabels[data.zoning];
}

function aplText(data: DossierData, reference: ZoningEntry | null): ReactNode {
  if (data.apl !== null) return formatNumber(data.apl);
  return reference?.apl != null ? `${formatNumber(reference.apl)} — zonage de l'ARS` : null;
}

function Professionals({ professionals }: { professionals: Professional[] }) {
  const classified = professionals.map((p) => ({ p, profession: classifyProfession(p.profession) }));
  const counted = classified.filter((c) => isHealthProfession(c.profession.category)).length;
  return (
    <section className="fr-mb-6w" aria-labelledby="professionals-title">
      <h2 id="professionals-title" className="fr-h3">
        Professionnels
      </h2>
      {professionals.length === 0 ? (
        <p>Aucun professionnel n'est listé dans le dossier.</p>
      ) : (
        <>
          <p>
            {countOf(professionals.length, 'professionnel listé', 'professionnels listés')}, dont{' '}
            {countOf(counted, 'professionnel de santé', 'professionnels de santé')} au sens du code de la santé
            publique.
          </p>
          <DataTable
            caption="Professionnels de l'équipe"
            hideCaption
            headers={['Nom', 'Profession déclarée', 'Catégorie', 'Identifiant', "Commune d'exercice", 'Rôle']}
            rows={classified.map(({ p, profession }, i) => ({
              key: i,
              cells: [
                [p.firstName, p.lastName].filter(Boolean).join(' '),
                p.profession,
                <>
                  {professionCategoryLabels[profession.category]}
                  {!isHealthProfession(profession.category) && (
                    <>
                      <br />
                      <Badge as="span" small severity="warning">
                        Ne compte pas
                      </Badge>
                    </>
                  )}
                </>,
                identifierText(p.identifier),
                p.communeName || p.communeCode,
                p.role,
              ],
            }))}
          />
        </>
      )}
    </section>
  );
}

function identifierText(identifier: string): ReactNode {
  if (!identifier) return <span className="app-missing">Non renseigné</span>;
  const kind = professionalIdentifierKind(identifier);
  return kind ? `${kind} ${identifier}` : identifier;
}
