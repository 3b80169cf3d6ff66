import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { NBSP, frenchTypography } from '../../shared/french';
import {
  agencyPhrase,
  agree,
  commonNoun,
  communePhrase,
  definite,
  elide,
  genderOf,
  possessive,
  startsWithVowelSound,
  structurePhrase,
  titleGender,
  titlePhrase,
  withPreposition,
  type Gender,
} from '../../shared/grammar';
import { defaultTemplates, fillTemplate, type TemplateValues } from '../../shared/templates';
import { deletedVersionMessage, staleVersionMessage } from '../../shared/versions';
import { lookupCommune, lookupCommuneByName } from '../../services/reference';
import { formatDay, formatInstant, formatShortDay } from '../../renderer/src/format';

/** Guillemets as written below (« x ») with the no-break spaces the documents use. */
const q = (text: string) => text.replaceAll('« ', `«${NBSP}`).replaceAll(' »', `${NBSP}»`);

interface RawCommune {
  code: string;
  nom: string;
  departement?: string;
  type: string;
  typeLiaison?: number;
}
const communes = createRequire(import.meta.url)('@etalab/decoupage-administratif/data/communes.json') as RawCommune[];

/** The commune as INSEE ships it: its official name and TNCC, read from the data, not restated. */
function insee(name: string, department: string): RawCommune {
  const found = communes.filter((c) => c.nom === name && c.departement === department && c.type === 'commune-actuelle');
  expect(found, `${name} (${department})`).toHaveLength(1);
  return found[0]!;
}

