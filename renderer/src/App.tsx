import { Header } from '@codegouvfr/react-dsfr/Header';
import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { createHashRouter, createRoutesFromElements, Outlet, Route, RouterProvider, useLocation } from 'react-router';
import { AppFooter } from './components/AppFooter';
import { ConfirmProvider } from './components/ConfirmModal';
import { CONTENT_ID, SkipLink } from './components/SkipLink';
import { Notice } from '@codegouvfr/react-dsfr/Notice';
import type { MethodName } from '../../shared/contract';
import { call } from './api';
import { AuthProvider, needsSignIn, useAuth } from './auth';

/** A screen as a chunk of its own, loaded when first shown: the first screen loads only the code it uses. */
function screen<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(() => load().then((module) => ({ default: module[name] })));
}

/** While a screen's code loads, the first time it is shown; later navigations keep the previous screen meanwhile. */
function Loading() {
  return <p role="status">Chargement de l’écran…</p>;
}

const AccessibilityPage = screen(() => import('./pages/help/AccessibilityPage'), 'AccessibilityPage');
const HelpPage = screen(() => import('./pages/help/HelpPage'), 'HelpPage');
const DashboardPage = screen(() => import('./pages/dashboard/DashboardPage'), 'DashboardPage');
const DocumentsPage = screen(() => import('./pages/documents/DocumentsPage'), 'DocumentsPage');
const SessionDocumentsPage = screen(() => import('./pages/documents/SessionDocumentsPage'), 'SessionDocumentsPage');
const ConvocationsPage = screen(() => import('./pages/documents/ConvocationsPage'), 'ConvocationsPage');
const DossierByNumberPage = screen(() => import('./pages/dossiers/DossierPage'), 'DossierByNumberPage');
const DossierPage = screen(() => import('./pages/dossiers/DossierPage'), 'DossierPage');
const DossierFormPage = screen(() => import('./pages/dossiers/DossierFormPage'), 'DossierFormPage');
const DossiersPage = screen(() => import('./pages/dossiers/DossiersPage'), 'DossiersPage');
const ImportPage = screen(() => import('./pages/dossiers/import/ImportPage'), 'ImportPage');
const NotFoundPage = screen(() => import('./pages/NotFoundPage'), 'NotFoundPage');
const LivePage = screen(() => import('./pages/sessions/LivePage'), 'LivePage');
const MembersPage = screen(() => import('./pages/sessions/MembersPage'), 'MembersPage');
const NewSessionPage = screen(() => import('./pages/sessions/NewSessionPage'), 'NewSessionPage');
const ProjectorPage = screen(() => import('./pages/sessions/ProjectorPage'), 'ProjectorPage');
const SessionPage = screen(() => import('./pages/sessions/SessionPage'), 'SessionPage');
const SessionsPage = screen(() => import('./pages/sessions/SessionsPage'), 'SessionsPage');
const ConfigPage = screen(() => import('./pages/settings/config/ConfigPage'), 'ConfigPage');
const GridEditorPage = screen(() => import('./pages/settings/grid/GridEditorPage'), 'GridEditorPage');
const BackupsPage = screen(() => import('./pages/settings/BackupsPage'), 'BackupsPage');
const SettingsPage = screen(() => import('./pages/settings/SettingsPage'), 'SettingsPage');
const SharedDatabasePage = screen(() => import('./pages/settings/SharedDatabasePage'), 'SharedDatabasePage');
const TemplatesPage = screen(() => import('./pages/settings/templates/TemplatesPage'), 'TemplatesPage');
const AccountsPage = screen(() => import('./pages/account/AccountsPage'), 'AccountsPage');
const MyAccountPage = screen(() => import('./pages/account/MyAccountPage'), 'MyAccountPage');
const SignInPage = screen(() => import('./pages/account/SignInPage'), 'SignInPage');

/** Each entry is shown to the roles that may call its method. */
const navigation: { to: string; text: string; needs: MethodName }[] = [
  { to: '/', text: 'Tableau de bord', needs: 'dossiers.list' },
  { to: '/dossiers', text: 'Dossiers', needs: 'dossiers.list' },
  { to: '/seances', text: 'Séances', needs: 'sessions.list' },
  { to: '/documents', text: 'Documents', needs: 'documents.list' },
  { to: '/parametres', text: 'Paramètres', needs: 'settings.update' },
];

function isCurrent(to: string, pathname: string): boolean {
  return to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);
}

