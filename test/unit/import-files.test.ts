import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDossierFile } from '../../services/import';
import type { DossierData } from '../../shared/dossier';
import { defaultMapping, importMappingSchema, type DossierFileImport } from '../../shared/import-mapping';
import { AppError } from '../../shared/result';

const sharedFixtures = resolve(__dirname, '../fixtures/samples/demarches-simplifiees');
const ownFixtures = resolve(__dirname, '../fixtures/import');
const shared = (name: string) => readFileSync(resolve(sharedFixtures, name));
const own = (name: string) => readFileSync(resolve(ownFixtures, name));

const parseShared = (name: string) => parseDossierFile(name, shared(name));
const parseOwn = (name: string) => parseDossierFile(name, own(name));

const withoutTeams = (result: DossierFileImport) =>
  result.dossiers.map(({ line, data }) => ({ line, data: { ...data, professionals: [] } }));
const byNumber = (result: DossierFileImport, dsNumber: number): DossierData => {
  const found = result.dossiers.find((d) => d.data.dsNumber === dsNumber);
  if (!found) throw new Error(`dossier ${dsNumber} absent`);
  return found.data;
};

/** Refused as a whole: AppError('VALIDATION') whose French message matches. */
async function expectRefused(promise: Promise<unknown>, message: RegExp) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('VALIDATION');
  expect((error as AppError).message).toMatch(message);
}

/** The Hauts-de-France CSV export with one line changed by `edit`. */
function hdfCsvWith(edit: (lines: string[]) => void): Uint8Array {
  const lines = shared('hdf-dossiers-export.csv').toString('utf8').split('\n');
  edit(lines);
  return Buffer.from(lines.join('\n'));
}

describe('Hauts-de-France CSV export (shared fixture)', () => {
  it('gives the six dossiers, each with the physical line it starts on', async () => {
    const result = await parseShared('hdf-dossiers-export.csv');
    expect(result).toMatchObject({ format: 'csv', encoding: 'utf-8', separator: ',', sheets: [], problems: [] });
    // 24001101's presentation spans two lines.
    expect(result.dossiers.map((d) => [d.line, d.data.dsNumber])).toEqual([
      [2, 24001101],
      [4, 24001102],
      [5, 24001103],
      [6, 24001104],
      [7, 24001105],
      [8, 24001106],
    ]);
  });

  it('converts every mapped column', async () => {
    const result = await parseShared('hdf-dossiers-export.csv');
    expect(byNumber(result, 24001101)).toEqual({
      dsNumber: 24001101,
      dsState: 'en_instruction',
      structureType: 'ESP',
      name: 'ESP de Thiérache',
      submittedAt: '2026-09-28T17:41:55+02:00',
      instructionAt: '2026-10-01T09:03:10+02:00',
      sponsor: { civility: 'Mme', firstName: 'Claire', lastName: 'Lefebvre', email: 'contact@esp-thierache.fr', phone: '' },
      legalEntity: {
        form: 'Association loi 1901',
        siret: '55967651022976',
        rna: '',
        representative: { civility: '', firstName: '', lastName: '', capacity: '' },
      },
      address: '3 Rue Charles de Gaulle 02500 Hirson',
      communeCode: '02381',
      communeName: 'Hirson',
      departmentCode: '02',
      zoning: null,
      apl: null,
      grant: { requested: 20000, engineering: 8000, it: 7000, furniture: 5000 },
      coordination: {
        meetingFrequency: 'Mensuelles',
        protocolCount: 2,
        informationSystem: 'Weda',
        informationSystemLabelled: true,
        secureMessaging: true,
        coordinator: true,
        openingHours: '',
        unscheduledCare: null,
      },
      project: {
        summary:
          'Équipe constituée autour de 2 médecins généralistes, 2 infirmières et 1 kinésithérapeute.\n' +
          'Axes : soins non programmés ; suivi des patients diabétiques ; prévention des chutes « après 75 ans ».',
        themes: ['Accès aux soins non programmés', 'Prise en charge des maladies chroniques'],
        startDate: '2027-01-01',
        declaredProfessionals: 5,
        inPriorityZone: true,
      },
      declaredFiles: ['projet-de-sante.pdf'],
      professionals: [],
    });
    expect(byNumber(result, 24001103)).toMatchObject({
      legalEntity: { form: '', siret: '' },
      project: { startDate: null, inPriorityZone: false },
      coordination: { informationSystem: '', informationSystemLabelled: false },
    });
    expect(byNumber(result, 24001105).dsState).toBe('en_construction');
    expect(byNumber(result, 24001104).structureType).toBe('CPTS');
  });
});