describe('communes with their official article', () => {
  it.each([
    // Martinique
    ['972', 'Le Lamentin', 'Le Lamentin', 'au Lamentin', 'du Lamentin'],
    ['972', 'Les Trois-Îlets', 'Les Trois-Îlets', 'aux Trois-Îlets', 'des Trois-Îlets'],
    ['972', 'Le Robert', 'Le Robert', 'au Robert', 'du Robert'],
    ['972', "L'Ajoupa-Bouillon", 'L’Ajoupa-Bouillon', 'à L’Ajoupa-Bouillon', 'de L’Ajoupa-Bouillon'],
    ['972', 'La Trinité', 'La Trinité', 'à La Trinité', 'de La Trinité'],
    ['972', 'Fort-de-France', 'Fort-de-France', 'à Fort-de-France', 'de Fort-de-France'],
    ['972', "Les Anses-d'Arlet", 'Les Anses-d’Arlet', 'aux Anses-d’Arlet', 'des Anses-d’Arlet'],
    // Guadeloupe
    ['971', 'Les Abymes', 'Les Abymes', 'aux Abymes', 'des Abymes'],
    ['971', 'Le Gosier', 'Le Gosier', 'au Gosier', 'du Gosier'],
    ['971', 'Pointe-à-Pitre', 'Pointe-à-Pitre', 'à Pointe-à-Pitre', 'de Pointe-à-Pitre'],
    // La Réunion
    ['974', 'Le Tampon', 'Le Tampon', 'au Tampon', 'du Tampon'],
    ['974', "L'Étang-Salé", 'L’Étang-Salé', 'à L’Étang-Salé', 'de L’Étang-Salé'],
    ['974', 'Entre-Deux', 'Entre-Deux', 'à Entre-Deux', 'd’Entre-Deux'],
    ['974', 'La Plaine-des-Palmistes', 'La Plaine-des-Palmistes', 'à La Plaine-des-Palmistes', 'de La Plaine-des-Palmistes'],
    ['974', 'Les Trois-Bassins', 'Les Trois-Bassins', 'aux Trois-Bassins', 'des Trois-Bassins'],
    ['974', 'Saint-Denis', 'Saint-Denis', 'à Saint-Denis', 'de Saint-Denis'],
    // Guyane
    ['973', 'Cayenne', 'Cayenne', 'à Cayenne', 'de Cayenne'],
    ['973', 'Awala-Yalimapo', 'Awala-Yalimapo', 'à Awala-Yalimapo', 'd’Awala-Yalimapo'],
    ['973', 'Iracoubo', 'Iracoubo', 'à Iracoubo', 'd’Iracoubo'],
    // Mayotte
    ['976', 'Mamoudzou', 'Mamoudzou', 'à Mamoudzou', 'de Mamoudzou'],
    ['976', 'Ouangani', 'Ouangani', 'à Ouangani', 'd’Ouangani'],
    ['976', "M'Tsangamouji", 'M’Tsangamouji', 'à M’Tsangamouji', 'de M’Tsangamouji'],
    // Corse
    ['2A', 'Ajaccio', 'Ajaccio', 'à Ajaccio', 'd’Ajaccio'],
    ['2B', "L'Île-Rousse", 'L’Île-Rousse', 'à L’Île-Rousse', 'de L’Île-Rousse'],
    ['2B', 'Bastia', 'Bastia', 'à Bastia', 'de Bastia'],
    // Hauts-de-France: INSEE says which h is mute (d’Hazebrouck, d’Hirson) and which is not (de Hannapes).
    ['59', 'Le Quesnoy', 'Le Quesnoy', 'au Quesnoy', 'du Quesnoy'],
    ['59', 'Hazebrouck', 'Hazebrouck', 'à Hazebrouck', 'd’Hazebrouck'],
    ['59', 'Lille', 'Lille', 'à Lille', 'de Lille'],
    ['59', 'Le Cateau-Cambrésis', 'Le Cateau-Cambrésis', 'au Cateau-Cambrésis', 'du Cateau-Cambrésis'],
    ['02', 'Hirson', 'Hirson', 'à Hirson', 'd’Hirson'],
    ['02', 'Hannapes', 'Hannapes', 'à Hannapes', 'de Hannapes'],
    // Elsewhere, the rarer articles: Aux (TNCC 6) contracts as les; Los (8) never contracts.
    ['76', 'Le Havre', 'Le Havre', 'au Havre', 'du Havre'],
    ['78', 'Les Mureaux', 'Les Mureaux', 'aux Mureaux', 'des Mureaux'],
    ['60', 'Aux Marais', 'Aux Marais', 'aux Marais', 'des Marais'],
    ['66', 'Los Masos', 'Los Masos', 'à Los Masos', 'de Los Masos'],
    // TNCC 0 although the name opens with its article.
    ['63', 'Le Vernet-Chaméane', 'Le Vernet-Chaméane', 'au Vernet-Chaméane', 'du Vernet-Chaméane'],
  ])('%s %s', (department, name, alone, at, of) => {
    const commune = insee(name, department);
    const phrase = communePhrase(commune.nom, commune.typeLiaison ?? null);
    expect([definite(phrase), withPreposition('à', phrase), withPreposition('de', phrase)]).toEqual([alone, at, of]);
  });

  it('guesses the article from the name when INSEE gives no TNCC', () => {
    const at = (name: string) => withPreposition('à', communePhrase(name, null));
    const of = (name: string) => withPreposition('de', communePhrase(name, null));
    expect([at('Le Lamentin'), of('Les Abymes'), at('La Foa'), of("L'Île-Rousse"), of('Ajaccio'), of('Lille')]).toEqual([
      'au Lamentin',
      'des Abymes',
      'à La Foa',
      'de L’Île-Rousse',
      'd’Ajaccio',
      'de Lille',
    ]);
  });

  it('gives every commune of the data a phrase whose name reads back unchanged', () => {
    for (const c of communes) {
      const phrase = communePhrase(c.nom, c.typeLiaison ?? null);
      expect(definite(phrase)).toBe(frenchTypography(c.nom));
      expect(withPreposition('à', phrase)).not.toMatch(/^à (?:Le|Les|Aux) /u);
      expect(withPreposition('de', phrase)).not.toMatch(/^de (?:Le|Les|Aux) |^de [AEIOUÉÈÎ]/u);
    }
  });
});

