import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  structureTypes,
  type DossierData,
  type Professional,
} from '../../shared/dossier';
import { sampleDossier } from '../support/samples';
import {
  checkEligibility,
  compositionRulesSchema,
  defaultCompositionRules,
  ruleLabels,
  type CommuneInfo,
  type EligibilityContext,
  type RuleId,
} from '../../shared/eligibility';

/** The communes involved, as @etalab/decoupage-administratif gives them. */
const communes: Record<string, CommuneInfo> = {
  '02381': { name: 'Hirson', departmentCode: '02', regionCode: '32' },
  '59392': { name: 'Maubeuge', departmentCode: '59', regionCode: '32' },
  '02173': { name: 'Chauny', departmentCode: '02', regionCode: '32' },
  '80001': { name: 'Abbeville', departmentCode: '80', regionCode: '32' },
  '80620': { name: 'Péronne', departmentCode: '80', regionCode: '32' },
  '62498': { name: 'Lens', departmentCode: '62', regionCode: '32' },
  // Hirson's postal code is the INSEE code of another commune of the Aisne.
  '02500': { name: 'Montbrehain', departmentCode: '02', regionCode: '32' },
  '02691': { name: 'Saint-Quentin', departmentCode: '02', regionCode: '32' },
  '75056': { name: 'Paris', departmentCode: '75', regionCode: '11' },
};

/** Hauts-de-France, with the signed projet de santé attached. */
function context(overrides: Partial<EligibilityContext> = {}): EligibilityContext {
  return {
    regionCode: '32',
    lookupCommune: (code) => communes[code],
    rules: defaultCompositionRules,
    attachments: [{ kind: 'health_project_signed' }],
    ...overrides,
  };
}

/** The six dossiers of the sample XLSX export (« Dossiers » and « (3512851) Professionnels »). */
const fixture = sampleDossier;

const resultsOf = (dossier: DossierData, rule: RuleId, ctx = context()) =>
  checkEligibility(dossier, ctx).results.filter((r) => r.rule === rule);
/** Status, message and field of each result of `rule`. */
const findings = (dossier: DossierData, rule: RuleId) =>
  resultsOf(dossier, rule).map(({ status, message, field }) => ({ status, message, field }));
const only = (dossier: DossierData, rule: RuleId, ctx = context()) => {
  const results = resultsOf(dossier, rule, ctx);
  expect(results).toHaveLength(1);
  return results[0]!;
};
/** A fixture dossier with some fields replaced. */
const variant = (id: number, change: (d: DossierData) => void): DossierData => {
  const dossier = structuredClone(fixture(id));
  change(dossier);
  return dossier;
};
const professional = (profession: string, lastName = 'Martin', identifier = ''): Professional => ({
  lastName,
  firstName: 'Camille',
  profession,
  identifier,
  communeCode: '',
  communeName: '',
  role: '',
});

describe('the Hauts-de-France sample dossiers', () => {
  it.each([24001101, 24001102, 24001104, 24001105])('%i is eligible, with nothing to look at', (id) => {
    const eligibility = checkEligibility(fixture(id), context());
    expect(eligibility).toMatchObject({ eligible: true, blocking: 0, warnings: 0 });
  });

  it('24001103 (ESP) is not: no GP, and the psychologist does not count', () => {
    const eligibility = checkEligibility(fixture(24001103), context());
    expect(eligibility.eligible).toBe(false);
    expect(only(fixture(24001103), 'composition')).toEqual({
      rule: 'composition',
      label: "Composition de l'équipe",
      status: 'fail',
      message:
        '1 professionnel de santé (minimum 2), aucun médecin généraliste (minimum 1), 1 professionnel paramédical ' +
        '(minimum 1). Alice Blanc (Psychologue) ne compte pas : profession hors du code de la santé publique.',
      field: 'professionals',
    });
    // It also asks for a grant without a legal entity.
    expect(only(fixture(24001103), 'legal_entity')).toMatchObject({ status: 'fail', field: 'legalEntity.form' });
    expect(only(fixture(24001103), 'legal_entity').message).toMatch(
      /^Une aide de 15\s000\s€ est sollicitée sans structure juridique : il faut une personne morale/,
    );
  });

  it('24001106 (MSP) is not: one GP', () => {
    expect(checkEligibility(fixture(24001106), context())).toMatchObject({ eligible: false, blocking: 1 });
    expect(only(fixture(24001106), 'composition')).toMatchObject({
      status: 'fail',
      message: '1 médecin généraliste (minimum 2), 2 professionnels paramédicaux (minimum 1).',
    });
  });

  it('24001104 (CPTS) has no minimum to meet', () => {
    expect(only(fixture(24001104), 'composition')).toMatchObject({
      status: 'pass',
      message: 'Pas de composition minimale pour ce type de structure : 6 professionnels de santé.',
    });
  });
});

