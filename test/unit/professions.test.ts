import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classifyProfession,
  isHealthProfession,
  professionCategories,
  professionCategoryLabels,
  type ProfessionCategory,
} from '../../shared/professions';
import { foldText } from '../../shared/text';

/** What people type, and what it must come out as. */
const spellings: [string, ProfessionCategory, string][] = [
  ['Médecin généraliste', 'gp', 'Médecin généraliste'],
  ['medecin generaliste', 'gp', 'Médecin généraliste'],
  ['MG', 'gp', 'Médecin généraliste'],
  ['médecin traitant', 'gp', 'Médecin généraliste'],
  ['Généraliste', 'gp', 'Médecin généraliste'],
  ['Médecine générale', 'gp', 'Médecin généraliste'],
  ['Pédiatre', 'other_medical', 'Médecin spécialiste'],
  ['Psychiatre', 'other_medical', 'Médecin spécialiste'],
  ['Cardiologue', 'other_medical', 'Médecin spécialiste'],
  ['Médecin coordonnateur', 'other_medical', 'Médecin spécialiste'],
  ['dentiste', 'other_medical', 'Chirurgien-dentiste'],
  ['Chirurgien(ne)-dentiste', 'other_medical', 'Chirurgien-dentiste'],
  ['sage femme', 'other_medical', 'Sage-femme'],
  ['Sage-femme', 'other_medical', 'Sage-femme'],
  ['Maïeuticien', 'other_medical', 'Sage-femme'],
  ['Pharmacien(ne)', 'pharmacist', 'Pharmacien'],
  ["pharmacien d'officine", 'pharmacist', 'Pharmacien'],
  ['Pharmacienne titulaire', 'pharmacist', 'Pharmacien'],
  ['Infirmier(ère)', 'paramedical', 'Infirmier'],
  ['Infirmière', 'paramedical', 'Infirmier'],
  ['infirmier·e', 'paramedical', 'Infirmier'],
  ['Infirmier/ère', 'paramedical', 'Infirmier'],
  ['IDE', 'paramedical', 'Infirmier'],
  ['I.D.E.', 'paramedical', 'Infirmier'],
  ['IDEL', 'paramedical', 'Infirmier'],
  ['Infirmière coordinatrice', 'paramedical', 'Infirmier'],
  ['Puéricultrice', 'paramedical', 'Infirmier puériculteur'],
  ['IPA', 'paramedical', 'Infirmier en pratique avancée'],
  ['Infirmier(ère) en pratique avancée', 'paramedical', 'Infirmier en pratique avancée'],
  ['kiné', 'paramedical', 'Masseur-kinésithérapeute'],
  ['MK', 'paramedical', 'Masseur-kinésithérapeute'],
  ['masseur kinésithérapeute', 'paramedical', 'Masseur-kinésithérapeute'],
  ['Masseuse-kinésithérapeute', 'paramedical', 'Masseur-kinésithérapeute'],
  ['Kiné ostéopathe', 'paramedical', 'Masseur-kinésithérapeute'],
  ['Pédicure-podologue', 'paramedical', 'Pédicure-podologue'],
  ['Podologue', 'paramedical', 'Pédicure-podologue'],
  ['Ergothérapeute', 'paramedical', 'Ergothérapeute'],
  ['Psychomotricienne', 'paramedical', 'Psychomotricien'],
  ['orthophoniste', 'paramedical', 'Orthophoniste'],
  ['Orthoptiste', 'paramedical', 'Orthoptiste'],
  ['Diététicienne', 'paramedical', 'Diététicien'],
  ["Manipulatrice d'électroradiologie médicale", 'paramedical', "Manipulateur d'électroradiologie médicale"],
  ['Technicien de laboratoire', 'paramedical', 'Technicien de laboratoire médical'],
  ['Audioprothésiste', 'paramedical', 'Audioprothésiste'],
  ['Opticienne-lunetière', 'paramedical', 'Opticien-lunetier'],
  ['Podo-orthésiste', 'paramedical', 'Prothésiste et orthésiste'],
  ['Aide-soignant(e)', 'other_health', 'Aide-soignant'],
  ['Auxiliaire de puériculture', 'other_health', 'Auxiliaire de puériculture'],
  ['Ambulancier', 'other_health', 'Ambulancier'],
  ['Assistante dentaire', 'other_health', 'Assistant dentaire'],
  ['Préparatrice en pharmacie', 'other_health', 'Préparateur en pharmacie'],
  ['psychologue', 'not_health', 'Psychologue'],
  ['Neuropsychologue', 'not_health', 'Psychologue'],
  ['ostéopathe', 'not_health', 'Ostéopathe'],
  ['Chiropracteur', 'not_health', 'Chiropracteur'],
  ['Assistante sociale', 'not_health', 'Assistant de service social'],
  ['Assistant de service social', 'not_health', 'Assistant de service social'],
  ['Secrétaire médicale', 'not_health', 'Secrétaire'],
  ['Assistant médical', 'not_health', 'Assistant médical'],
  ['Coordinatrice', 'not_health', 'Coordinateur'],
  ['Coordonnateur de parcours', 'not_health', 'Coordinateur'],
  ['Médiateur en santé', 'not_health', 'Médiateur en santé'],
  ['Enseignant APA', 'not_health', 'Enseignant en activité physique adaptée'],
  ['Prothésiste dentaire', 'not_health', 'Prothésiste dentaire'],
];