describe('every target field of the default mapping', () => {
  it('is read from its first header, converted and validated', async () => {
    const cells: Record<string, string> = {
      dsNumber: '123',
      dsState: 'Accepté',
      structureType: 'Centre de santé',
      name: 'CDS de Laon',
      submittedAt: '2025-03-19 21:05:41 +0100',
      instructionAt: '25/03/2025 09:30',
      'sponsor.civility': 'Madame',
      'sponsor.firstName': 'Anne',
      'sponsor.lastName': 'Martin',
      'sponsor.email': 'anne.martin@cds-laon.fr',
      'sponsor.phone': '03 23 00 00 00',
      'legalEntity.form': 'Association loi 1901',
      'legalEntity.siret': '559 676 510 22976',
      establishmentSiret: '19236758660202',
      'legalEntity.rna': 'W022000001',
      'legalEntity.representative.civility': 'Monsieur',
      'legalEntity.representative.firstName': 'Paul',
      'legalEntity.representative.lastName': 'Roussel',
      'legalEntity.representative.capacity': "président de l'association",
      address: '1 rue du Bourg 02000 Laon',
      commune: 'Laon (02000)',
      communeCode: '2408',
      communeName: '',
      departmentCode: '02 – Aisne',
      zoning: 'ZAC',
      apl: '3,1',
      'grant.requested': '20 000 €',
      'grant.engineering': '8\u00a0000,50',
      'grant.it': '7000',
      'grant.furniture': '4999.50',
      'coordination.meetingFrequency': 'Mensuelles',
      'coordination.protocolCount': '3',
      'coordination.informationSystem': 'Weda',
      'coordination.informationSystemLabelled': 'Oui',
      'coordination.secureMessaging': 'on',
      'coordination.coordinator': 'true',
      'coordination.openingHours': '8 h – 20 h',
      'coordination.unscheduledCare': '1',
      'project.summary': 'Centre de santé\r\npluriprofessionnel',
      'project.themes': 'Prévention, Santé mentale',
      'project.startDate': '01/09/2025',
      'project.declaredProfessionals': '6',
      'project.inPriorityZone': 'Non',
      declaredFiles: 'projet.pdf, statuts.pdf',
    };
    const keys = Object.keys(defaultMapping.dossier) as (keyof typeof defaultMapping.dossier)[];
    expect(Object.keys(cells).sort()).toEqual([...keys].sort());
    const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
    const csv = [keys.map((k) => quote(defaultMapping.dossier[k][0]!)), keys.map((k) => quote(cells[k]!))]
      .map((row) => row.join(';'))
      .join('\r\n');
    const result = await parseDossierFile('complet.csv', Buffer.from(csv));
    expect(result.problems).toEqual([]);
    expect(result.columns.every((column) => column.field !== null)).toBe(true);
    expect(result.dossiers).toEqual([
      {
        line: 2,
        data: {
          dsNumber: 123,
          dsState: 'accepte',
          structureType: 'CDS',
          name: 'CDS de Laon',
          submittedAt: '2025-03-19T21:05:41+01:00',
          instructionAt: '2025-03-25T09:30:00+01:00',
          sponsor: { civility: 'Mme', firstName: 'Anne', lastName: 'Martin', email: 'anne.martin@cds-laon.fr', phone: '03 23 00 00 00' },
          legalEntity: {
            form: 'Association loi 1901',
            siret: '55967651022976',
            rna: 'W022000001',
            representative: { civility: 'M.', firstName: 'Paul', lastName: 'Roussel', capacity: "président de l'association" },
          },
          address: '1 rue du Bourg 02000 Laon',
          communeCode: '02408',
          communeName: 'Laon',
          departmentCode: '02',
          zoning: 'ZAC',
          apl: 3.1,
          grant: { requested: 20000, engineering: 8000.5, it: 7000, furniture: 4999.5 },
          coordination: {
            meetingFrequency: 'Mensuelles',
            protocolCount: 3,
            informationSystem: 'Weda',
            informationSystemLabelled: true,
            secureMessaging: true,
            coordinator: true,
            openingHours: '8 h – 20 h',
            unscheduledCare: true,
          },
          project: {
            summary: 'Centre de santé\npluriprofessionnel',
            themes: ['Prévention', 'Santé mentale'],
            startDate: '2025-09-01',
            declaredProfessionals: 6,
            inPriorityZone: false,
          },
          declaredFiles: ['projet.pdf', 'statuts.pdf'],
          professionals: [],
        },
      },
    ]);
  });
});

