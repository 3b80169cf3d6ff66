import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DossierData } from '../../shared/dossier';
import { sampleDossiers } from '../support/samples';
import {
  allowedValues,
  axisMax,
  computeScore,
  consensusScore,
  defaultGrid,
  gridMax,
  gridsDiffer,
  nextGridVersion,
  readScoreInput,
  scoreSheetSchema,
  scoringGridSchema,
  suggestScores,
  type ScoreSheet,
  type ScoringGrid,
  type ZoningReference,
} from '../../shared/scoring';

const criteria = (grid: ScoringGrid) => grid.axes.flatMap((axis) => axis.criteria);
const messages = (result: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (result.error?.issues ?? []).map((i) => `${i.path.join('.')} : ${i.message}`);

describe('the default grid', () => {
  it('is a valid grid of 100 points, the seeds’ three axes mandatory', () => {
    expect(scoringGridSchema.parse(defaultGrid)).toEqual(defaultGrid);
    expect(gridMax(defaultGrid)).toBe(100);
    expect(defaultGrid.axes.map((a) => [a.label, a.max, axisMax(a), a.optional])).toEqual([
      ['Besoins du territoire et des patients', 25, 25, false],
      ['Pluriprofessionnalité', 20, 20, false],
      ['Exercice coordonné', 30, 30, false],
      ['Projet de santé', 15, 15, true],
      ['Budget', 10, 10, true],
    ]);
    expect(defaultGrid.thresholds).toEqual({ favorable: 60, reservations: 45 });
  });

  it('matches PRODUCT.md §6 item by item', () => {
    const items = criteria(defaultGrid).map((c) => [c.id, c.max, c.scale ? allowedValues(c) : 'points']);
    expect(items).toEqual([
      ['zoning', 10, [10, 6, 0]],
      ['apl', 5, [5, 3, 0]],
      ['patients_without_gp', 5, 'points'],
      ['territorial_diagnosis', 5, 'points'],
      ['gp_count', 6, [0, 2, 4, 6]],
      ['professions_count', 6, [0, 2, 4, 6]],
      ['pharmacist_or_ipa', 3, [3, 0]],
      ['coordinator', 3, [3, 0]],
      ['training_supervisor', 2, [2, 0]],
      ['meetings', 8, [8, 4, 0]],
      ['protocols', 6, [0, 6]],
      ['information_system', 6, [6, 0]],
      ['secure_messaging', 4, [4, 0]],
      ['opening_hours', 6, [6, 3, 0]],
      ['regional_plan', 5, 'points'],
      ['prevention', 5, 'points'],
      ['indicators', 5, 'points'],
      ['budget_breakdown', 6, [6, 3, 0]],
      ['co_funding', 4, 'points'],
    ]);
    const zoning = criteria(defaultGrid).find((c) => c.id === 'zoning')!;
    expect(zoning.scale!.map((s) => [s.id, s.points])).toEqual([
      ['ZIP', 10],
      ['ZAC', 6],
      ['none', 0],
    ]);
    const apl = criteria(defaultGrid).find((c) => c.id === 'apl')!;
    expect(apl.scale!.map((s) => [s.from, s.points])).toEqual([
      [0, 5],
      [2.5, 3],
      [4, 0],
    ]);
  });
});

describe('the grid schema', () => {
  const edited = (change: (g: ScoringGrid) => void) => {
    const grid = structuredClone(defaultGrid);
    change(grid);
    return scoringGridSchema.safeParse(grid);
  };

  it('refuses sub-criteria that do not add up to the declared axis maximum', () => {
    expect(messages(edited((g) => (g.axes[0]!.criteria[3]!.max = 4)))).toEqual([
      "axes.0.max : Les critères de l'axe « Besoins du territoire et des patients » totalisent 24 points, pour un maximum déclaré de 25 points.",
    ]);
    // Without a declared maximum, the sum is the maximum.
    expect(edited((g) => ((g.axes[0]!.max = null), (g.axes[0]!.criteria[3]!.max = 4))).success).toBe(true);
  });

  it('refuses duplicate ids and unordered thresholds, in French', () => {
    expect(messages(edited((g) => (g.axes[1]!.id = 'territory')))).toEqual([
      "axes.1.id : L'axe « territory » figure deux fois.",
    ]);
    expect(messages(edited((g) => (g.axes[4]!.criteria[1]!.id = 'zoning')))).toEqual([
      'axes.4.criteria.1.id : Le critère « zoning » figure deux fois dans la grille.',
    ]);
    expect(messages(edited((g) => (g.thresholds = { favorable: 50, reservations: 50 })))).toEqual([
      "thresholds.reservations : Le seuil de l'avis favorable sous réserve (50 %) doit être inférieur à celui de l'avis favorable (50 %).",
    ]);
    expect(messages(edited((g) => g.axes.forEach((a) => (a.optional = true))))).toEqual([
      'axes : Au moins un axe de la grille doit être obligatoire.',
    ]);
  });

  it('refuses scales that cannot reach their maximum or serve their source', () => {
    expect(messages(edited((g) => (g.axes[0]!.criteria[0]!.scale![0]!.points = 9)))).toEqual([
      "axes.0.criteria.0.max : Le critère « Zonage médecins » : aucun niveau n'atteint le maximum (10 points).",
    ]);
    expect(messages(edited((g) => (g.axes[0]!.criteria[0]!.scale![1]!.id = 'zac')))).toEqual([
      'axes.0.criteria.0.scale : Le critère « Zonage médecins » : il manque les niveaux « ZAC » que le dossier peut suggérer.',
    ]);
    expect(messages(edited((g) => delete g.axes[0]!.criteria[1]!.scale![1]!.from))).toEqual([
      "axes.0.criteria.1.scale : Le critère « Accessibilité potentielle localisée (APL) » : chaque niveau doit indiquer le début de sa tranche (« from »), tous différents, l'un à 0.",
    ]);
    expect(messages(edited((g) => (g.axes[0]!.criteria[2]!.source = 'apl')))).toEqual([
      'axes.0.criteria.2.scale : Le critère « Patients sans médecin traitant » est suggéré à partir du dossier : il lui faut une échelle de niveaux.',
    ]);
    expect(messages(edited((g) => (g.axes[1]!.criteria[2]!.scale![1]!.points = 3)))).toEqual([
      'axes.1.criteria.2.scale.1.points : Le critère « Pharmacien ou infirmier en pratique avancée » : deux niveaux valent 3 points.',
    ]);
  });
});

describe('grid versions', () => {
  it('tells an edited grid from a copy written in another key order', () => {
    const copy: ScoringGrid = {
      thresholds: { reservations: 45, favorable: 60 },
      axes: structuredClone(defaultGrid.axes),
    };
    expect(gridsDiffer(defaultGrid, copy)).toBe(false);
    expect(gridsDiffer(defaultGrid, { ...copy, thresholds: { favorable: 65, reservations: 45 } })).toBe(true);
    const relabelled = structuredClone(defaultGrid);
    relabelled.axes[0]!.criteria[0]!.label = 'Zonage';
    expect(gridsDiffer(defaultGrid, relabelled)).toBe(true);
  });

  it('keeps the version a session was scored with until the grid changes', () => {
    const first = nextGridVersion(null, defaultGrid, '2027-01-05T09:00:00+01:00');
    expect(first).toEqual({ version: 1, grid: defaultGrid, createdAt: '2027-01-05T09:00:00+01:00' });
    expect(nextGridVersion(first, structuredClone(defaultGrid), '2027-02-01T09:00:00+01:00')).toBe(first);
    const edited = { ...defaultGrid, thresholds: { favorable: 65, reservations: 50 } };
    const second = nextGridVersion(first, edited, '2027-02-01T09:00:00+01:00');
    expect(second.version).toBe(2);
    expect(first.grid.thresholds.favorable).toBe(60);
  });
});

/** The Hauts-de-France samples, read from the sample XLSX export by the importer. */
const samples = Object.fromEntries(sampleDossiers) as Record<number, DossierData>;

const zoningTable: Record<string, ZoningReference> = {
  '02381': { zoning: 'ZIP', apl: 1.9 },
  '59392': { zoning: 'ZIP', apl: 2.2 },
  '02173': { zoning: 'ZAC', apl: 2.8 },
  '80001': { zoning: 'ZAC', apl: 3.0 },
  '80620': { zoning: 'ZIP', apl: 2.3 },
  '62498': { zoning: 'ZIP', apl: 2.4 },
};

const suggest = (dossier: DossierData, reference: ZoningReference | null = zoningTable[dossier.communeCode] ?? null) =>
  Object.fromEntries(suggestScores(defaultGrid, dossier, reference).map((s) => [s.criterionId, s]));
const values = (dossier: DossierData, reference?: ZoningReference | null) =>
  Object.fromEntries(Object.entries(suggest(dossier, reference)).map(([id, s]) => [id, s.value]));
const variant = (id: number, change: (d: DossierData) => void) => {
  const dossier = structuredClone(samples[id]!);
  change(dossier);
  return dossier;
};

describe('suggested scores', () => {
  const human = {
    patients_without_gp: null,
    territorial_diagnosis: null,
    regional_plan: null,
    prevention: null,
    indicators: null,
    co_funding: null,
    // No role is given in the samples, nor whether unscheduled care is organised.
    training_supervisor: null,
    opening_hours: null,
  };

  it.each([
    [
      24001101,
      {
        zoning: 10,
        apl: 5,
        gp_count: 4,
        professions_count: 4,
        pharmacist_or_ipa: 0,
        coordinator: 3,
        meetings: 8,
        protocols: 6,
        information_system: 6,
        secure_messaging: 4,
        budget_breakdown: 6,
      },
    ],
    [
      24001102,
      {
        zoning: 10,
        apl: 5,
        gp_count: 6,
        professions_count: 6,
        pharmacist_or_ipa: 3,
        coordinator: 3,
        meetings: 8,
        protocols: 6,
        information_system: 6,
        secure_messaging: 4,
        budget_breakdown: null,
      },
    ],
    [
      24001103,
      {
        zoning: 6,
        apl: 3,
        gp_count: 0,
        professions_count: 0,
        pharmacist_or_ipa: 0,
        coordinator: 0,
        meetings: 4,
        protocols: 0,
        information_system: 0,
        secure_messaging: 0,
        budget_breakdown: 6,
      },
    ],
    [
      24001104,
      {
        zoning: 6,
        apl: 3,
        gp_count: 4,
        professions_count: 6,
        pharmacist_or_ipa: 3,
        coordinator: 3,
        meetings: 8,
        protocols: 6,
        information_system: 6,
        secure_messaging: 4,
        budget_breakdown: null,
      },
    ],
    [
      24001105,
      {
        zoning: 10,
        apl: 5,
        gp_count: 2,
        professions_count: 4,
        pharmacist_or_ipa: 0,
        coordinator: 3,
        meetings: 8,
        protocols: 6,
        information_system: 6,
        secure_messaging: 4,
        budget_breakdown: 6,
      },
    ],
    [
      24001106,
      {
        zoning: 10,
        apl: 5,
        gp_count: 2,
        professions_count: 4,
        pharmacist_or_ipa: 0,
        coordinator: 3,
        meetings: 8,
        protocols: 6,
        information_system: 6,
        secure_messaging: 4,
        budget_breakdown: null,
      },
    ],
  ])('%i, with the ARS zoning table', (id, expected) => {
    expect(values(samples[id]!)).toEqual({ ...human, ...expected });
  });

  it('gives its reasons in French', () => {
    const reasons = (id: number) =>
      Object.fromEntries(Object.entries(suggest(samples[id]!)).map(([c, s]) => [c, s.reason]));
    expect(reasons(24001101)).toMatchObject({
      zoning: 'Commune en ZIP : 10 points',
      apl: 'APL de 1,9 : 5 points',
      gp_count: '2 médecins généralistes : 4 points',
      professions_count: '3 professions de santé (Médecin généraliste, Infirmier, Masseur-kinésithérapeute) : 4 points',
      pharmacist_or_ipa: 'Ni pharmacien ni infirmier en pratique avancée dans l’équipe : 0 point',
      meetings: 'Réunions de concertation « Mensuelles », traçabilité à vérifier : 8 points',
      protocols: '2 protocoles pluriprofessionnels : 6 points',
      information_system: "Système d'information labellisé ANS (Weda) : 6 points",
      territorial_diagnosis: 'À apprécier par la commission : qualité du diagnostic territorial',
      training_supervisor: 'Rôles des professionnels non renseignés : maîtrise de stage à vérifier',
    });
    expect(reasons(24001101).budget_breakdown).toMatch(
      /^Ventilation cohérente \(ingénierie 8\s000\s€ \+ informatique 7\s000\s€ \+ mobilier 5\s000\s€ = 20\s000\s€\), devis à vérifier : 6 points$/,
    );
    expect(reasons(24001102).pharmacist_or_ipa).toBe(
      'Pharmacien ou IPA dans l’équipe (Nadia Lambert, pharmacien) : 3 points',
    );
    expect(reasons(24001102).budget_breakdown).toBe('Aucune aide sollicitée : axe à écarter');
    expect(reasons(24001103)).toMatchObject({
      gp_count: 'Aucun médecin généraliste : 0 point',
      professions_count: '1 profession de santé (Infirmier), sans compter Psychologue : 0 point',
      coordinator: 'Pas de coordinateur désigné : 0 point',
      meetings: 'Réunions de concertation « Trimestrielles » : 4 points',
      protocols: '1 protocole pluriprofessionnel : 0 point',
    });
  });

  it('falls back on the dossier’s zoning and APL, and says so', () => {
    const declared = variant(24001101, (d) => ((d.zoning = 'ZAC'), (d.apl = 2.5)));
    expect(suggest(declared, null).zoning).toEqual({
      criterionId: 'zoning',
      value: 6,
      reason: 'Commune en ZAC d’après le dossier : 6 points',
    });
    expect(suggest(declared, null).apl).toEqual({
      criterionId: 'apl',
      value: 3,
      reason: 'APL de 2,5 d’après le dossier : 3 points',
    });
    expect(suggest(declared).zoning!.reason).toBe('Commune en ZIP (le dossier indique en ZAC) : 10 points');
    expect(values(samples[24001101]!, null)).toMatchObject({ zoning: null, apl: null });
    expect(suggest(samples[24001101]!, null).zoning!.reason).toBe(
      'Zonage inconnu : ni le tableau de zonage de l’ARS ni le dossier ne le donnent',
    );
  });

  it('reads APL bands as half-open: 2,5 ≤ APL < 4 gives 3 points', () => {
    const apl = (value: number) => suggest(samples[24001101]!, { zoning: 'none', apl: value }).apl!.value;
    expect([0, 2.49, 2.5, 3.99, 4, 12].map(apl)).toEqual([5, 5, 3, 3, 0, 0]);
  });

  it('reads roles, IPA, unscheduled care and an inconsistent budget', () => {
    const team = variant(24001106, (d) => {
      d.professionals[0]!.role = 'Maître de stage universitaire';
      d.professionals[1]!.profession = 'Infirmière en pratique avancée (IPA)';
      d.professionals[2]!.role = 'Coordinatrice';
      d.coordination.coordinator = null;
      d.coordination.unscheduledCare = true;
      d.coordination.openingHours = '8 h – 20 h du lundi au samedi';
      d.grant = { requested: 20000, engineering: 8000, it: 7000, furniture: 4000 };
    });
    const s = suggest(team);
    expect(s.training_supervisor).toMatchObject({ value: 2, reason: 'Maître de stage : Jean Rousseau : 2 points' });
    expect(s.coordinator).toMatchObject({ value: 3, reason: 'Coordinateur désigné : Axel Muller : 3 points' });
    expect(s.pharmacist_or_ipa).toMatchObject({
      value: 3,
      reason: 'Pharmacien ou IPA dans l’équipe (Marie Vincent, infirmier en pratique avancée) : 3 points',
    });
    // An IPA is an infirmier: still three professions, 4 points.
    expect(s.professions_count!.value).toBe(4);
    expect(s.opening_hours).toMatchObject({
      value: 6,
      reason: 'Soins non programmés organisés ; horaires : 8 h – 20 h du lundi au samedi : 6 points',
    });
    expect(s.budget_breakdown!.value).toBe(0);
    expect(s.budget_breakdown!.reason).toMatch(
      /^Ventilation incohérente \(.* = 19\s000\s€, pour 20\s000\s€ sollicités\) : 0 point$/,
    );
    const rolesWithoutSupervisor = variant(24001106, (d) => (d.professionals[0]!.role = 'Référent'));
    expect(suggest(rolesWithoutSupervisor).training_supervisor).toMatchObject({
      value: 0,
      reason: 'Aucun maître de stage parmi les rôles indiqués : 0 point',
    });
    const empty = variant(24001106, (d) => (d.professionals = []));
    expect(values(empty)).toMatchObject({ gp_count: null, professions_count: null, pharmacist_or_ipa: null });
  });

  it.each([
    ['Hebdomadaires', 8],
    ['1 fois par mois', 8],
    ['Tous les 15 jours', 8],
    ['Bimensuelles', 8],
    ['Tous les 2 mois', 4],
    ['Bimestrielles', 4],
    ['Semestrielles', 0],
    ['2 fois par an', 0],
    ['Selon les besoins', null],
    ['', null],
  ])('reads the meeting frequency « %s »', (text, expected) => {
    expect(suggest(variant(24001101, (d) => (d.coordination.meetingFrequency = text))).meetings!.value).toBe(expected);
  });
});

/** A complete sheet of the default grid adding up to `total`, greedily. */
function sheetTotalling(total: number): ScoreSheet {
  let left = total;
  const values: Record<string, number> = {};
  for (const c of criteria(defaultGrid)) {
    const v = Math.max(...allowedValues(c).filter((x) => x <= left));
    values[c.id] = v;
    left -= v;
  }
  expect(left).toBe(0);
  return { values, setAside: [] };
}

const completeSheet = fc
  .tuple(...criteria(defaultGrid).map((c) => fc.constantFrom(...allowedValues(c))))
  .map((vs): ScoreSheet => ({
    values: Object.fromEntries(criteria(defaultGrid).map((c, i) => [c.id, vs[i]!])),
    setAside: [],
  }));

describe('a note as typed', () => {
  const byId = (id: string) => criteria(defaultGrid).find((c) => c.id === id)!;
  const coFunding = byId('co_funding');
  const apl = byId('apl');

  it('refuses decimals, negatives, words and values off the scale, naming the criterion', () => {
    expect(readScoreInput(coFunding, '2,5')).toEqual({
      problem: '« Cofinancements » : la note est un nombre entier, sans virgule (« 2,5 » saisi) ; saisir un nombre entier de 0 à 4.',
    });
    expect(readScoreInput(coFunding, '2.5')).toMatchObject({ problem: expect.stringContaining('sans virgule (« 2.5 » saisi)') });
    expect(readScoreInput(coFunding, '-1')).toEqual({
      problem: '« Cofinancements » : la note ne peut pas être négative ; saisir un nombre entier de 0 à 4.',
    });
    expect(readScoreInput(coFunding, 'abc')).toEqual({
      problem: "« Cofinancements » : « abc » n'est pas un nombre ; saisir un nombre entier de 0 à 4.",
    });
    expect(readScoreInput(coFunding, '9')).toEqual({ problem: '« Cofinancements » : la note doit être un nombre entier de 0 à 4.' });
    expect(readScoreInput(apl, '4')).toEqual({
      problem: `« Accessibilité potentielle localisée (APL) » : 4 n'est pas un niveau de l'échelle (${allowedValues(apl).join(', ')}).`,
    });
  });

  it('reads a whole number of the scale, spaces around it, and nothing from an empty field', () => {
    expect(readScoreInput(coFunding, ' 3 ')).toEqual({ value: 3 });
    expect(readScoreInput(coFunding, '0')).toEqual({ value: 0 });
    expect(readScoreInput(coFunding, '   ')).toBeNull();
  });

  it('gives the same verdict as the sheet schema the services use, for any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -10, max: 20 }).map(String), fc.string({ maxLength: 4 })), (text) => {
        const read = readScoreInput(coFunding, text);
        if (read === null) return text.trim() === '';
        const parsed = scoreSheetSchema(defaultGrid).safeParse({ values: { co_funding: Number(text.trim()) }, setAside: [] });
        return 'value' in read ? parsed.success && read.value === Number(text) : !parsed.success || !/^\d+$/.test(text.trim());
      }),
    );
  });
});