describe('classifyProfession', () => {
  it.each(spellings)('%s → %s (%s)', (text, category, label) => {
    expect(classifyProfession(text)).toMatchObject({ category, label, precise: true });
  });

  it('flags advanced-practice nurses only', () => {
    expect(classifyProfession('IPA').advancedPractice).toBe(true);
    expect(classifyProfession('Infirmière en pratique avancée').advancedPractice).toBe(true);
    expect(classifyProfession('Infirmière').advancedPractice).toBe(false);
    expect(classifyProfession('Pharmacien').advancedPractice).toBe(false);
  });

  it('asks for the specialty of a bare « Médecin »', () => {
    expect(classifyProfession('Médecin')).toEqual({
      category: 'other_medical',
      label: 'Médecin (spécialité non précisée)',
      advancedPractice: false,
      precise: false,
    });
  });

  it('keeps unknown text as typed', () => {
    expect(classifyProfession('  Boulanger ')).toEqual({
      category: 'unknown',
      label: 'Boulanger',
      advancedPractice: false,
      precise: false,
    });
  });

  it('does not care about case, accents or spacing', () => {
    const strip = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    const variant = (text: string) =>
      fc
        .tuple(
          fc.array(fc.boolean(), { minLength: text.length, maxLength: text.length }),
          fc.boolean(),
          fc.constantFrom('', ' ', '   ', '\u00a0'),
          fc.constantFrom('', ' ', '\t'),
        )
        .map(([upper, unaccented, before, after]) => {
          const cased = [...text].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join('');
          return before + (unaccented ? strip(cased) : cased).replace(/ /g, '  ') + after;
        });
    fc.assert(
      fc.property(
        fc.constantFrom(...spellings).chain(([text]) => fc.tuple(fc.constant(text), variant(text))),
        ([text, typed]) => {
          expect(classifyProfession(typed)).toMatchObject({
            category: classifyProfession(text).category,
            label: classifyProfession(text).label,
          });
        },
      ),
    );
  });
});

describe('categories', () => {
  it('has a French label for each', () => {
    for (const category of professionCategories) expect(professionCategoryLabels[category]).toMatch(/\S/);
  });

  it('counts the 4th part of the code de la santé publique only', () => {
    expect(professionCategories.filter(isHealthProfession)).toEqual([
      'gp',
      'other_medical',
      'pharmacist',
      'paramedical',
      'other_health',
    ]);
  });
});

describe('foldText', () => {
  it('folds case, accents, ligatures and punctuation', () => {
    expect(foldText("  Sœur Thérèse-d'Avila  ")).toBe('soeur therese d avila');
    expect(foldText('projet-de-santé_v2.PDF')).toBe('projet de sante v2 pdf');
  });
});