describe('Hauts-de-France XLSX export (shared fixture)', () => {
  it('gives the six dossiers with their 26 professionals from the repetition sheet', async () => {
    const result = await parseShared('hdf-dossiers-export.xlsx');
    expect(result).toMatchObject({ format: 'xlsx', sheets: ['Dossiers', '(3512851) Professionnels'], problems: [] });
    expect(result.dossiers.map((d) => [d.line, d.data.dsNumber, d.data.professionals.length])).toEqual([
      [2, 24001101, 5],
      [3, 24001102, 7],
      [4, 24001103, 2],
      [5, 24001104, 6],
      [6, 24001105, 3],
      [7, 24001106, 3],
    ]);
    expect(byNumber(result, 24001103).professionals).toEqual([
      {
        lastName: 'Girard',
        firstName: 'Louis',
        profession: 'Infirmier(ère)',
        identifier: '10005490999',
        communeCode: '02173',
        communeName: 'Chauny',
        role: '',
      },
      {
        lastName: 'Blanc',
        firstName: 'Alice',
        profession: 'Psychologue',
        identifier: '10665452206',
        communeCode: '02173',
        communeName: 'Chauny',
        role: '',
      },
    ]);
    expect(result.columns).toContainEqual({ header: 'Dossier ID', field: 'professionals.dossierId', sheet: '(3512851) Professionnels' });
    expect(result.columns).toContainEqual({ header: 'ID', field: 'dsNumber', sheet: 'Dossiers' });
  });

  it('reads typed cells (dates, numbers) to the same data as the CSV export', async () => {
    const [xlsx, csv] = await Promise.all([parseShared('hdf-dossiers-export.xlsx'), parseShared('hdf-dossiers-export.csv')]);
    expect(withoutTeams(xlsx).map((d) => d.data)).toEqual(csv.dossiers.map((d) => d.data));
  });
});

describe('ODS export (generated with LibreOffice from the XLSX fixture)', () => {
  it('reads to exactly what the XLSX gives, professionals included', async () => {
    const [ods, xlsx] = await Promise.all([parseOwn('hdf-dossiers-export.ods'), parseShared('hdf-dossiers-export.xlsx')]);
    expect(ods.format).toBe('ods');
    expect(ods.sheets).toEqual(['Dossiers', '(3512851) Professionnels']);
    expect(ods.problems).toEqual([]);
    expect(ods.dossiers).toEqual(xlsx.dossiers);
  });
});

describe('deposit dates keep the calendar day of their own offset', () => {
  const deposited = async (written: string) => {
    const csv = hdfCsvWith((lines) => {
      lines[1] = lines[1]!.replace('2026-09-28 17:41:55 +0200', written);
    });
    return byNumber(await parseDossierFile('export.csv', csv), 24001101).submittedAt!;
  };

  it('a Martinique deposit at 21:30 (−04:00) on 20 October stays on 20 October', async () => {
    const submittedAt = await deposited('2026-10-20 21:30:00 -0400');
    expect(submittedAt).toBe('2026-10-20T21:30:00-04:00');
    expect(submittedAt.slice(0, 10)).toBe('2026-10-20');
    expect(Date.parse(submittedAt)).toBe(Date.parse('2026-10-21T01:30:00Z'));
  });

  it('a time written without an offset is the local one, on its own day', async () => {
    const submittedAt = await deposited('20/10/2026 21:30');
    expect(submittedAt).toBe('2026-10-20T21:30:00+02:00');
    expect(submittedAt.slice(0, 10)).toBe('2026-10-20');
  });
});