describe('the commune of a dossier, from the reference data', () => {
  it('carries its TNCC', () => {
    expect(lookupCommune('97213')).toMatchObject({ name: 'Le Lamentin', articleType: 2, departmentCode: '972', regionCode: '02' });
    expect(lookupCommune('2A004')).toMatchObject({ name: 'Ajaccio', articleType: 1 });
    expect(lookupCommune('97213')?.postalCodes).toEqual(['97232']);
  });

  it.each([
    ['Le Lamentin', '972', '97213'],
    ['le lamentin', '972', '97213'],
    ['LAMENTIN', '972', '97213'],
    ['Trois Ilets', '972', '97231'],
    ['les trois-îlets', '972', '97231'],
    ["Anses d'Arlet", '972', '97202'],
    ['Les Anses-d’Arlet', '972', '97202'],
    ['St-Pierre', '972', '97225'],
    ['Ajaccio', '2a', '2A004'],
    ['Ile Rousse', '2B', '2B134'],
    ['Abymes', '971', '97101'],
    // Lamentin, in Guadeloupe, is called Le Lamentin but written without its article.
    ['Le Lamentin', '971', '97115'],
    ['Hirson', '2', '02381'],
  ])('finds %s in %s', (name, department, code) => {
    expect(lookupCommuneByName(name, department)?.code).toBe(code);
  });

  it('finds nothing rather than a guess', () => {
    expect(lookupCommuneByName('Le Lamentin', '974')).toBeUndefined();
    expect(lookupCommuneByName('Lamentinville', '972')).toBeUndefined();
    expect(lookupCommuneByName('Lille', '99')).toBeUndefined();
    // Vergné and La Vergne (Charente-Maritime): « Les Vergne » could be either.
    expect(lookupCommuneByName('Les Vergne', '17')).toBeUndefined();
    expect(lookupCommuneByName('La Vergne', '17')?.name).toBe('La Vergne');
  });
});

describe('gender', () => {
  it('reads the civility', () => {
    expect([genderOf('Mme'), genderOf('M.'), genderOf(''), genderOf('Dr')]).toEqual(['f', 'm', null, null]);
  });

  it.each([
    ['directeur général', 'directrice générale'],
    ['directeur général adjoint', 'directrice générale adjointe'],
    ['directeur général de l’agence régionale de santé', 'directrice générale de l’agence régionale de santé'],
    ['directeur', 'directrice'],
    ['Directeur de l’offre de soins', 'Directrice de l’offre de soins'],
    ['président de séance', 'présidente de séance'],
    ['vice-président', 'vice-présidente'],
    ['référent', 'référente'],
    ['chargé de mission', 'chargée de mission'],
    ['secrétaire', 'secrétaire'],
    ['secrétaire général', 'secrétaire générale'],
    ['délégué départemental', 'déléguée départementale'],
    ['administrateur', 'administratrice'],
    ['inspecteur principal', 'inspectrice principale'],
    ['médecin inspecteur de santé publique', 'médecin inspectrice de santé publique'],
    ['conseiller technique', 'conseillère technique'],
    ['infirmier coordinateur', 'infirmière coordinatrice'],
    ['chef de service', 'cheffe de service'],
    ['ingénieur d’études sanitaires', 'ingénieure d’études sanitaires'],
    ['chirurgien-dentiste', 'chirurgienne-dentiste'],
    ['pharmacien', 'pharmacienne'],
    ['masseur-kinésithérapeute', 'masseuse-kinésithérapeute'],
    ['sous-préfet', 'sous-préfète'],
    ['membre suppléant', 'membre suppléante'],
    ['représentant des usagers', 'représentante des usagers'],
    ['élu', 'élue'],
    ['directeur adjoint, chargé de la stratégie', 'directrice adjointe, chargée de la stratégie'],
    ['DIRECTEUR GÉNÉRAL', 'DIRECTRICE GÉNÉRALE'],
    ['directeur général de l’ARS', 'directrice générale de l’ARS'],
    // Past participles and adjectives of the minutes.
    ['déporté', 'déportée'],
    ['représenté', 'représentée'],
    ['présent', 'présente'],
    ['absent', 'absente'],
    ['excusé', 'excusée'],
    ['il', 'elle'],
    ['Il', 'Elle'],
  ])('%s → %s', (masculine, feminine) => {
    expect(agree(masculine, 'f')).toBe(feminine);
    expect(agree(masculine, 'm')).toBe(masculine);
    expect(agree(masculine, null)).toBe(masculine);
    // Back and forth: a feminine title given with a man's civility reads masculine again.
    expect(agree(feminine, 'm')).toBe(masculine);
    expect(agree(feminine, 'f')).toBe(feminine);
  });

  it('tells the gender a title is written in', () => {
    expect(['Directeur général', 'Directrice générale', 'Secrétaire générale', 'secrétaire', 'médecin'].map(titleGender)).toEqual([
      'm',
      'f',
      'f',
      null,
      null,
    ]);
  });
});

