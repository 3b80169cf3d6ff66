import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { RosterMember } from '../../../../shared/session';
import { call } from '../../api';
import { Page } from '../../components/Page';
import { countOf } from '../../format';
import { SessionFieldsEditor } from './SessionFieldsEditor';

/** What the new session's page is told. */
export interface CreatedState {
  created?: true;
}

export function NewSessionPage() {
  const navigate = useNavigate();
  const [roster, setRoster] = useState<RosterMember[] | { message: string } | null>(null);

  useEffect(() => {
    void call('members.list', {}).then((result) => setRoster(result.ok ? result.value : { message: result.error.message }));
  }, []);

  const active = Array.isArray(roster) ? roster.filter((m) => m.active).length : 0;
  return (
    <>
      <Breadcrumb
        className="fr-mt-0 fr-mb-2w"
        segments={[{ label: 'Séances', linkProps: { to: '/seances' } }]}
        currentPageLabel="Nouvelle séance"
        homeLinkProps={{ to: '/' }}
      />
      <Page title="Nouvelle séance">
        {roster === null && <p aria-live="polite">Chargement…</p>}
        {roster !== null && !Array.isArray(roster) && (
          <Alert severity="error" title="Les membres n'ont pas pu être chargés" description={roster.message} />
        )}
        {Array.isArray(roster) && (
          <>
            <p className="fr-mb-4w">
              {active > 0 ? (
                <>
                  Les {countOf(active, 'membre actif', 'membres actifs')} de la commission siégeront à la séance ; les
                  présences se règlent ensuite sur sa page.{' '}
                </>
              ) : (
                <>Aucun membre n'est encore saisi : la séance sera créée sans membres. </>
              )}
              <Link to="/seances/membres">Gérer les membres de la commission</Link>
            </p>
            <SessionFieldsEditor
              roster={roster}
              submitLabel="Créer la séance"
              onSubmit={async (fields) => {
                const result = await call('sessions.create', fields);
                if (!result.ok) return result.error;
                const state: CreatedState = { created: true };
                navigate(`/seances/${result.value.id}`, { state });
                return null;
              }}
              secondaryAction={
                <Button priority="secondary" linkProps={{ to: '/seances' }}>
                  Annuler
                </Button>
              }
            />
          </>
        )}
      </Page>
    </>
  );
}
