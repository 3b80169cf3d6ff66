import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useBrowserTest } from '../support/browser';

const exportXlsx = join(fileURLToPath(new URL('./fixtures/', import.meta.url)), 'hdf-dossiers-export.xlsx');
const ids = { member: 0, dossier: 0, other: 0, session: 0 };

/** Dossiers, a member on the roster of a session with one dossier on its agenda: all before any account exists. */
const app = useBrowserTest({
  name: 'accounts',
  files: [exportXlsx],
  prepare: async (setup) => {
    await setup.dispatch('import.run', { fileName: 'hdf-dossiers-export.xlsx', contentBase64: readFileSync(exportXlsx).toString('base64') });
    const { rows } = await setup.dispatch('dossiers.list', { sort: { field: 'name', direction: 'asc' } });
    const member = await setup.dispatch('members.save', { member: { firstName: 'Inès', lastName: 'Martin', organisation: 'URPS médecins' } });
    const session = await setup.dispatch('sessions.create', { number: '2027-01', date: '2027-01-14', place: 'Lille' });
    await setup.dispatch('sessions.setRoll', { sessionId: session.id, members: [{ memberId: member.id, status: 'present' }] });
    await setup.dispatch('agenda.set', { sessionId: session.id, items: [{ dossierId: rows[0]!.id }] });
    Object.assign(ids, { member: member.id, dossier: rows[0]!.id, other: rows[1]!.id, session: session.id });
  },
});

const page = () => app.page;

function rows<T>(query: string): T[] {
  const db = new Database(app.databasePath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(query).all() as T[];
  } finally {
    db.close();
  }
}

describe('accounts and roles, in Chromium against the real services', () => {
  it('creates the first account, signs out, signs in as a member who enters their own sheet and cannot manage accounts', async () => {
    await page().goto(`${app.bridge.url}/#/parametres/comptes`);
    await page().getByRole('heading', { name: 'Créer le premier compte' }).waitFor();
    await app.audit();
    await page().fill('#login', 'cperrin');
    await page().fill('#displayName', 'Claire Perrin');
    await page().fill('#password', 'court');
    await page().getByRole('button', { name: 'Créer le compte du secrétariat' }).click();
    await expect.poll(() => app.describedError('password')).toBe('Le mot de passe compte au moins 10 caractères.');
    await page().fill('#password', 'correct horse battery');
    await page().getByRole('button', { name: 'Créer le compte du secrétariat' }).click();

    // Signed in: the header names the account, the list has it.
    await page().getByRole('table', { name: "Comptes de l'agence" }).waitFor();
    await page().getByRole('link', { name: 'Claire Perrin' }).waitFor();
    await app.audit();

    await page().fill('#account-login', 'imartin');
    await page().fill('#account-displayName', 'Inès Martin');
    await page().fill('#account-password', 'mot de passe de membre');
    await page().getByRole('radio', { name: /^Membre de la commission/ }).check({ force: true });
    await page().selectOption('#account-memberId', String(ids.member));
    await page().getByRole('button', { name: 'Créer le compte', exact: true }).click();
    await page().getByText('Le compte « imartin » est créé.').waitFor();
    await app.audit();

    await page().getByRole('button', { name: 'Se déconnecter' }).click();
    await page().getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    await app.audit();
    await page().fill('#login', 'imartin');
    await page().fill('#password', 'pas le bon mot de passe');
    await page().getByRole('button', { name: 'Se connecter', exact: true }).click();
    await page().getByText('Identifiant ou mot de passe incorrect.').waitFor();
    await page().fill('#password', 'mot de passe de membre');
    await page().getByRole('button', { name: 'Se connecter', exact: true }).click();
    await page().getByRole('link', { name: 'Inès Martin' }).waitFor();
    // The member's navigation has neither the documents nor the settings.
    const navigation = page().getByRole('navigation', { name: 'Menu principal' });
    await navigation.getByRole('link', { name: 'Dossiers' }).waitFor();
    expect(await navigation.getByRole('link', { name: 'Paramètres' }).count()).toBe(0);
    expect(await navigation.getByRole('link', { name: 'Documents' }).count()).toBe(0);

    // Their own sheet only, on a dossier of their session; no « Modifier » for the dossier.
    await page().goto(`${app.bridge.url}/#/dossiers/${ids.dossier}`);
    await page().getByRole('heading', { name: 'Évaluation' }).waitFor();
    expect(await page().locator('#scoring-scorer option').allTextContents()).toEqual(['Choisir', 'Membre : Inès Martin (URPS médecins)']);
    expect(await page().getByRole('link', { name: 'Modifier', exact: true }).count()).toBe(0);
    await page().getByRole('button', { name: 'Retenir toutes les suggestions' }).click();
    await page().getByRole('button', { name: 'Enregistrer les notes' }).click();
    await page().getByText(/^Notes enregistrées : /).waitFor();
    await app.audit();
    expect(rows('SELECT scorer, updated_by FROM score_sheets')).toEqual([{ scorer: `member:${ids.member}`, updated_by: 'imartin' }]);
    expect(rows("SELECT actor FROM audit_log WHERE action LIKE 'scores.%'")).toEqual([{ actor: 'imartin' }]);

    // Their own declaration of interests, in the session's « Déports » tab; nothing else of the session to edit.
    await page().goto(`${app.bridge.url}/#/seances/${ids.session}?onglet=deports`);
    await page().getByRole('heading', { name: 'Déclarer un lien d’intérêts avec un dossier' }).waitFor();
    expect(await page().getByRole('button', { name: /Convoquer|Supprimer la séance/ }).count()).toBe(0);
    await page().selectOption('#withdrawal-itemId', { index: 1 });
    await page().fill('#withdrawal-reason', 'Associée de la SISA porteuse');
    await page().getByRole('button', { name: 'Enregistrer le déport' }).click();
    await page().getByRole('cell', { name: 'Associée de la SISA porteuse' }).waitFor();
    await app.audit();
    expect(rows('SELECT member_id, reason FROM conflicts')).toEqual([{ member_id: ids.member, reason: 'Associée de la SISA porteuse' }]);

    // A dossier outside their sessions, and the secretariat's pages: refused in French.
    await page().goto(`${app.bridge.url}/#/dossiers/${ids.other}`);
    await page().getByText("Ce dossier n'est à l'ordre du jour d'aucune séance où vous siégez.").waitFor();
    await app.audit();
    await page().goto(`${app.bridge.url}/#/parametres/comptes`);
    await page().getByText('Votre rôle (membre de la commission) ne permet pas de gérer les comptes.').waitFor();
    await app.audit();
  });
});