describe('GraphQL API answer (shared fixture)', () => {
  it('gives the dossier and its professionals, as the CSV export of the same dossier does', async () => {
    const [json, csv] = await Promise.all([parseShared('dossier-graphql.json'), parseShared('other-form-export.csv')]);
    expect(json).toMatchObject({ format: 'graphql-json', sheets: [], problems: [] });
    expect(json.dossiers).toHaveLength(1);
    const dossier = json.dossiers[0]!;
    expect(dossier.line).toBe(1);
    expect(dossier.data.professionals.map((p) => [p.lastName, p.profession, p.communeCode, p.communeName])).toEqual([
      ['Girard', 'Médecin généraliste', '73248', 'Saint-Jean-de-Maurienne'],
      ['Favre', 'Médecin généraliste', '73157', 'Modane'],
      ['Collomb', 'Infirmier(ère)', '73248', 'Saint-Jean-de-Maurienne'],
      ['Vial', 'Pharmacien(ne)', '73248', 'Saint-Jean-de-Maurienne'],
    ]);
    expect({ ...dossier.data, professionals: [] }).toEqual(byNumber(csv, 21560127));
    expect(json.columns).toContainEqual({ header: 'Nom', field: 'professionals.lastName', sheet: 'Professionnels' });
  });
});

describe('the same procedure from the API (generated fixture)', () => {
  it('reads to exactly what the XLSX export gives, SIRET and professionals included', async () => {
    const [json, xlsx] = await Promise.all([parseOwn('hdf-dossiers-graphql.json'), parseShared('hdf-dossiers-export.xlsx')]);
    expect(json).toMatchObject({ format: 'graphql-json', problems: [] });
    expect(json.dossiers.map((d) => d.data)).toEqual(xlsx.dossiers.map((d) => d.data));
    expect(byNumber(json, 24001101).legalEntity.siret).toBe('55967651022976');
  });
});

describe('the SIRET, which Démarches Simplifiées gives twice', () => {
  const csv = (champ: string, establishment: string) =>
    Buffer.from(
      `ID;Type de structure;Nom de l’équipe ou de la structure;Établissement SIRET;SIRET de la structure porteuse\n1;ESP;ESP du Bourg;${establishment};${champ}\n`,
    );
  const siretOf = async (file: string, bytes: Uint8Array) => (await parseDossierFile(file, bytes)).dossiers[0]?.data.legalEntity.siret;

  it('reads both columns: the form’s champ, or « Établissement SIRET » when the champ is empty', async () => {
    expect(await siretOf('a.csv', csv('55967651022976', ''))).toBe('55967651022976');
    expect(await siretOf('b.csv', csv('', '19236758660202'))).toBe('19236758660202');
    expect(await siretOf('c.csv', csv('55967651022976', '19236758660202'))).toBe('55967651022976');
    expect(await siretOf('d.csv', csv('', ''))).toBe('');
    const { columns } = await parseDossierFile('a.csv', csv('55967651022976', ''));
    expect(columns.map((c) => c.field)).toEqual(['dsNumber', 'structureType', 'name', 'establishmentSiret', 'legalEntity.siret']);
  });

  it('from the API: the SiretChamp, or the SIRET of an applicant that is a legal person', async () => {
    const answer = () => JSON.parse(shared('dossier-graphql.json').toString('utf8'));
    const json = (value: unknown) => Buffer.from(JSON.stringify(value));
    expect(await siretOf('api.json', shared('dossier-graphql.json'))).toBe('');
    const company = answer();
    company.data.dossier.demandeur = { __typename: 'PersonneMorale', siret: '90123456700013' };
    expect(await siretOf('api.json', json(company))).toBe('90123456700013');
    const champ = company.data.dossier.champs.find((c: { label: string }) => c.label === 'SIRET de la structure porteuse');
    champ.etablissement = { siret: '55967651022976' };
    expect(await siretOf('api.json', json(company))).toBe('55967651022976');
  });
});