function AppHeader() {
  const { pathname } = useLocation();
  const { status, setStatus, can } = useAuth();
  const signOut = async () => {
    const result = await call('auth.signOut', {});
    if (result.ok) setStatus(result.value);
  };
  const account = status.account;
  return (
    <Header
      brandTop={
        <>
          République
          <br />
          Française
        </>
      }
      homeLinkProps={{ to: '/', title: 'Accueil — Commission' }}
      quickAccessItems={[
        { iconId: 'fr-icon-question-line', text: 'Aide', linkProps: { to: '/aide' } },
        ...(account
          ? [
              { iconId: 'fr-icon-account-circle-line' as const, text: account.displayName, linkProps: { to: '/compte', title: `Mon compte : ${account.displayName}` } },
              { iconId: 'fr-icon-logout-box-r-line' as const, text: 'Se déconnecter', buttonProps: { onClick: () => void signOut() } },
            ]
          : []),
      ]}
      serviceTitle="Commission"
      serviceTagline="Secrétariat des commissions de l'ARS"
      navigation={navigation.filter(({ needs }) => can(needs)).map(({ to, text }) => ({
        text,
        linkProps: { to },
        isActive: isCurrent(to, pathname),
      }))}
    />
  );
}

/** An empty shared database: the first account is offered at once, before the team starts. */
function FirstAccountNotice() {
  const { status, can } = useAuth();
  if (!status.shared || status.accountsExist || !can('auth.createFirstAccount')) return null;
  return (
    <Notice
      isClosable={false}
      title="Cette base partagée n'a pas encore de compte : chaque poste y a tous les droits."
      description="Créez le premier compte, celui du secrétariat : dès lors, chacun se connecte."
      link={{ linkProps: { to: '/parametres/comptes' }, text: 'Créer le premier compte' }}
    />
  );
}

/** The skip links, the header, the page's container and the footer, for every screen but the full-screen ones. */
function Layout() {
  const { status } = useAuth();
  return (
    <>
      <SkipLink />
      <AppHeader />
      <FirstAccountNotice />
      <main id={CONTENT_ID} tabIndex={-1} className="fr-container fr-pt-4w fr-pb-8w app-main">
        <Suspense fallback={<Loading />}>{needsSignIn(status) ? <SignInPage /> : <Outlet />}</Suspense>
      </main>
      <AppFooter />
    </>
  );
}

/** A full-screen view: the sign-in page in the usual layout while nobody is signed in. */
function FullScreen({ children }: { children: ReactNode }) {
  const { status } = useAuth();
  if (needsSignIn(status)) return <Layout />;
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

// A data router: the unsaved-changes guard (useBlocker) needs one.
const router = createHashRouter(
  createRoutesFromElements(
    <>
      <Route path="/seances/:id/direct" element={<FullScreen><LivePage /></FullScreen>} />
      <Route path="/seances/:id/projection" element={<FullScreen><ProjectorPage /></FullScreen>} />
      <Route element={<Layout />}>
        <Route path="/" element={<DashboardPage />} />
        <Route path="/dossiers" element={<DossiersPage />} />
        <Route path="/dossiers/import" element={<ImportPage />} />
        <Route path="/dossiers/nouveau" element={<DossierFormPage />} />
        <Route path="/dossiers/numero/:dsNumber" element={<DossierByNumberPage />} />
        <Route path="/dossiers/:id" element={<DossierPage />} />
        <Route path="/dossiers/:id/modifier" element={<DossierFormPage />} />
        <Route path="/seances" element={<SessionsPage />} />
        <Route path="/seances/nouvelle" element={<NewSessionPage />} />
        <Route path="/seances/membres" element={<MembersPage />} />
        <Route path="/seances/:id" element={<SessionPage />} />
        <Route path="/documents" element={<DocumentsPage />} />
        <Route path="/documents/:id" element={<SessionDocumentsPage />} />
        <Route path="/documents/:id/convocations" element={<ConvocationsPage />} />
        <Route path="/parametres" element={<SettingsPage />} />
        <Route path="/parametres/modeles" element={<TemplatesPage />} />
        <Route path="/parametres/sauvegardes" element={<BackupsPage />} />
        <Route path="/parametres/base-partagee" element={<SharedDatabasePage />} />
        <Route path="/parametres/grille" element={<GridEditorPage />} />
        <Route path="/parametres/configuration" element={<ConfigPage />} />
        <Route path="/parametres/comptes" element={<AccountsPage />} />
        <Route path="/compte" element={<MyAccountPage />} />
        <Route path="/aide" element={<HelpPage />} />
        <Route path="/accessibilite" element={<AccessibilityPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </>,
  ),
);

export function App() {
  return (
    <AuthProvider>
      <ConfirmProvider>
        <RouterProvider router={router} />
      </ConfirmProvider>
    </AuthProvider>
  );
}
