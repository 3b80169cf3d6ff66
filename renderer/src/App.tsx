import { Header } from '@codegouvfr/react-dsfr/Header';
import { HashRouter, Route, Routes, useLocation } from 'react-router';
import { DossierByNumberPage, DossierPage } from './pages/dossiers/DossierPage';
import { DossierFormPage } from './pages/dossiers/DossierFormPage';
import { DossiersPage } from './pages/dossiers/DossiersPage';
import { ImportPage } from './pages/dossiers/import/ImportPage';
import { NotFoundPage, PlannedPage, plannedPages } from './pages/PlannedPages';
import { SettingsPage } from './pages/settings/SettingsPage';

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

export function App() {
  return (
    <HashRouter>
      <AppHeader />
      <main className="fr-container fr-pt-4w fr-pb-8w">
        <Routes>
          {plannedPages.map(({ path, ...page }) => (
            <Route key={path} path={path} element={<PlannedPage {...page} />} />
          ))}
          <Route path="/dossiers" element={<DossiersPage />} />
          <Route path="/dossiers/import" element={<ImportPage />} />
          <Route path="/dossiers/nouveau" element={<DossierFormPage />} />
          <Route path="/dossiers/numero/:dsNumber" element={<DossierByNumberPage />} />
          <Route path="/dossiers/:id" element={<DossierPage />} />
          <Route path="/dossiers/:id/modifier" element={<DossierFormPage />} />
          <Route path="/parametres" element={<SettingsPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </main>
    </HashRouter>
  );
}