describe('composition', () => {
  it('follows the configured rules', () => {
    const msp = variant(24001106, (d) => d.professionals.push(professional('Pharmacienne')));
    expect(only(msp, 'composition').status).toBe('fail');
    const rules = { ...defaultCompositionRules, MSP: { ...defaultCompositionRules.MSP, minGeneralPractitioners: 1 } };
    expect(only(msp, 'composition', context({ rules })).status).toBe('pass');
  });

  it('counts a pharmacist as paramedical only when the ARS says so', () => {
    const esp = variant(24001105, (d) => {
      d.professionals = [d.professionals[0]!, professional('Pharmacien')];
    });
    expect(only(esp, 'composition').message).toBe(
      '2 professionnels de santé (minimum 2), 1 médecin généraliste (minimum 1), aucun professionnel paramédical (minimum 1).',
    );
    const rules = { ...defaultCompositionRules, ESP: { ...defaultCompositionRules.ESP, pharmacistCountsAsParamedical: true } };
    expect(only(esp, 'composition', context({ rules }))).toMatchObject({
      status: 'pass',
      message: expect.stringContaining('1 professionnel paramédical ou pharmacien (minimum 1)'),
    });
  });

  it('names who does not count, and why', () => {
    const esp = variant(24001101, (d) => {
      d.professionals.push(professional('Naturopathe', 'Roux'), professional('Ostéopathe', 'Faure'));
    });
    expect(only(esp, 'composition')).toMatchObject({
      status: 'pass',
      message: expect.stringContaining(
        'Camille Roux (Naturopathe) ne compte pas : profession hors du code de la santé publique. ' +
          'Camille Faure (Ostéopathe) ne compte pas : profession hors du code de la santé publique.',
      ),
    });
    const unknown = variant(24001101, (d) => d.professionals.push(professional('Magnétiseur', 'Roux')));
    expect(only(unknown, 'composition').message).toContain('Camille Roux (Magnétiseur) ne compte pas : profession non reconnue.');
  });

  it('counts nobody when the list is empty', () => {
    const esp = variant(24001101, (d) => (d.professionals = []));
    expect(only(esp, 'composition')).toMatchObject({
      status: 'fail',
      message: 'Aucun professionnel de santé (minimum 2), aucun médecin généraliste (minimum 1), aucun professionnel paramédical (minimum 1).',
    });
  });
});

describe('composition rules settings', () => {
  it('accept the defaults', () => {
    expect(compositionRulesSchema.parse(defaultCompositionRules)).toEqual(defaultCompositionRules);
  });

  it('refuse a negative or fractional minimum in French, and a missing structure type', () => {
    const negative = { ...defaultCompositionRules, ESP: { ...defaultCompositionRules.ESP, minGeneralPractitioners: -1 } };
    expect(compositionRulesSchema.safeParse(negative).error?.issues[0]?.message).toBe(
      'Le nombre minimal de médecins généralistes ne peut pas être négatif.',
    );
    const fractional = { ...defaultCompositionRules, MSP: { ...defaultCompositionRules.MSP, minParamedical: 1.5 } };
    expect(compositionRulesSchema.safeParse(fractional).error?.issues[0]?.message).toBe(
      'Le nombre minimal de professionnels paramédicaux doit être un nombre entier.',
    );
    const withoutCds = Object.fromEntries(Object.entries(defaultCompositionRules).filter(([type]) => type !== 'CDS'));
    expect(compositionRulesSchema.safeParse(withoutCds).success).toBe(false);
  });
});

