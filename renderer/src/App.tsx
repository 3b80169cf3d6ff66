import { Header } from '@codegouvfr/react-dsfr/Header';
import { createHashRouter, createRoutesFromElements, Outlet, Route, RouterProvider, useLocation } from 'react-router';
import { AppFooter } from './components/AppFooter';
import { ConfirmProvider } from './components/ConfirmModal';
import { CONTENT_ID, SkipLink } from './components/SkipLink';
import { AccessibilityPage } from './pages/help/AccessibilityPage';
import { HelpPage } from './pages/help/HelpPage';
import { DashboardPage } from './pages/dashboard/DashboardPage';
import { DocumentsPage } from './pages/documents/DocumentsPage';
import { SessionDocumentsPage } from './pages/documents/SessionDocumentsPage';
import { ConvocationsPage } from './pages/documents/ConvocationsPage';
import { DossierByNumberPage, DossierPage } from './pages/dossiers/DossierPage';
import { DossierFormPage } from './pages/dossiers/DossierFormPage';
import { DossiersPage } from './pages/dossiers/DossiersPage';
import { ImportPage } from './pages/dossiers/import/ImportPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { LivePage } from './pages/sessions/LivePage';
import { MembersPage } from './pages/sessions/MembersPage';
import { NewSessionPage } from './pages/sessions/NewSessionPage';
import { ProjectorPage } from './pages/sessions/ProjectorPage';
import { SessionPage } from './pages/sessions/SessionPage';
import { SessionsPage } from './pages/sessions/SessionsPage';
import { ConfigPage } from './pages/settings/config/ConfigPage';
import { GridEditorPage } from './pages/settings/grid/GridEditorPage';
import { BackupsPage } from './pages/settings/BackupsPage';
import { SettingsPage } from './pages/settings/SettingsPage';
import { TemplatesPage } from './pages/settings/templates/TemplatesPage';

const navigation = [
  { to: '/', text: 'Tableau de bord' },
  { to: '/dossiers', text: 'Dossiers' },
  { to: '/seances', text: 'Séances' },
  { to: '/documents', text: 'Documents' },
  { to: '/parametres', text: 'Paramètres' },
];

function isCurrent(to: string, pathname: string): boolean {
  return to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);
}

function AppHeader() {
  const { pathname } = useLocation();
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
      quickAccessItems={[{ iconId: 'fr-icon-question-line', text: 'Aide', linkProps: { to: '/aide' } }]}
      serviceTitle="Commission"
      serviceTagline="Secrétariat des commissions de l'ARS"
      navigation={navigation.map(({ to, text }) => ({
        text,
        linkProps: { to },
        isActive: isCurrent(to, pathname),
      }))}
    />
  );
}

/** The skip links, the header, the page's container and the footer, for every screen but the full-screen ones. */
function Layout() {
  return (
    <>
      <SkipLink />
      <AppHeader />
      <main id={CONTENT_ID} tabIndex={-1} className="fr-container fr-pt-4w fr-pb-8w app-main">
        <Outlet />
      </main>
      <AppFooter />
    </>
  );
}

// A data router: the unsaved-changes guard (useBlocker) needs one.
const router = createHashRouter(
  createRoutesFromElements(
    <>
      <Route path="/seances/:id/direct" element={<LivePage />} />
      <Route path="/seances/:id/projection" element={<ProjectorPage />} />
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
        <Route path="/parametres/grille" element={<GridEditorPage />} />
        <Route path="/parametres/configuration" element={<ConfigPage />} />
        <Route path="/aide" element={<HelpPage />} />
        <Route path="/accessibilite" element={<AccessibilityPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </>,
  ),
);

export function App() {
  return (
    <ConfirmProvider>
      <RouterProvider router={router} />
    </ConfirmProvider>
  );
}
