import { describe, expect, it } from 'vitest';
import {
  defaultMapping,
  dossierFields,
  importMappingSchema,
  matchColumns,
  normalizeHeader,
  professionalFields,
} from '../../shared/import-mapping';

const hdfHeaders =
  'ID,Email,FranceConnect ?,Civilité,Nom,Prénom,Dépôt pour un tiers,Nom du mandataire,Prénom du mandataire,À archiver,État du dossier,Dernière mise à jour le,Dernière mise à jour du dossier le,Déposé le,Passé en instruction le,Traité le,Motivation de la décision,Instructeurs,Groupe instructeur,Type de structure,Nom de l’équipe ou de la structure,Forme juridique de la structure porteuse,SIRET de la structure porteuse,Commune d’implantation,Commune d’implantation (Code INSEE),Commune d’implantation (Département),Adresse du lieu principal d’exercice,Date prévisionnelle de démarrage,Nombre de professionnels de santé impliqués,Montant de l’aide sollicitée (en euros),Dont ingénierie de projet (en euros),Dont investissement informatique (en euros),Dont mobilier et logistique (en euros),Présentation du projet de santé,Thématiques du projet,Projet situé en zone d’intervention prioritaire (ZIP),Réunions de concertation pluriprofessionnelles,Nombre de protocoles pluriprofessionnels prévus,Système d’information partagé labellisé par l’ANS,Nom du logiciel,Messagerie sécurisée de santé (MSSanté),Coordinateur ou coordinatrice identifié(e),Projet de santé (document PDF),Je certifie l’exactitude des informations fournies,Date de passage en commission,Avis de la délégation départementale'.split(
    ',',
  );

describe('normalizeHeader', () => {
  it.each([
    ['Nom de l’équipe ou de la structure', "nom de l'equipe ou de la structure"],
    ["NOM DE L'EQUIPE OU DE LA STRUCTURE", "nom de l'equipe ou de la structure"],
    ['  Type\u00a0de \u202fstructure :', 'type de structure'],
    ['Montant :: ', 'montant'],
    ['Cœur de métier', 'coeur de metier'],
    ['Commune d‘implantation (Département)', "commune d'implantation (departement)"],
    ['02 – Aisne', '02 - aisne'],
  ])('%j → %j', (header, expected) => {
    expect(normalizeHeader(header)).toBe(expected);
  });
});

describe('defaultMapping', () => {
  it('is a valid mapping, unchanged by its schema', () => {
    expect(importMappingSchema.parse(defaultMapping)).toEqual(defaultMapping);
  });

  it('reads every column of the standard export that the dossier model has a field for', () => {
    const { fields, missing } = matchColumns(hdfHeaders, defaultMapping);
    expect(missing).toEqual([]);
    const read = Object.fromEntries(hdfHeaders.map((header, i) => [header, fields[i]]));
    expect(read).toMatchObject({
      ID: 'dsNumber',
      Email: 'sponsor.email',
      Civilité: 'sponsor.civility',
      Nom: 'sponsor.lastName',
      'État du dossier': 'dsState',
      'Déposé le': 'submittedAt',
      'Commune d’implantation': 'commune',
      'Commune d’implantation (Code INSEE)': 'communeCode',
      'Commune d’implantation (Département)': 'departmentCode',
      'Montant de l’aide sollicitée (en euros)': 'grant.requested',
      'Nombre de protocoles pluriprofessionnels prévus': 'coordination.protocolCount',
      'Projet de santé (document PDF)': 'declaredFiles',
    });
    const ignored = hdfHeaders.filter((_, i) => fields[i] === null);
    expect(ignored).toEqual([
      'FranceConnect ?',
      'Dépôt pour un tiers',
      'Nom du mandataire',
      'Prénom du mandataire',
      'À archiver',
      'Dernière mise à jour le',
      'Dernière mise à jour du dossier le',
      'Traité le',
      'Motivation de la décision',
      'Instructeurs',
      'Groupe instructeur',
      'Je certifie l’exactitude des informations fournies',
      'Date de passage en commission',
      'Avis de la délégation départementale',
    ]);
  });

  it('reads the repetition block of professionals', () => {
    const headers = [
      'Dossier ID',
      'Ligne',
      'Nom',
      'Prénom',
      'Profession',
      'Numéro RPPS',
      'Commune d’exercice',
      'Commune d’exercice (Code INSEE)',
      'Commune d’exercice (Département)',
    ];
    expect(matchColumns(headers, defaultMapping, 'professional')).toEqual({
      fields: ['dossierId', 'row', 'lastName', 'firstName', 'profession', 'identifier', 'commune', 'communeCode', null],
      missing: [],
    });
  });

  it('has a French label for every target field', () => {
    for (const spec of [...Object.values(dossierFields), ...Object.values(professionalFields)]) {
      expect(spec.label).toMatch(/^[A-ZÉ]/);
    }
  });
});