describe('professions', () => {
  it('warns about each unrecognised or imprecise profession, naming the person', () => {
    const dossier = variant(24001101, (d) => {
      d.professionals[1]!.profession = 'Médecin';
      d.professionals[3]!.profession = 'Magnétiseuse';
    });
    expect(resultsOf(dossier, 'professions')).toEqual([
      {
        rule: 'professions',
        label: 'Professions reconnues',
        status: 'warning',
        message: "Antoine Dubois : « Médecin », préciser s'il s'agit d'un médecin généraliste.",
        field: 'professionals.1.profession',
      },
      {
        rule: 'professions',
        label: 'Professions reconnues',
        status: 'warning',
        message: 'Sonia Mercier : profession « Magnétiseuse » non reconnue, à corriger ou à préciser.',
        field: 'professionals.3.profession',
      },
    ]);
  });

  it('warns when nobody is listed', () => {
    expect(only(variant(24001104, (d) => (d.professionals = [])), 'professions')).toMatchObject({
      status: 'warning',
      message: "Aucun professionnel n'est listé dans le dossier.",
    });
  });
});

describe('identifiers', () => {
  it('warns about missing numbers and an RPPS key, and blocks a malformed number or an ADELI key', () => {
    const dossier = variant(24001101, (d) => {
      d.professionals[0]!.identifier = '';
      d.professionals[1]!.identifier = '10280798133';
      d.professionals[2]!.identifier = '1060257250';
      d.professionals[3]!.identifier = '591234560';
      d.professionals[4]!.identifier = '';
    });
    expect(findings(dossier, 'professional_identifiers')).toEqual([
      {
        status: 'warning',
        message: 'Antoine Dubois (10280798133) : le numéro RPPS est à vérifier, car sa clé de contrôle (Luhn) ne correspond pas.',
        field: 'professionals.1.identifier',
      },
      {
        status: 'fail',
        message: "Julie Carpentier (1060257250) : l'identifiant doit être un numéro RPPS (11 chiffres) ou ADELI (9 chiffres).",
        field: 'professionals.2.identifier',
      },
      {
        status: 'fail',
        message: 'Sonia Mercier (591234560) : la clé de contrôle du numéro ADELI est fausse (numéro mal recopié ?).',
        field: 'professionals.3.identifier',
      },
      {
        status: 'warning',
        message: 'Numéro RPPS ou ADELI non renseigné : Claire Lefebvre, Hugo Leclercq.',
        field: 'professionals',
      },
    ]);
  });

  it('accepts ADELI numbers with their key', () => {
    const dossier = variant(24001105, (d) => (d.professionals[2]!.identifier = '80 123 456 8'));
    expect(only(dossier, 'professional_identifiers')).toMatchObject({
      status: 'pass',
      message: 'Identifiants valides (RPPS : 2 ; ADELI : 1).',
    });
  });

  it('blocks a malformed SIRET or RNA number of the structure', () => {
    const dossier = variant(24001101, (d) => {
      d.legalEntity.siret = '55967651022977';
      d.legalEntity.rna = 'W12';
    });
    expect(findings(dossier, 'structure_identifiers')).toEqual([
      {
        status: 'fail',
        message: 'SIRET 55967651022977 : la clé de contrôle du SIRET est fausse (numéro mal recopié ?).',
        field: 'legalEntity.siret',
      },
      {
        status: 'fail',
        message: "Numéro RNA W12 : le numéro RNA d'une association est un W suivi de 9 chiffres (ex. : W595012345).",
        field: 'legalEntity.rna',
      },
    ]);
    const spaced = variant(24001101, (d) => {
      d.legalEntity.siret = '559 676 510 22976';
      d.legalEntity.rna = 'W595012345';
    });
    expect(only(spaced, 'structure_identifiers')).toMatchObject({ status: 'pass', message: 'SIRET et numéro RNA valides.' });
  });
});