describe('computeScore', () => {
  it.each([
    [44, 'unfavorable'],
    [45, 'favorable_with_reservations'],
    [59, 'favorable_with_reservations'],
    [60, 'favorable'],
  ])('a total of %i suggests %s', (total, opinion) => {
    const score = computeScore(defaultGrid, sheetTotalling(total));
    expect(score).toMatchObject({ total, max: 100, percentage: total, opinion, missing: [] });
  });

  it('suggests the opinion of the thresholds for any complete sheet', () => {
    fc.assert(
      fc.property(completeSheet, (sheet) => {
        const { total, opinion } = computeScore(defaultGrid, sheet);
        expect(opinion).toBe(total >= 60 ? 'favorable' : total >= 45 ? 'favorable_with_reservations' : 'unfavorable');
      }),
    );
  });

  it('gives subtotals, lists what is missing, and leaves out a set-aside axis', () => {
    const sheet = sheetTotalling(60);
    delete sheet.values.co_funding;
    delete sheet.values.apl;
    const partial = computeScore(defaultGrid, sheet);
    expect(partial.opinion).toBeNull();
    expect(partial.missing).toEqual([
      { axisId: 'territory', criterionId: 'apl', label: 'Accessibilité potentielle localisée (APL)' },
      { axisId: 'budget', criterionId: 'co_funding', label: 'Cofinancements' },
    ]);
    expect(partial.axes.map((a) => [a.axisId, a.score, a.max])).toEqual([
      ['territory', 20, 25],
      ['makeup', 20, 20],
      ['coordination', 14, 30],
      ['health_project', 1, 15],
      ['budget', 0, 10],
    ]);
    expect(partial).toMatchObject({ total: 55, max: 100 });
    // Without the budget axis, 54 of 90 is exactly 60 %, and 53 falls short.
    const withoutBudget = (total: number) =>
      computeScore(defaultGrid, { ...sheetTotalling(total), setAside: ['budget'] });
    expect(withoutBudget(54)).toMatchObject({ total: 54, max: 90, percentage: 60, opinion: 'favorable', missing: [] });
    expect(withoutBudget(53).opinion).toBe('favorable_with_reservations');
    expect(withoutBudget(53).axes[4]).toEqual({ axisId: 'budget', label: 'Budget', setAside: true, score: 0, max: 10 });
  });

  it('checks a sheet against the grid, in French', () => {
    const schema = scoreSheetSchema(defaultGrid);
    expect(schema.safeParse({ values: { zoning: 10, prevention: 3 }, setAside: ['budget'] }).success).toBe(true);
    expect(
      messages(schema.safeParse({ values: { zoning: 7, prevention: 2.5, other: 1 }, setAside: ['territory', 'nope'] })),
    ).toEqual([
      "values.zoning : « Zonage médecins » : 7 n'est pas un niveau de l'échelle (10, 6, 0).",
      'values.prevention : « Prévention et éducation thérapeutique » : la note doit être un nombre entier de 0 à 5.',
      "values.other : Le critère « other » n'existe pas dans la grille.",
      "setAside.0 : L'axe « Besoins du territoire et des patients » est obligatoire : il ne peut pas être écarté.",
      "setAside.1 : L'axe « nope » n'existe pas dans la grille.",
    ]);
  });
});