describe('export of another form (shared fixture)', () => {
  it('is read by the default mapping: its columns are a subset of the standard form', async () => {
    const result = await parseShared('other-form-export.csv');
    expect(result.problems).toEqual([]);
    expect(result.dossiers.map((d) => [d.line, d.data.dsNumber, d.data.dsState, d.data.structureType])).toEqual([
      [2, 21458733, 'accepte', 'MSP'],
      [4, 21502918, 'refuse', 'ESP'],
      [8, 21533460, 'sans_suite', 'MSP'],
      [9, 21560127, 'en_instruction', 'ESP'],
      [14, 21611384, 'en_construction', 'MSP'],
    ]);
    expect(byNumber(result, 21458733)).toMatchObject({
      grant: { requested: 35000 },
      declaredFiles: ['projet-de-sante-MSP-Matheysin.pdf', 'statuts-SISA.pdf'],
      project: { themes: ['Accès aux soins non programmés', 'Prise en charge des maladies chroniques', 'Prévention'] },
    });
    expect(byNumber(result, 21458733).project.summary).toContain('prévention "chutes" chez');
    expect(byNumber(result, 21560127).grant.requested).toBe(18000.5);
    expect(byNumber(result, 21533460).sponsor.lastName).toBe('N’Diaye');
    expect(byNumber(result, 21611384).project.inPriorityZone).toBeNull();
  });

  it('needs a custom mapping once the instructor renamed its columns', async () => {
    const bytes = own('other-form-renamed-headers.csv');
    const withDefault = await parseDossierFile('other-form-renamed-headers.csv', bytes);
    expect(withDefault.dossiers).toEqual([]);
    expect(withDefault.problems.map((p) => [p.line, p.field])).toEqual([
      [1, 'dsNumber'],
      [1, 'structureType'],
      [1, 'name'],
    ]);
    expect(withDefault.problems[1]!.message).toBe(
      "Le fichier n'a aucune colonne pour le champ obligatoire « Type de structure » (en-têtes reconnus : « Type de structure », « Type de projet »).",
    );

    // As the mapping editor would save it: only what differs from the standard form, plus a name.
    const saved = JSON.parse(
      JSON.stringify({
        ...defaultMapping,
        name: 'ARS Auvergne-Rhône-Alpes — formulaire simplifié',
        dossier: {
          ...defaultMapping.dossier,
          dsNumber: ['Numéro Démarches Simplifiées'],
          structureType: ['Catégorie'],
          name: ['Intitulé du projet'],
          'grant.requested': ['Montant demandé (€)'],
        },
      }),
    );
    const custom = importMappingSchema.parse(saved);
    const result = await parseDossierFile('other-form-renamed-headers.csv', bytes, custom);
    expect(result.problems).toEqual([]);
    expect(result.dossiers).toEqual((await parseShared('other-form-export.csv')).dossiers);
    expect(result.columns.slice(0, 1)).toEqual([{ header: 'Numéro Démarches Simplifiées', field: 'dsNumber' }]);
  });
});

describe('files re-saved by French Excel (generated fixtures)', () => {
  it.each([
    ['hdf-excel-windows-1252.csv', 'windows-1252'],
    ['hdf-excel-utf8-bom.csv', 'utf-8-bom'],
  ])('%s (%s, ";", CRLF, French decimals and dates) reads like the original', async (name, encoding) => {
    const [resaved, original] = await Promise.all([parseOwn(name), parseShared('hdf-dossiers-export.csv')]);
    expect(resaved).toMatchObject({ format: 'csv', encoding, separator: ';', problems: [] });
    expect(resaved.dossiers).toEqual(original.dossiers);
  });

  it('renamed headers (case, accents, apostrophes, spaces, colons) read like the original', async () => {
    const [renamed, original] = await Promise.all([parseOwn('hdf-renamed-headers.csv'), parseShared('hdf-dossiers-export.csv')]);
    expect(renamed.problems).toEqual([]);
    expect(renamed.dossiers).toEqual(original.dossiers);
    expect(renamed.columns.find((c) => c.field === 'grant.requested')?.header).toBe(" Montant de l'aide sollicitee (en euros) : ");
  });
});