describe('commune', () => {
  const withCommune = (communeCode: string, communeName = '') =>
    variant(24001101, (d) => Object.assign(d, { communeCode, communeName }));

  it('blocks a missing, malformed or unknown code', () => {
    expect(only(withCommune(''), 'commune')).toMatchObject({ status: 'fail', field: 'communeCode' });
    expect(only(withCommune('20000'), 'commune').message).toContain('code postal corse');
    expect(only(withCommune('02999'), 'commune')).toMatchObject({
      status: 'fail',
      message: 'Le code INSEE 02999 ne correspond à aucune commune : est-ce le code postal ?',
    });
  });

  it('blocks a commune outside the region, and warns when the region is not configured', () => {
    expect(only(withCommune('75056', 'Paris'), 'commune')).toMatchObject({
      status: 'fail',
      message: "Paris (75) est dans la région 11, hors de la région de l'agence (32).",
    });
    expect(only(fixture(24001101), 'commune', context({ regionCode: null }))).toMatchObject({
      status: 'warning',
      message: expect.stringContaining("la région de l'agence n'est pas configurée"),
    });
  });

  it('warns when the code is that of another commune than the one named: a postal code', () => {
    expect(only(withCommune('02500', 'Hirson (02500)'), 'commune')).toMatchObject({
      status: 'warning',
      message:
        "Montbrehain (02), dans la région de l'agence. Le code INSEE 02500 est celui de Montbrehain, pas de « Hirson (02500) » : " +
        'est-ce le code postal ?',
    });
    expect(only(withCommune('02691', 'ST QUENTIN'), 'commune').status).toBe('pass');
  });
});

describe('projet de santé', () => {
  it('passes when the signed projet is attached', () => {
    expect(only(fixture(24001101), 'health_project').status).toBe('pass');
  });

  it('warns when it was only declared on Démarches Simplifiées', () => {
    expect(only(fixture(24001101), 'health_project', context({ attachments: [{ kind: 'statutes' }] }))).toMatchObject({
      status: 'warning',
      message: 'Projet de santé déclaré sur Démarches Simplifiées (« projet-de-sante.pdf »), à joindre une fois signé.',
      field: 'declaredFiles',
    });
  });

  it('blocks when there is none', () => {
    const dossier = variant(24001101, (d) => (d.declaredFiles = ['statuts.pdf']));
    expect(only(dossier, 'health_project', context({ attachments: [] }))).toMatchObject({
      status: 'fail',
      message: "Aucun projet de santé signé n'est joint au dossier.",
    });
  });
});

describe('legal entity', () => {
  it.each(['', 'Néant', 'aucun', 'Sans objet'])('blocks a grant asked with a form « %s »', (form) => {
    const dossier = variant(24001101, (d) => (d.legalEntity.form = form));
    expect(only(dossier, 'legal_entity').status).toBe('fail');
  });

  it('warns when the structure has neither SIRET nor RNA', () => {
    const dossier = variant(24001101, (d) => (d.legalEntity.siret = ''));
    expect(only(dossier, 'legal_entity')).toMatchObject({
      status: 'warning',
      message: 'Association loi 1901 : ni SIRET ni numéro RNA renseigné.',
    });
  });

  it('asks for nothing when no grant is asked', () => {
    const dossier = variant(24001102, (d) => (d.legalEntity.form = 'Aucune'));
    expect(only(dossier, 'legal_entity').status).toBe('pass');
  });
});

describe('information system', () => {
  it.each([
    ['', null, "Aucun système d'information partagé n'est indiqué."],
    ['', true, "Système d'information déclaré labellisé, mais le logiciel n'est pas nommé."],
    ['Logiciel maison', false, "Logiciel maison n'est pas déclaré labellisé par l'Agence du numérique en santé."],
    ['Logiciel maison', null, "Logiciel maison : la labellisation par l'Agence du numérique en santé n'est pas précisée."],
  ] as const)('warns for « %s » labelled %s', (informationSystem, informationSystemLabelled, message) => {
    const dossier = variant(24001101, (d) => Object.assign(d.coordination, { informationSystem, informationSystemLabelled }));
    expect(only(dossier, 'information_system')).toMatchObject({ status: 'warning', message });
  });
});