describe('titles with their article', () => {
  it.each<[string, Gender | null, string, string, string, string]>([
    ['directeur général', 'f', 'la directrice générale', 'à la directrice générale', 'de la directrice générale', 'sa directrice générale'],
    ['directeur général', 'm', 'le directeur général', 'au directeur général', 'du directeur général', 'son directeur général'],
    ['Directrice générale', null, 'la directrice générale', 'à la directrice générale', 'de la directrice générale', 'sa directrice générale'],
    ['Directrice générale', 'm', 'le directeur général', 'au directeur général', 'du directeur général', 'son directeur général'],
    ['Directeur Général', 'f', 'la directrice générale', 'à la directrice générale', 'de la directrice générale', 'sa directrice générale'],
    ['administrateur provisoire', 'f', 'l’administratrice provisoire', 'à l’administratrice provisoire', 'de l’administratrice provisoire', 'son administratrice provisoire'],
    ['inspecteur', 'm', 'l’inspecteur', 'à l’inspecteur', 'de l’inspecteur', 'son inspecteur'],
    ['président de séance', 'f', 'la présidente de séance', 'à la présidente de séance', 'de la présidente de séance', 'sa présidente de séance'],
    ['secrétaire', null, 'le secrétaire', 'au secrétaire', 'du secrétaire', 'son secrétaire'],
    ['Directeur de l\'offre de soins', 'f', 'la directrice de l’offre de soins', 'à la directrice de l’offre de soins', 'de la directrice de l’offre de soins', 'sa directrice de l’offre de soins'],
    ['DG adjoint', 'f', 'la DG adjointe', 'à la DG adjointe', 'de la DG adjointe', 'sa DG adjointe'],
  ])('%s (%s)', (title, gender, alone, at, of, his) => {
    const phrase = titlePhrase(title, gender);
    expect([definite(phrase), withPreposition('à', phrase), withPreposition('de', phrase), possessive(phrase, 3)]).toEqual([alone, at, of, his]);
  });

  it('signs « Pour la directrice générale et par délégation », « La présidente de séance »', () => {
    expect(`Pour ${definite(titlePhrase('Directeur général', genderOf('Mme')))} et par délégation`).toBe(
      'Pour la directrice générale et par délégation',
    );
    expect(`représentée par ${possessive(titlePhrase('Directeur général', genderOf('Mme')), 3)}`).toBe('représentée par sa directrice générale');
  });
});