describe('problems, located by line, column and field', () => {
  it('a professional whose dossier is not in the file, and one without a profession (XLSX)', async () => {
    const result = await parseOwn('hdf-orphan-professional.xlsx');
    expect(result.problems).toEqual([
      {
        line: 4,
        column: 'Profession',
        field: 'professionals.profession',
        sheet: '(3512851) Professionnels',
        message: 'Feuille « (3512851) Professionnels », ligne 4, colonne « Profession » (Profession) : La profession est obligatoire.',
      },
      {
        line: 28,
        column: 'Dossier ID',
        field: 'professionals.dossierId',
        sheet: '(3512851) Professionnels',
        message:
          "Feuille « (3512851) Professionnels », ligne 28, colonne « Dossier ID » (Numéro du dossier) : aucun dossier n° 24009999 dans la feuille « Dossiers » : ce professionnel n'est rattaché à aucun dossier.",
      },
    ]);
    // The dossier of the incomplete professional is left out; the others come in.
    expect(result.dossiers.map((d) => d.data.dsNumber)).toEqual([24001102, 24001103, 24001104, 24001105, 24001106]);
  });

  it('a value that cannot be converted, and one the schema refuses', async () => {
    const bytes = hdfCsvWith((lines) => {
      lines[3] = lines[3]!.replace(',7,0.0,0.0,0.0,0.0,', ',7,beaucoup,0.0,0.0,-5,');
      lines[4] = lines[4]!.replace('Équipe de soins primaires (ESP)', 'Pharmacie');
    });
    const result = await parseDossierFile('modifié.csv', bytes);
    expect(result.problems).toEqual([
      {
        line: 4,
        column: 'Montant de l’aide sollicitée (en euros)',
        field: 'grant.requested',
        message:
          "Ligne 4, colonne « Montant de l’aide sollicitée (en euros) » (Montant de l'aide sollicitée) : « beaucoup » n'est pas un nombre.",
      },
      {
        line: 4,
        column: 'Dont mobilier et logistique (en euros)',
        field: 'grant.furniture',
        message:
          'Ligne 4, colonne « Dont mobilier et logistique (en euros) » (Dont mobilier et logistique) : Le montant pour le mobilier et la logistique ne peut pas être négatif.',
      },
      {
        line: 5,
        column: 'Type de structure',
        field: 'structureType',
        message:
          "Ligne 5, colonne « Type de structure » (Type de structure) : « Pharmacie » n'est pas un type de structure reconnu (ESP, MSP, CPTS ou centre de santé).",
      },
    ]);
    expect(result.dossiers.map((d) => d.data.dsNumber)).toEqual([24001101, 24001104, 24001105, 24001106]);
  });

  it('a problem inside a list is reported on the column of the list', async () => {
    const bytes = hdfCsvWith((lines) => {
      lines[4] = lines[4]!.replace(',Accès aux soins non programmés,', `,"Accès aux soins, ${'x'.repeat(201)}",`);
    });
    const result = await parseDossierFile('thèmes.csv', bytes);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ line: 5, column: 'Thématiques du projet', field: 'project.themes' });
    expect(result.problems[0]!.message).toMatch(/^Ligne 5, colonne « Thématiques du projet » \(Thématiques du projet\) : /);
  });

  it('a DS number twice in the file, and a blank one', async () => {
    const bytes = hdfCsvWith((lines) => {
      lines[5] = lines[5]!.replace('24001104,', '24001102,');
      lines[6] = lines[6]!.replace('24001105,', ',');
    });
    const result = await parseDossierFile('doublon.csv', bytes);
    expect(result.problems.map((p) => p.message)).toEqual([
      'Ligne 6, colonne « ID » (Numéro de dossier Démarches Simplifiées) : le dossier n° 24001102 figure déjà ligne 4 ; cette ligne en double est ignorée.',
      'Ligne 7, colonne « ID » (Numéro de dossier Démarches Simplifiées) : le numéro de dossier est vide : il est obligatoire pour importer le dossier.',
    ]);
    expect(result.dossiers.map((d) => d.data.dsNumber)).toEqual([24001101, 24001102, 24001103, 24001106]);
  });

  it('a mapping without a required column: no dossier at all', async () => {
    const bytes = hdfCsvWith((lines) => {
      lines[0] = lines[0]!.replace('Nom de l’équipe ou de la structure', 'Intitulé');
    });
    const result = await parseDossierFile('sans-nom.csv', bytes);
    expect(result.dossiers).toEqual([]);
    expect(result.problems).toEqual([
      {
        line: 1,
        field: 'name',
        message:
          "Le fichier n'a aucune colonne pour le champ obligatoire « Nom de l'équipe ou de la structure » (en-têtes reconnus : « Nom de l’équipe ou de la structure », « Nom de la structure », « Nom de l’équipe »).",
      },
    ]);
    expect(result.columns.find((c) => c.header === 'Intitulé')).toEqual({ header: 'Intitulé', field: null });
  });
});