describe('declared count and grant breakdown', () => {
  it('warns when the declared count differs from the list', () => {
    const dossier = variant(24001102, (d) => (d.project.declaredProfessionals = 8));
    expect(only(dossier, 'declared_count')).toMatchObject({
      status: 'warning',
      message: '8 professionnels déclarés, 7 professionnels listés.',
      field: 'project.declaredProfessionals',
    });
  });

  it('warns when the breakdown does not add up to the amount asked', () => {
    const dossier = variant(24001101, (d) => (d.grant.furniture = 4000.5));
    const result = only(dossier, 'grant_breakdown');
    expect(result.status).toBe('warning');
    expect(result.message).toMatch(/= 19\s000,50\s€, pour 20\s000\s€ sollicités\.$/);
  });

  it('adds up in cents', () => {
    const dossier = variant(24001101, (d) => Object.assign(d.grant, { requested: 0.3, engineering: 0.1, it: 0.2, furniture: 0 }));
    expect(only(dossier, 'grant_breakdown').status).toBe('pass');
  });
});

describe('properties', () => {
  const healthProfessions = [
    'Médecin généraliste',
    'Infirmière',
    'Kiné',
    'Pharmacien',
    'Sage-femme',
    'Dentiste',
    'Aide-soignante',
  ];
  const otherProfessions = ['Psychologue', 'Ostéopathe', 'Secrétaire', 'Magnétiseur'];
  const teamOf = (professions: readonly string[]) =>
    fc
      .array(fc.constantFrom(...professions), { maxLength: 8 })
      .map((list) => list.map((p, i) => professional(p, `Nom${i}`)));
  const dossierOf = fc
    .record({
      structureType: fc.constantFrom(...structureTypes),
      professionals: teamOf([...healthProfessions, ...otherProfessions]),
    })
    .map((fields) => variant(24001101, (d) => Object.assign(d, fields)));
  const composition = (dossier: DossierData) => only(dossier, 'composition').status;

  it('adding a health professional never breaks a composition that was met', () => {
    fc.assert(
      fc.property(dossierOf, fc.constantFrom(...healthProfessions), (dossier, added) => {
        fc.pre(composition(dossier) === 'pass');
        const bigger = structuredClone(dossier);
        bigger.professionals.push(professional(added, 'Nouveau'));
        expect(composition(bigger)).toBe('pass');
      }),
    );
  });

  it('an ESP or MSP without a GP always fails', () => {
    fc.assert(
      fc.property(dossierOf, fc.constantFrom('ESP', 'MSP') as fc.Arbitrary<'ESP' | 'MSP'>, (dossier, structureType) => {
        const withoutGp = structuredClone(dossier);
        withoutGp.structureType = structureType;
        withoutGp.professionals = withoutGp.professionals.filter((p) => p.profession !== 'Médecin généraliste');
        expect(composition(withoutGp)).toBe('fail');
        expect(checkEligibility(withoutGp, context()).eligible).toBe(false);
      }),
    );
  });

  it('the order of the list does not change the verdict', () => {
    fc.assert(
      fc.property(dossierOf, (dossier) => {
        const reversed = structuredClone(dossier);
        reversed.professionals.reverse();
        expect(composition(reversed)).toBe(composition(dossier));
      }),
    );
  });

  it('eligible means no failure, and the counts match the results', () => {
    fc.assert(
      fc.property(dossierOf, fc.boolean(), fc.constantFrom(null, '32', '11'), (dossier, attached, regionCode) => {
        const ctx = context({ regionCode, attachments: attached ? [{ kind: 'health_project_signed' }] : [] });
        const { eligible, blocking, warnings, results } = checkEligibility(dossier, ctx);
        expect(blocking).toBe(results.filter((r) => r.status === 'fail').length);
        expect(warnings).toBe(results.filter((r) => r.status === 'warning').length);
        expect(eligible).toBe(blocking === 0);
        for (const r of results) {
          expect(r.label).toBe(ruleLabels[r.rule]);
          expect(r.message).toMatch(/^[A-ZÀ-Ü0-9].*\S[.?]$/s);
        }
        expect(new Set(results.map((r) => r.rule))).toEqual(new Set(Object.keys(ruleLabels)));
      }),
    );
  });
});