describe('structures', () => {
  it.each<['ESP' | 'MSP' | 'CPTS' | 'CDS', string, string, string]>([
    ['ESP', 'ESP du Nord Caraïbe', 'l’ESP du Nord Caraïbe', 'de l’ESP du Nord Caraïbe'],
    ['ESP', 'Équipe de soins primaires du Sud', 'l’Équipe de soins primaires du Sud', 'de l’Équipe de soins primaires du Sud'],
    ['ESP', 'equipe de soins primaires de Thiérache', 'l’equipe de soins primaires de Thiérache', 'de l’equipe de soins primaires de Thiérache'],
    ['ESP', 'Pôle santé Sud', 'l’ESP « Pôle santé Sud »', 'de l’ESP « Pôle santé Sud »'],
    ['ESP', 'Espace santé Nord', 'l’ESP « Espace santé Nord »', 'de l’ESP « Espace santé Nord »'],
    ['ESP', "L'ESP des Trois-Îlets", 'l’ESP des Trois-Îlets', 'de l’ESP des Trois-Îlets'],
    ['MSP', 'Les Lilas', 'la MSP « Les Lilas »', 'de la MSP « Les Lilas »'],
    ['MSP', 'MSP du Robert', 'la MSP du Robert', 'de la MSP du Robert'],
    ['MSP', 'Maison de santé de Sainte-Luce', 'la Maison de santé de Sainte-Luce', 'de la Maison de santé de Sainte-Luce'],
    ['MSP', 'La MSP des Lilas', 'la MSP des Lilas', 'de la MSP des Lilas'],
    ['CPTS', 'Centre Martinique', 'la CPTS « Centre Martinique »', 'de la CPTS « Centre Martinique »'],
    ['CPTS', 'CPTS Centre Martinique', 'la CPTS Centre Martinique', 'de la CPTS Centre Martinique'],
    ['CPTS', 'Communauté professionnelle du Lamentin', 'la Communauté professionnelle du Lamentin', 'de la Communauté professionnelle du Lamentin'],
    ['CDS', 'Henri Dunant', 'le centre de santé « Henri Dunant »', 'du centre de santé « Henri Dunant »'],
    ['CDS', 'Centre de santé Henri Dunant', 'le Centre de santé Henri Dunant', 'du Centre de santé Henri Dunant'],
    ['CDS', 'CDS de Cayenne', 'le CDS de Cayenne', 'du CDS de Cayenne'],
  ])('%s %s', (type, name, alone, of) => {
    const phrase = structurePhrase(type, name);
    expect([definite(phrase), withPreposition('de', phrase)]).toEqual([q(alone), q(of)]);
  });

  it('is referred to by « Référente de l’ESP … », never « de « ESP … » »', () => {
    const structure = structurePhrase('ESP', 'ESP du Nord Caraïbe');
    expect(`${agree('Référent', genderOf('Mme'))} ${withPreposition('de', structure)}`).toBe('Référente de l’ESP du Nord Caraïbe');
    expect(possessive(structurePhrase('ESP', 'Pôle santé Sud'), 3)).toBe(q('son ESP « Pôle santé Sud »'));
    expect(possessive(structurePhrase('MSP', 'Les Lilas'), 3)).toBe(q('sa MSP « Les Lilas »'));
  });
});

describe('a legal form in running text', () => {
  it.each([
    ['Association loi 1901', 'association loi 1901'],
    ['Société Civile de Moyens (SCM)', 'société civile de moyens (SCM)'],
    ['SISA', 'SISA'],
    ["Société Interprofessionnelle de Soins Ambulatoires", 'société interprofessionnelle de soins ambulatoires'],
    ['Société d\'exercice libéral à responsabilité limitée (SELARL)', 'société d’exercice libéral à responsabilité limitée (SELARL)'],
    ['SAS', 'SAS'],
  ])('%s', (typed, written) => {
    expect(commonNoun(typed)).toBe(written);
  });
});

describe('the agency as a party', () => {
  it.each([
    ['Agence régionale de santé Hauts-de-France', 'l’Agence régionale de santé Hauts-de-France', 'de l’Agence régionale de santé Hauts-de-France'],
    ['Agence Régionale de Santé Île-de-France', 'l’Agence Régionale de Santé Île-de-France', 'de l’Agence Régionale de Santé Île-de-France'],
    ['ARS Martinique', 'l’ARS Martinique', 'de l’ARS Martinique'],
    ["L'Agence régionale de santé Occitanie", 'l’Agence régionale de santé Occitanie', 'de l’Agence régionale de santé Occitanie'],
    ['Agence de santé de Guadeloupe, Saint-Martin et Saint-Barthélemy', 'l’Agence de santé de Guadeloupe, Saint-Martin et Saint-Barthélemy', 'de l’Agence de santé de Guadeloupe, Saint-Martin et Saint-Barthélemy'],
  ])('%s', (name, alone, of) => {
    const phrase = agencyPhrase(name);
    expect([definite(phrase), withPreposition('de', phrase)]).toEqual([alone, of]);
  });
});