describe('matchColumns', () => {
  it('matches renamed headers whatever their case, accents, apostrophes and spaces', () => {
    const { fields, missing } = matchColumns(
      ['id', 'TYPE  DE STRUCTURE :', "Nom de l'equipe ou de la structure", 'montant de l’aide sollicitee (EN EUROS)'],
      defaultMapping,
    );
    expect(fields).toEqual(['dsNumber', 'structureType', 'name', 'grant.requested']);
    expect(missing).toEqual([]);
  });

  it('names the required fields no header feeds', () => {
    expect(matchColumns(['Email', 'Nom'], defaultMapping).missing).toEqual(['dsNumber', 'structureType', 'name']);
  });

  it('reads a field from its first column only, except lists which gather every column', () => {
    const { fields } = matchColumns(
      ['ID', 'Nom de la structure', 'Nom de l’équipe', 'Projet de santé (document PDF)', 'Statuts de la structure'],
      defaultMapping,
    );
    expect(fields).toEqual(['dsNumber', 'name', null, 'declaredFiles', 'declaredFiles']);
  });
});

describe('the legal representative', () => {
  it('is read from the labels a form author would give its fields, whatever the dash', () => {
    const representative = (headers: string[]) => matchColumns(['ID', ...headers], defaultMapping).fields.slice(1);
    expect(
      representative(['Représentant légal – Civilité', 'Représentant légal - Prénom', 'Représentant légal — Nom', 'Qualité du représentant légal']),
    ).toEqual([
      'legalEntity.representative.civility',
      'legalEntity.representative.firstName',
      'legalEntity.representative.lastName',
      'legalEntity.representative.capacity',
    ]);
    expect(
      representative(['Civilité du représentant légal', 'Prénom du représentant légal', 'Nom du représentant légal', 'Fonction du représentant légal']),
    ).toEqual([
      'legalEntity.representative.civility',
      'legalEntity.representative.firstName',
      'legalEntity.representative.lastName',
      'legalEntity.representative.capacity',
    ]);
  });

  it('is not mistaken for the depositor, who has the bare « Civilité », « Nom » and « Prénom »', () => {
    const { fields } = matchColumns(['Civilité', 'Nom', 'Prénom', 'Représentant légal (Nom)'], defaultMapping);
    expect(fields).toEqual(['sponsor.civility', 'sponsor.lastName', 'sponsor.firstName', 'legalEntity.representative.lastName']);
    expect(matchColumns(hdfHeaders, defaultMapping).fields.filter((f) => f?.startsWith('legalEntity.representative'))).toEqual([]);
  });
});

describe('importMappingSchema', () => {
  it('fills the fields an older saved mapping does not list', () => {
    const mapping = importMappingSchema.parse({
      name: 'Ancienne correspondance',
      professionalsBlock: ['Professionnels'],
      dossier: { dsNumber: ['N°'], structureType: ['Type'], name: ['Nom'] },
      professional: {},
    });
    expect(mapping.dossier.dsNumber).toEqual(['N°']);
    expect(mapping.dossier['grant.requested']).toEqual([]);
    expect(Object.keys(mapping.dossier)).toEqual(Object.keys(dossierFields));
    expect(Object.keys(mapping.professional)).toEqual(Object.keys(professionalFields));
  });

  it('refuses a header read for two fields, an unknown field and an empty name, in French', () => {
    const result = importMappingSchema.safeParse({
      name: ' ',
      professionalsBlock: [],
      dossier: { dsNumber: ['ID'], name: ['Nom'], 'sponsor.lastName': ['NOM'], nope: ['x'] },
      professional: {},
    });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((issue) => issue.message);
    expect(messages).toContain('Le nom de la correspondance est obligatoire.');
    expect(messages.some((m) => /^L'en-tête « NOM » est déjà lu pour « Nom de l'équipe/.test(m))).toBe(true);
    expect(messages).toContain('Clé non reconnue : "nope"');
  });
});