describe('consensusScore', () => {
  const partialSheet = fc
    .tuple(
      fc.tuple(
        ...criteria(defaultGrid).map((c) => fc.option(fc.constantFrom(...allowedValues(c)), { nil: undefined })),
      ),
      fc.subarray(['health_project', 'budget']),
    )
    .map(([vs, setAside]): ScoreSheet => ({
      values: Object.fromEntries(criteria(defaultGrid).flatMap((c, i) => (vs[i] === undefined ? [] : [[c.id, vs[i]]]))),
      setAside,
    }));

  it('lies between the lowest and the highest value given, on the scale', () => {
    fc.assert(
      fc.property(fc.array(partialSheet, { minLength: 1, maxLength: 8 }), (sheets) => {
        const { sheet, spread } = consensusScore(defaultGrid, sheets);
        for (const c of criteria(defaultGrid)) {
          const given = sheets.flatMap((s) => (s.values[c.id] === undefined ? [] : [s.values[c.id]!]));
          const value = sheet.values[c.id];
          if (!given.length) {
            expect(value).toBeUndefined();
            continue;
          }
          expect(value).toBeGreaterThanOrEqual(Math.min(...given));
          expect(value).toBeLessThanOrEqual(Math.max(...given));
          expect(allowedValues(c)).toContain(value);
          expect(spread.find((s) => s.criterionId === c.id)).toEqual({
            criterionId: c.id,
            scorers: given.length,
            min: Math.min(...given),
            max: Math.max(...given),
            spread: Math.max(...given) - Math.min(...given),
          });
        }
      }),
    );
  });

  it('of identical sheets is that sheet', () => {
    fc.assert(
      fc.property(partialSheet, fc.integer({ min: 1, max: 6 }), (sheet, n) => {
        const { sheet: consensus, spread } = consensusScore(
          defaultGrid,
          Array.from({ length: n }, () => structuredClone(sheet)),
        );
        expect(consensus.values).toEqual(sheet.values);
        expect([...consensus.setAside].sort()).toEqual([...sheet.setAside].sort());
        expect(spread.every((s) => s.spread === 0)).toBe(true);
      }),
    );
  });

  it('takes the median, rounded to the nearest level, halfway up', () => {
    const sheets = [
      { zoning: 0, prevention: 1 },
      { zoning: 10, prevention: 2 },
      { zoning: 10, prevention: 5 },
      { zoning: 0, prevention: 4 },
    ].map((values): ScoreSheet => ({ values, setAside: [] }));
    // Zoning: midpoint of 0 and 10 is 5, nearest level 6; prevention: midpoint of 2 and 4 is 3.
    expect(consensusScore(defaultGrid, sheets).sheet.values).toEqual({ zoning: 6, prevention: 3 });
    expect(consensusScore(defaultGrid, sheets.slice(1, 3)).sheet.values).toEqual({ zoning: 10, prevention: 4 });
    const majority = [['budget'], ['budget'], []].map((setAside): ScoreSheet => ({ values: {}, setAside }));
    expect(consensusScore(defaultGrid, majority).sheet.setAside).toEqual(['budget']);
    expect(consensusScore(defaultGrid, majority.slice(1)).sheet.setAside).toEqual([]);
  });
});