describe('elision', () => {
  it.each([
    ['que', 'équipe de soins primaires', 'qu’'],
    ['que', 'centre de santé', 'que'],
    ['Que', 'Ajaccio', 'Qu’'],
    ['de', 'hôpital', 'd’'],
    ['de', 'handicap', 'de'],
    ['de', 'hiérarchie', 'de'],
    ['le', 'hameau', 'le'],
    ['la', 'hausse', 'la'],
    ['la', 'ARS', 'l’'],
    ['la', 'HAS', 'la'],
    ['de', 'MSP', 'de'],
    ['de', 'ESP', 'd’'],
    ['le', 'yaourt', 'le'],
    ['de', 'Yvetot', 'd’'],
    ['le', 'onze', 'le'],
    ['jusque', 'au', 'jusqu’'],
    ['lorsque', 'elle', 'lorsqu’'],
    ['puisque', 'il', 'puisqu’'],
    ['si', 'il', 's’'],
    ['si', 'elle', 'si'],
    ['ne', 'a', 'n’'],
    ['se', 'est', 's’'],
    ['ce', 'est', 'c’'],
    ['LE', 'ÉQUIPE', 'L’'],
    ['pour', 'équipe', 'pour'],
  ])('%s + %s → %s', (word, next, expected) => {
    expect(elide(word, next)).toBe(expected);
  });

  it('hears a vowel where French does', () => {
    expect(['équipe', 'Hazebrouck', 'hôpital', 'Île', '  ouest', 'ARS'].map(startsWithVowelSound)).toEqual([true, true, true, true, true, true]);
    expect(['handicap', 'Hauts-de-France', 'CPTS', 'huit', '« équipe »', '12', ''].map(startsWithVowelSound)).toEqual([
      false, false, false, false, false, false, false,
    ]);
  });

  it('follows INSEE over the spelling for a commune', () => {
    const hannapes = communePhrase('Hannapes', 0);
    const ajaccio = communePhrase('Ajaccio', 1);
    expect([elide('que', hannapes), elide('que', ajaccio), elide('que', communePhrase('Le Lamentin', 2))]).toEqual(['que', 'qu’', 'que']);
  });
});