describe('unreadable files are refused with a French message', () => {
  it.each([
    ['empty.csv', /^Le fichier « empty\.csv » est vide\.$/],
    ['truncated.xlsx', /est une archive endommagée ou incomplète/],
    ['truncated.csv', /le texte entre guillemets commencé ligne 2 n'est jamais refermé/],
    ['truncated.json', /n'est pas un JSON valide \(erreur ligne \d+\) : il est sans doute incomplet ou tronqué/],
    ['image-renamed.csv', /n'est ni un fichier CSV, ni un classeur XLSX ou ODS, ni une réponse JSON de l'API/],
  ])('%s', async (name, message) => {
    await expectRefused(parseOwn(name), message);
  });

  it('a spreadsheet of another kind, or a zip that is not one', async () => {
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    await expectRefused(parseDossierFile('ancien.xls', xls), /Excel 97-2003 \(\.xls\) ou protégé par un mot de passe/);
    const docx = zipSync({
      '[Content_Types].xml': strToU8('<Types><Override ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
    });
    await expectRefused(parseDossierFile('dossiers.xlsx', docx), /est une archive qui n'est pas un classeur/);
  });

  it('a CSV named .xlsx is read by its content', async () => {
    const result = await parseDossierFile('export.xlsx', shared('hdf-dossiers-export.csv'));
    expect(result.format).toBe('csv');
    expect(result.dossiers).toHaveLength(6);
  });
});

describe('robustness (property-based)', () => {
  /** Resolves, or refuses with AppError('VALIDATION'): never another exception. */
  async function readsOrRefuses(name: string, bytes: Uint8Array) {
    const outcome = await parseDossierFile(name, bytes).then(
      () => 'read',
      (error: unknown) => (error instanceof AppError && error.code === 'VALIDATION' ? 'refused' : error),
    );
    expect(['read', 'refused']).toContain(outcome);
  }

  it.each([
    ['hdf-dossiers-export.xlsx', shared],
    ['hdf-dossiers-export.ods', own],
    ['hdf-dossiers-export.csv', shared],
    ['dossier-graphql.json', shared],
  ])(
    'any cut or damaged copy of %s is read or refused, never a crash',
    async (name, read) => {
      const original = read(name);
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(fc.constant(original.length), fc.integer({ min: 0, max: original.length })),
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
          async (length, damage) => {
            const bytes = Uint8Array.from(original.subarray(0, length));
            for (const [at, byte] of damage) if (bytes.length) bytes[at % bytes.length] = byte;
            await readsOrRefuses(name, bytes);
          },
        ),
        { numRuns: 60 },
      );
    },
  );

  it('any bytes at all are read or refused', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), fc.constantFrom('a.csv', 'a.xlsx', 'a.json', 'a'), (bytes, name) =>
        readsOrRefuses(name, bytes),
      ),
    );
  });
});