describe('filling a paragraph', () => {
  const lamentin = communePhrase('Le Lamentin', 2);
  const values: TemplateValues = {
    'dossier.depot': '28 septembre 2026',
    'dossier.numero': '24001101',
    'dossier.nom': 'ESP du Centre',
    'dossier.type': 'équipe de soins primaires',
    'dossier.commune': lamentin,
    'dossier.structure': structurePhrase('ESP', 'ESP du Centre'),
    'dg.titre': titlePhrase('Directeur général', 'f'),
    'signataire.titre': titlePhrase('Directeur de l’offre de soins', 'm'),
    'porteur.qualite': agree('référent', 'f'),
  };

  it('writes the default request paragraph right', () => {
    expect(fillTemplate(defaultTemplates.letterRequest, values)).toBe(
      'Vous avez déposé le 28 septembre 2026, sur la plateforme Démarches Simplifiées (dossier n° 24001101), une demande de reconnaissance en tant qu’équipe de soins primaires pour le projet de l’ESP du Centre, situé au Lamentin.',
    );
  });

  it.each<[string, TemplateValues, string]>([
    ['implantée à {{dossier.commune}}.', { 'dossier.commune': lamentin }, 'implantée au Lamentin.'],
    ['implantée à {{dossier.commune}}.', { 'dossier.commune': communePhrase('Les Trois-Îlets', 4) }, 'implantée aux Trois-Îlets.'],
    ['implantée à {{dossier.commune}}.', { 'dossier.commune': communePhrase("L'Ajoupa-Bouillon", 5) }, 'implantée à L’Ajoupa-Bouillon.'],
    ['les habitants de {{dossier.commune}}', { 'dossier.commune': communePhrase('Ajaccio', 1) }, 'les habitants d’Ajaccio'],
    ['les habitants de {{dossier.commune}}', { 'dossier.commune': communePhrase('Le Robert', 2) }, 'les habitants du Robert'],
    ['les habitants d’{{dossier.commune}}', { 'dossier.commune': communePhrase('Le Robert', 2) }, 'les habitants du Robert'],
    ['les habitants d’{{dossier.commune}}', { 'dossier.commune': communePhrase('Lille', 0) }, 'les habitants de Lille'],
    ['À {{dossier.commune}}, le projet', { 'dossier.commune': lamentin }, 'Au Lamentin, le projet'],
    ['{{dossier.commune}} accueille', { 'dossier.commune': lamentin }, 'Le Lamentin accueille'],
    // A commune still passed as text contracts all the same.
    ['implantée à {{dossier.commune}}.', { 'dossier.commune': 'Le Lamentin' }, 'implantée au Lamentin.'],
    ['implantée à {{dossier.commune}}.', { 'dossier.commune': 'Les Trois-Îlets' }, 'implantée aux Trois-Îlets.'],
    ['en tant que {{dossier.type}}', { 'dossier.type': 'équipe de soins primaires' }, 'en tant qu’équipe de soins primaires'],
    ['en tant que {{dossier.type}}', { 'dossier.type': 'centre de santé' }, 'en tant que centre de santé'],
    ['en tant qu’{{dossier.type}}', { 'dossier.type': 'centre de santé' }, 'en tant que centre de santé'],
    ['le projet de {{dossier.nom}}', { 'dossier.nom': 'Équipe du Nord' }, 'le projet d’Équipe du Nord'],
    ['le projet de « {{dossier.nom}} »', { 'dossier.nom': 'Équipe du Nord' }, 'le projet de « Équipe du Nord »'],
    ['le projet de {{dossier.structure}}', { 'dossier.structure': structurePhrase('ESP', 'Pôle santé Sud') }, q('le projet de l’ESP « Pôle santé Sud »')],
    ['le projet de la {{dossier.structure}}', { 'dossier.structure': structurePhrase('MSP', 'Les Lilas') }, q('le projet de la MSP « Les Lilas »')],
    ['Pour {{dg.titre}} et par délégation', values, 'Pour la directrice générale et par délégation'],
    ['Pour le {{dg.titre}} et par délégation', values, 'Pour la directrice générale et par délégation'],
    ['représentée par son {{dg.titre}}', values, 'représentée par sa directrice générale'],
    ['recours gracieux auprès de {{dg.titre}}', values, 'recours gracieux auprès de la directrice générale'],
    ['adressé au {{dg.titre}}', values, 'adressé à la directrice générale'],
    ['{{signataire.titre}} signe.', values, 'Le directeur de l’offre de soins signe.'],
    ['Fait. {{dg.titre}} décide.', values, 'Fait. La directrice générale décide.'],
    ['{{dossier.type}} reconnue', values, 'Équipe de soins primaires reconnue'],
    ['M. {{porteur.nom}}', { 'porteur.nom': 'de La Tour' }, 'M. de La Tour'],
    ['en qualité de {{porteur.qualite}}', values, 'en qualité de référente'],
    ['dossier n° {{dossier.numero}} du {{dossier.depot}}', values, 'dossier n° 24001101 du 28 septembre 2026'],
    ['absent : {{aide.montant}}', values, 'absent : …'],
    // Elsewhere the agency's words stay as typed.
    ['Le projet de santé en tant que tel. {{dossier.numero}}', values, 'Le projet de santé en tant que tel. 24001101'],
    ['{{dossier.numero}}{{dossier.commune}}', { 'dossier.numero': '12', 'dossier.commune': lamentin }, '12Le Lamentin'],
  ])('%s', (template, given, expected) => {
    expect(fillTemplate(template, given)).toBe(expected);
  });

  it('keeps an agency-rewritten paragraph in correct French', () => {
    const rewritten =
      'Par courrier du {{dossier.depot}}, {{dossier.structure}}, implantée à {{dossier.commune}}, a sollicité de {{dg.titre}} sa reconnaissance en tant que {{dossier.type}}. Le dossier de {{dossier.structure}} a été instruit par {{signataire.titre}}.';
    const filled = fillTemplate(rewritten, {
      ...values,
      'dossier.structure': structurePhrase('ESP', 'Pôle santé Sud'),
      'dossier.commune': communePhrase('Les Anses-d’Arlet', 4),
      'signataire.titre': titlePhrase('Directrice adjointe de l’offre de soins', null),
    });
    expect(filled).toBe(
      q(
        'Par courrier du 28 septembre 2026, l’ESP « Pôle santé Sud », implantée aux Anses-d’Arlet, a sollicité de la directrice générale sa reconnaissance en tant qu’équipe de soins primaires. Le dossier de l’ESP « Pôle santé Sud » a été instruit par la directrice adjointe de l’offre de soins.',
      ),
    );
  });

  it('never leaves the errors seen on real documents', () => {
    const sentences = [
      fillTemplate('en tant que {{dossier.type}}', values),
      fillTemplate('implantée à {{dossier.commune}}', { 'dossier.commune': communePhrase('Le Lamentin', 2) }),
      fillTemplate('à {{dossier.commune}}', { 'dossier.commune': 'Les Trois-Îlets' }),
      fillTemplate('Référente de {{dossier.structure}}', values),
      fillTemplate('représentée par son {{dg.titre}}', values),
      fillTemplate('Pour le {{dg.titre}} et par délégation', values),
    ].join(' ');
    expect(sentences).not.toMatch(/que é|à Le |à Les |de « ESP|son directrice|le directrice/u);
  });
});

describe('straight quotation marks typed in a paragraph', () => {
  it.each([
    ['le projet "Santé Sud" est reconnu', `le projet «${NBSP}Santé Sud${NBSP}» est reconnu`],
    ['"Oui", dit-il ; "non"', `«${NBSP}Oui${NBSP}», dit-il${'\u202f'}; «${NBSP}non${NBSP}»`],
    // An inch mark, or a quotation left open, leaves every mark as typed.
    ['un écran de 24" et un de 27"', 'un écran de 24" et un de 27"'],
    ['écran 24" et "texte"', 'écran 24" et "texte"'],
    ['il dit "oui', 'il dit "oui'],
  ])('%s', (typed, expected) => {
    expect(frenchTypography(typed)).toBe(expected);
    expect(frenchTypography(frenchTypography(typed))).toBe(expected);
  });
});

describe('dates on screen', () => {
  it('write the first of the month 1er, as the documents do', () => {
    expect(formatDay('2026-10-01')).toBe('1er octobre 2026');
    expect(formatDay('2026-12-10')).toBe('10 décembre 2026');
    expect(formatShortDay('2026-11-01')).toBe('1er nov. 2026');
    expect(formatShortDay(new Date(2026, 1, 1, 12).toISOString())).toBe('1er févr. 2026');
    expect(formatInstant(new Date(2026, 9, 1, 19, 5).toISOString())).toBe('1er octobre 2026 à 19:05');
  });
});

describe('what a save from an older version is told, for every kind of record', () => {
  const stamp = { version: 3, changedBy: 'Claire Martin', changedAt: '2026-12-04T13:32:00.000Z' };
  it.each([
    ['dossier', 'Ce dossier a été modifié par Claire Martin', 'Rechargez-le pour voir ses changements.', 'Ce dossier a été supprimé', 'sans lui.'],
    ['item', "Ce point de l'ordre du jour a été modifié", 'Rechargez-le', "Ce point de l'ordre du jour a été supprimé", 'sans lui.'],
    ['session', 'Cette séance a été modifiée', 'Rechargez-la', 'Cette séance a été supprimée', 'sans elle.'],
    ['mapping', 'Cette correspondance de colonnes a été modifiée', 'Rechargez-la', 'Cette correspondance de colonnes a été supprimée', 'sans elle.'],
    ['settings', 'Ces paramètres ont été modifiés', 'Rechargez-les pour voir leurs changements.', 'Ces paramètres ont été supprimés', 'sans eux.'],
    ['report', 'Ce justificatif a été modifié', 'Rechargez-le', 'Ce justificatif a été supprimé', 'sans lui.'],
  ] as const)('%s', (kind, changedStart, changedEnd, deletedStart, deletedEnd) => {
    const changed = staleVersionMessage(kind, stamp);
    expect(changed.startsWith(changedStart)).toBe(true);
    expect(changed).toMatch(/\sle\s4\sdécembre\s2026\sà\s\d{1,2}\sh\s32, après votre ouverture\.\s/u);
    expect(changed).toContain(changedEnd);
    const deleted = deletedVersionMessage(kind);
    expect(deleted.startsWith(`${deletedStart} après votre ouverture : rechargez pour continuer`)).toBe(true);
    expect(deleted.endsWith(deletedEnd)).toBe(true);
  });
});
