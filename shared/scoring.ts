/**
 * The scoring grid (PRODUCT.md §3 « Evaluation », §6): axes of sub-criteria, values suggested
 * from the dossier's data, confirmed score sheets, their total and the opinion the thresholds
 * suggest, and the consensus of several scorers. The score informs; the commission decides.
 */
import { zoningLabels, zonings, type DossierData, type Zoning } from './dossier';
import { classifyProfession, isHealthProfession } from './professions';
import { addsUp, breakdownText, formatEuros, fullName, plural, type OpinionKind } from './session-rules';
import { foldText } from './text';
import { optionalText, requiredText, wholeNumber, z } from './validation';

// ---------------------------------------------------------------------------------------------
// Where a suggestion comes from

const yesNo = ['yes', 'no'] as const;
const meetingFrequencies = ['frequent', 'occasional', 'rare'] as const;

/**
 * The dossier facts a sub-criterion's value can be suggested from. A categorical fact picks the
 * scale choice whose id is the fact ('ZIP', 'yes', 'frequent'…); a numeric fact picks the choice
 * whose band it falls in, bands starting at each choice's `from` (inclusive) and ending at the
 * next one (exclusive).
 */
const sourceFacts = {
  zoning: zonings,
  apl: 'number',
  gp_count: 'number',
  health_professions: 'number',
  pharmacist_or_ipa: yesNo,
  coordinator: yesNo,
  training_supervisor: yesNo,
  meeting_frequency: meetingFrequencies,
  protocols: 'number',
  labelled_information_system: yesNo,
  secure_messaging: yesNo,
  unscheduled_care: yesNo,
  budget_breakdown: yesNo,
} as const satisfies Record<string, readonly string[] | 'number'>;
export type SuggestionSource = keyof typeof sourceFacts;
export const suggestionSources = Object.keys(sourceFacts) as [SuggestionSource, ...SuggestionSource[]];
/** What a source gives: 'number' (choices by band) or the fact ids its choices must carry. */
export const sourceFactsOf = (source: SuggestionSource): readonly string[] | 'number' => sourceFacts[source];

export const suggestionSourceLabels: Record<SuggestionSource, string> = {
  zoning: 'Zonage médecins de la commune (ZIP, ZAC)',
  apl: 'APL médecins généralistes de la commune',
  gp_count: 'Nombre de médecins généralistes',
  health_professions: 'Nombre de professions de santé distinctes',
  pharmacist_or_ipa: 'Pharmacien ou infirmier en pratique avancée',
  coordinator: 'Coordinateur désigné',
  training_supervisor: 'Maître de stage',
  meeting_frequency: 'Fréquence des réunions de concertation',
  protocols: 'Nombre de protocoles pluriprofessionnels',
  labelled_information_system: "Système d'information labellisé ANS",
  secure_messaging: 'Messagerie sécurisée MSSanté',
  unscheduled_care: 'Soins non programmés',
  budget_breakdown: "Ventilation de l'aide sollicitée",
};

// ---------------------------------------------------------------------------------------------
// The grid

const identifier = (label: string) =>
  z.string({ error: `${label} est obligatoire.` }).regex(/^[A-Za-z][A-Za-z0-9_]{0,49}$/, {
    error: `${label} ne doit contenir que des lettres sans accent, des chiffres et « _ », en commençant par une lettre.`,
  });

export const scaleChoiceSchema = z.strictObject({
  /** For a categorical source, the fact it stands for: 'ZIP', 'yes', 'frequent'… */
  id: identifier("L'identifiant du niveau"),
  label: requiredText('Le libellé du niveau'),
  points: wholeNumber('Les points du niveau', 1000),
  /** For a numeric source, where the choice's band starts (inclusive). */
  from: z
    .number({ error: 'Le début de la tranche doit être un nombre.' })
    .nonnegative({ error: 'Le début de la tranche ne peut pas être négatif.' })
    .max(1_000_000, { error: 'Le début de la tranche ne peut pas dépasser 1 000 000.' })
    .optional(),
});
export type ScaleChoice = z.infer<typeof scaleChoiceSchema>;

type Issue = { path: (string | number)[]; message: string };

export const criterionSchema = z
  .strictObject({
    id: identifier("L'identifiant du critère"),
    label: requiredText('Le libellé du critère'),
    help: optionalText("L'aide à la notation", 1000),
    max: wholeNumber('Le maximum du critère', 1000).min(1, {
      error: 'Le maximum du critère doit être d’au moins 1 point.',
    }),
    /** The levels to choose from; null: any whole number of points from 0 to `max`. */
    scale: z
      .array(scaleChoiceSchema)
      .max(20, { error: 'Pas plus de 20 niveaux par critère.' })
      .nullable()
      .default(null),
    /** The dossier fact a value is suggested from; null: only a person can judge. */
    source: z.enum(suggestionSources, { error: 'La source de la suggestion est inconnue.' }).nullable().default(null),
  })
  .superRefine((c, ctx) => {
    for (const { path, message } of criterionProblems(c)) ctx.addIssue({ code: 'custom', path, message });
  });
export type Criterion = z.infer<typeof criterionSchema>;

function criterionProblems(c: Criterion): Issue[] {
  const about = `Le critère « ${c.label} »`;
  if (c.scale === null) {
    return c.source
      ? [{ path: ['scale'], message: `${about} est suggéré à partir du dossier : il lui faut une échelle de niveaux.` }]
      : [];
  }
  const problems: Issue[] = [];
  if (c.scale.length < 2) {
    problems.push({ path: ['scale'], message: `${about} : une échelle compte au moins 2 niveaux.` });
  }
  const ids = new Set<string>();
  const points = new Set<number>();
  c.scale.forEach((choice, i) => {
    if (ids.has(choice.id)) {
      problems.push({ path: ['scale', i, 'id'], message: `${about} : le niveau « ${choice.id} » figure deux fois.` });
    }
    // Distinct points let a score sheet store points alone.
    if (points.has(choice.points)) {
      problems.push({
        path: ['scale', i, 'points'],
        message: `${about} : deux niveaux valent ${plural(choice.points, 'point')}.`,
      });
    }
    if (choice.points > c.max) {
      problems.push({
        path: ['scale', i, 'points'],
        message: `${about} : le niveau « ${choice.label} » dépasse le maximum (${plural(c.max, 'point')}).`,
      });
    }
    ids.add(choice.id);
    points.add(choice.points);
  });
  if (c.scale.length && !points.has(c.max)) {
    problems.push({
      path: ['max'],
      message: `${about} : aucun niveau n'atteint le maximum (${plural(c.max, 'point')}).`,
    });
  }
  const facts = c.source === null ? null : sourceFacts[c.source];
  if (facts === 'number') {
    const starts = c.scale.map((choice) => choice.from);
    if (starts.some((from) => from === undefined) || !starts.includes(0) || new Set(starts).size !== starts.length) {
      problems.push({
        path: ['scale'],
        message: `${about} : chaque niveau doit indiquer le début de sa tranche (« from »), tous différents, l'un à 0.`,
      });
    }
  } else if (facts) {
    const missing = facts.filter((fact) => !ids.has(fact));
    if (missing.length) {
      problems.push({
        path: ['scale'],
        message: `${about} : il manque les niveaux ${missing.map((f) => `« ${f} »`).join(', ')} que le dossier peut suggérer.`,
      });
    }
  }
  return problems;
}

export const axisSchema = z
  .strictObject({
    id: identifier("L'identifiant de l'axe"),
    label: requiredText("Le libellé de l'axe"),
    /**
     * An optional axis may be set aside for a dossier (budget when no grant is requested): its
     * points then leave the maximum.
     */
    optional: z.boolean({ error: "Préciser si l'axe est facultatif." }).default(false),
    /** When declared, the sub-criteria's maxima must add up to it. */
    max: wholeNumber("Le maximum de l'axe", 10_000).nullable().default(null),
    criteria: z
      .array(criterionSchema)
      .min(1, { error: 'Un axe compte au moins un critère.' })
      .max(50, { error: 'Pas plus de 50 critères par axe.' }),
  })
  .superRefine((axis, ctx) => {
    const sum = axisMax(axis);
    if (axis.max !== null && sum !== axis.max) {
      ctx.addIssue({
        code: 'custom',
        path: ['max'],
        message: `Les critères de l'axe « ${axis.label} » totalisent ${plural(sum, 'point')}, pour un maximum déclaré de ${plural(axis.max, 'point')}.`,
      });
    }
  });
export type Axis = z.infer<typeof axisSchema>;

const percent = (label: string) => wholeNumber(label, 100);

/**
 * Thresholds are percentages of the grid's maximum, not points: an ARS may edit the grid, and
 * an optional axis set aside lowers the maximum of one dossier, while « 60 % » keeps its
 * meaning. On the default grid of 100 points, 60 % is 60 points, as §6 says.
 */
export const scoringGridSchema = z
  .strictObject({
    axes: z
      .array(axisSchema)
      .min(1, { error: 'La grille compte au moins un axe.' })
      .max(20, { error: 'Pas plus de 20 axes.' }),
    thresholds: z.strictObject({
      /** From this share of the maximum: favorable. */
      favorable: percent('Le seuil de l’avis favorable'),
      /** From this share, below `favorable`: favorable with reservations; below it, unfavorable. */
      reservations: percent('Le seuil de l’avis favorable sous réserve'),
    }),
  })
  .superRefine((grid, ctx) => {
    const axisIds = new Set<string>();
    const criterionIds = new Set<string>();
    grid.axes.forEach((axis, a) => {
      if (axisIds.has(axis.id)) {
        ctx.addIssue({ code: 'custom', path: ['axes', a, 'id'], message: `L'axe « ${axis.id} » figure deux fois.` });
      }
      axisIds.add(axis.id);
      axis.criteria.forEach((c, i) => {
        // Unique across the grid: a score sheet names criteria by id alone.
        if (criterionIds.has(c.id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['axes', a, 'criteria', i, 'id'],
            message: `Le critère « ${c.id} » figure deux fois dans la grille.`,
          });
        }
        criterionIds.add(c.id);
      });
    });
    if (grid.axes.every((axis) => axis.optional)) {
      ctx.addIssue({ code: 'custom', path: ['axes'], message: 'Au moins un axe de la grille doit être obligatoire.' });
    }
    const { favorable, reservations } = grid.thresholds;
    if (reservations >= favorable) {
      ctx.addIssue({
        code: 'custom',
        path: ['thresholds', 'reservations'],
        message: `Le seuil de l'avis favorable sous réserve (${reservations} %) doit être inférieur à celui de l'avis favorable (${favorable} %).`,
      });
    }
  });
export type ScoringGrid = z.infer<typeof scoringGridSchema>;

export const axisMax = (axis: Pick<Axis, 'criteria'>) => axis.criteria.reduce((sum, c) => sum + c.max, 0);
export const gridMax = (grid: Pick<ScoringGrid, 'axes'>) => grid.axes.reduce((sum, axis) => sum + axisMax(axis), 0);

const yes = (label: string, points: number): ScaleChoice => ({ id: 'yes', label, points });
const no = (label: string): ScaleChoice => ({ id: 'no', label, points: 0 });
const band = (id: string, from: number, label: string, points: number): ScaleChoice => ({ id, label, points, from });
const judged = (id: string, label: string, max: number, help: string): Criterion => ({
  id,
  label,
  help,
  max,
  scale: null,
  source: null,
});

/** PRODUCT.md §6: 100 points; the first three axes are the seeds', the last two optional. */
export const defaultGrid: ScoringGrid = {
  axes: [
    {
      id: 'territory',
      label: 'Besoins du territoire et des patients',
      optional: false,
      max: 25,
      criteria: [
        {
          id: 'zoning',
          label: 'Zonage médecins',
          help: 'Zonage de la commune d’implantation dans l’arrêté de l’ARS.',
          max: 10,
          scale: [
            { id: 'ZIP', label: zoningLabels.ZIP, points: 10 },
            { id: 'ZAC', label: zoningLabels.ZAC, points: 6 },
            { id: 'none', label: 'Ni ZIP ni ZAC', points: 0 },
          ],
          source: 'zoning',
        },
        {
          id: 'apl',
          label: 'Accessibilité potentielle localisée (APL)',
          help: 'Consultations de médecine générale accessibles par habitant et par an.',
          max: 5,
          // « 2,5–4 » read as 2,5 ≤ APL < 4: an APL of exactly 4 scores nothing.
          scale: [
            band('below_2_5', 0, 'APL inférieure à 2,5', 5),
            band('from_2_5', 2.5, 'APL de 2,5 à moins de 4', 3),
            band('from_4', 4, 'APL de 4 ou plus', 0),
          ],
          source: 'apl',
        },
        judged(
          'patients_without_gp',
          'Patients sans médecin traitant',
          5,
          'Part de la patientèle sans médecin traitant que l’équipe prend en charge.',
        ),
        judged(
          'territorial_diagnosis',
          'Qualité du diagnostic territorial',
          5,
          'Données, besoins identifiés et réponses apportées par le projet de santé.',
        ),
      ],
    },
    {
      id: 'makeup',
      label: 'Pluriprofessionnalité',
      optional: false,
      max: 20,
      criteria: [
        {
          id: 'gp_count',
          label: 'Nombre de médecins généralistes',
          help: '',
          max: 6,
          scale: [
            band('none', 0, 'Aucun médecin généraliste', 0),
            band('one', 1, '1 médecin généraliste', 2),
            band('two', 2, '2 médecins généralistes', 4),
            band('three_or_more', 3, '3 médecins généralistes ou plus', 6),
          ],
          source: 'gp_count',
        },
        {
          id: 'professions_count',
          label: 'Nombre de professions de santé distinctes',
          help: 'Professions du code de la santé publique ; psychologues, ostéopathes… ne comptent pas.',
          max: 6,
          scale: [
            band('one', 0, 'Une seule profession', 0),
            band('two', 2, '2 professions', 2),
            band('three', 3, '3 professions', 4),
            band('four_or_more', 4, '4 professions ou plus', 6),
          ],
          source: 'health_professions',
        },
        {
          id: 'pharmacist_or_ipa',
          label: 'Pharmacien ou infirmier en pratique avancée',
          help: '',
          max: 3,
          scale: [yes('Oui', 3), no('Non')],
          source: 'pharmacist_or_ipa',
        },
        {
          id: 'coordinator',
          label: 'Coordinateur désigné',
          help: '',
          max: 3,
          scale: [yes('Oui', 3), no('Non')],
          source: 'coordinator',
        },
        {
          id: 'training_supervisor',
          label: 'Maître de stage',
          help: 'Au moins un professionnel accueille des stagiaires ou des internes.',
          max: 2,
          scale: [yes('Oui', 2), no('Non')],
          source: 'training_supervisor',
        },
      ],
    },
    {
      id: 'coordination',
      label: 'Exercice coordonné',
      optional: false,
      max: 30,
      criteria: [
        {
          id: 'meetings',
          label: 'Réunions de concertation : fréquence et traçabilité',
          help: 'Fréquence des réunions pluriprofessionnelles et comptes rendus.',
          max: 8,
          scale: [
            { id: 'frequent', label: 'Au moins mensuelles, tracées', points: 8 },
            { id: 'occasional', label: 'Trimestrielles ou bimestrielles', points: 4 },
            { id: 'rare', label: 'Plus rares ou absentes', points: 0 },
          ],
          source: 'meeting_frequency',
        },
        {
          id: 'protocols',
          label: 'Au moins 2 protocoles pluriprofessionnels',
          help: '',
          max: 6,
          scale: [band('under_2', 0, 'Moins de 2 protocoles', 0), band('two_or_more', 2, 'Au moins 2 protocoles', 6)],
          source: 'protocols',
        },
        {
          id: 'information_system',
          label: "Système d'information labellisé ANS",
          help: "Logiciel partagé labellisé par l'Agence du numérique en santé.",
          max: 6,
          scale: [yes('Oui', 6), no('Non')],
          source: 'labelled_information_system',
        },
        {
          id: 'secure_messaging',
          label: 'Messagerie sécurisée MSSanté',
          help: '',
          max: 4,
          scale: [yes('Oui', 4), no('Non')],
          source: 'secure_messaging',
        },
        {
          id: 'opening_hours',
          label: "Horaires d'ouverture et soins non programmés",
          help: 'Amplitude horaire et organisation des soins non programmés.',
          max: 6,
          scale: [
            yes('Soins non programmés organisés, horaires adaptés', 6),
            { id: 'partial', label: 'Organisation partielle', points: 3 },
            no('Aucune organisation'),
          ],
          source: 'unscheduled_care',
        },
      ],
    },
    {
      id: 'health_project',
      label: 'Projet de santé',
      optional: true,
      max: 15,
      criteria: [
        judged(
          'regional_plan',
          'Cohérence avec le projet régional de santé',
          5,
          'Priorités du PRS auxquelles le projet répond.',
        ),
        judged(
          'prevention',
          'Prévention et éducation thérapeutique',
          5,
          'Actions de prévention, de dépistage, d’éducation thérapeutique.',
        ),
        judged('indicators', "Indicateurs d'évaluation", 5, 'Indicateurs précis, mesurables, avec leur source.'),
      ],
    },
    {
      id: 'budget',
      label: 'Budget',
      optional: true,
      max: 10,
      criteria: [
        {
          id: 'budget_breakdown',
          label: 'Cohérence avec les trois postes de dépenses, devis à l’appui',
          help: 'Ingénierie de projet, investissement informatique, mobilier et logistique.',
          max: 6,
          scale: [
            yes('Cohérent, devis joints', 6),
            { id: 'partial', label: 'Cohérent, devis manquants', points: 3 },
            no('Incohérent'),
          ],
          source: 'budget_breakdown',
        },
        judged(
          'co_funding',
          'Cofinancements',
          4,
          'Autres financeurs : collectivités, Assurance maladie, fonds propres…',
        ),
      ],
    },
  ],
  thresholds: { favorable: 60, reservations: 45 },
};

// ---------------------------------------------------------------------------------------------
// Versions

/** The grid a session is scored with, kept when the grid is edited afterwards. */
export const gridVersionSchema = z.strictObject({
  version: z.number().int().positive({ error: 'Le numéro de version doit être positif.' }),
  grid: scoringGridSchema,
  createdAt: z.iso.datetime({ offset: true, error: "L'horodatage est invalide." }),
});
export type GridVersion = z.infer<typeof gridVersionSchema>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Keys sorted and absent ones dropped, so that equal grids serialise alike. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_key, value: unknown) =>
    isRecord(value)
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((k) => [k, value[k]]),
        )
      : value,
  );

export const gridsDiffer = (a: ScoringGrid, b: ScoringGrid) => canonical(a) !== canonical(b);

/** The criteria of `before` that `after` no longer has, with the axis they were on. */
export function removedCriteria(before: ScoringGrid, after: ScoringGrid): { axisId: string; criterion: Criterion }[] {
  const kept = new Set(after.axes.flatMap((axis) => axis.criteria.map((c) => c.id)));
  return before.axes.flatMap((axis) =>
    axis.criteria.filter((c) => !kept.has(c.id)).map((criterion) => ({ axisId: axis.id, criterion })),
  );
}

/** The version to score with from now on: `latest` itself when the grid did not change. */
export function nextGridVersion(latest: GridVersion | null, grid: ScoringGrid, createdAt: string): GridVersion {
  if (latest && !gridsDiffer(latest.grid, grid)) return latest;
  return { version: (latest?.version ?? 0) + 1, grid, createdAt };
}

// ---------------------------------------------------------------------------------------------
// Suggestions

export interface ZoningReference {
  zoning: Zoning;
  apl: number | null;
}

export interface Suggestion {
  criterionId: string;
  /** Points; null when only a person can judge, or the dossier does not say. */
  value: number | null;
  reason: string;
}

type Fact = { fact: string | number; text: string } | { fact: null; text: string };
const unknown = (text: string): Fact => ({ fact: null, text });
const known = (fact: string | number, text: string): Fact => ({ fact, text });
const answer = (given: boolean, yesText: string, noText: string): Fact =>
  known(given ? 'yes' : 'no', given ? yesText : noText);

const zoneText: Record<Zoning, string> = { ZIP: 'en ZIP', ZAC: 'en ZAC', none: 'hors zonage' };
const decimal = (n: number) => n.toLocaleString('fr-FR');

const coordinatorRole = /\bcoord(in|onn)at\w*/;
const supervisorRole = /\b(maitres? de stage\w*|msu|tut(eur|rice)s?|encadr\w* (des |de )?(stagiaires|internes))\b/;
/** Checked in order: « tous les 2 mois » is not monthly. */
const frequencyPatterns: [RegExp, (typeof meetingFrequencies)[number]][] = [
  [/\b(trimestr|bimestr)\w*|\btous les (2|3|deux|trois) mois\b/, 'occasional'],
  [/\b(semestr\w*|annuel\w*|rares?|rarement|aucune?s?|ponctuel\w*|jamais)\b|\bpar an\b/, 'rare'],
  [
    /\b(hebdo\w*|bimensuel\w*|mensuel\w*|quotidien\w*|quinzaine)\b|\b(chaque|par|tous les|toutes les) ((2|deux|15|quinze) )?(jours?|semaines?|mois)\b/,
    'frequent',
  ],
];

/** The professionals whose profession or role text matches `pattern`, by name. */
const named = (dossier: DossierData, pattern: RegExp) =>
  dossier.professionals.filter((p) => pattern.test(foldText(`${p.role} ${p.profession}`))).map(fullName);

function factOf(source: SuggestionSource, dossier: DossierData, reference: ZoningReference | null): Fact {
  const { coordination, grant, professionals } = dossier;
  const classified = professionals.map((p) => ({ p, c: classifyProfession(p.profession) }));
  const noTeam = 'Aucun professionnel n’est listé dans le dossier';
  switch (source) {
    case 'zoning': {
      // The ARS's table is authoritative; the dossier's own answer fills in for a commune it lacks.
      const zoning = reference?.zoning ?? dossier.zoning;
      if (zoning === null) {
        return unknown('Zonage inconnu : ni le tableau de zonage de l’ARS ni le dossier ne le donnent');
      }
      const declared =
        reference && dossier.zoning && dossier.zoning !== reference.zoning
          ? ` (le dossier indique ${zoneText[dossier.zoning]})`
          : '';
      return known(zoning, `Commune ${zoneText[zoning]}${reference ? '' : ' d’après le dossier'}${declared}`);
    }
    case 'apl': {
      const fromTable = reference?.apl ?? null;
      const apl = fromTable ?? dossier.apl;
      if (apl === null) return unknown('APL inconnue : ni le tableau de zonage de l’ARS ni le dossier ne la donnent');
      return known(apl, `APL de ${decimal(apl)}${fromTable === null ? ' d’après le dossier' : ''}`);
    }
    case 'gp_count': {
      if (!professionals.length) return unknown(noTeam);
      const n = classified.filter(({ c }) => c.category === 'gp').length;
      return known(n, n ? plural(n, 'médecin généraliste', 'médecins généralistes') : 'Aucun médecin généraliste');
    }
    case 'health_professions': {
      if (!professionals.length) return unknown(noTeam);
      // An IPA is an infirmier: same profession, more competences.
      const professions = [
        ...new Set(
          classified
            .filter(({ c }) => isHealthProfession(c.category))
            .map(({ c }) => (c.advancedPractice ? 'Infirmier' : c.label)),
        ),
      ];
      const outside = classified.filter(({ c }) => !isHealthProfession(c.category)).map(({ p }) => p.profession);
      const text =
        `${plural(professions.length, 'profession de santé', 'professions de santé')}` +
        (professions.length ? ` (${professions.join(', ')})` : '') +
        (outside.length ? `, sans compter ${outside.join(', ')}` : '');
      return known(professions.length, text);
    }
    case 'pharmacist_or_ipa': {
      if (!professionals.length) return unknown(noTeam);
      const found = classified.filter(({ c }) => c.category === 'pharmacist' || c.advancedPractice);
      const who = found.map(({ p, c }) => `${fullName(p)}, ${c.label.toLowerCase()}`).join(' ; ');
      return answer(
        found.length > 0,
        `Pharmacien ou IPA dans l’équipe (${who})`,
        'Ni pharmacien ni infirmier en pratique avancée dans l’équipe',
      );
    }
    case 'coordinator': {
      const who = named(dossier, coordinatorRole);
      if (who.length) return known('yes', `Coordinateur désigné : ${who.join(', ')}`);
      if (coordination.coordinator === null) return unknown('Coordinateur non renseigné dans le dossier');
      return answer(coordination.coordinator, 'Coordinateur désigné', 'Pas de coordinateur désigné');
    }
    case 'training_supervisor': {
      const who = named(dossier, supervisorRole);
      if (who.length) return known('yes', `Maître de stage : ${who.join(', ')}`);
      // Roles are optional: without any, silence says nothing.
      if (!professionals.some((p) => p.role)) {
        return unknown('Rôles des professionnels non renseignés : maîtrise de stage à vérifier');
      }
      return known('no', 'Aucun maître de stage parmi les rôles indiqués');
    }
    case 'meeting_frequency': {
      const text = coordination.meetingFrequency;
      if (!text) return unknown('Fréquence des réunions de concertation non renseignée');
      const frequency = frequencyPatterns.find(([pattern]) => pattern.test(foldText(text)))?.[1];
      if (!frequency) return unknown(`Fréquence des réunions « ${text} » à apprécier`);
      return known(
        frequency,
        `Réunions de concertation « ${text} »${frequency === 'frequent' ? ', traçabilité à vérifier' : ''}`,
      );
    }
    case 'protocols': {
      const n = coordination.protocolCount;
      if (n === null) return unknown('Nombre de protocoles pluriprofessionnels non renseigné');
      return known(
        n,
        n
          ? plural(n, 'protocole pluriprofessionnel', 'protocoles pluriprofessionnels')
          : 'Aucun protocole pluriprofessionnel',
      );
    }
    case 'labelled_information_system': {
      const labelled = coordination.informationSystemLabelled;
      if (labelled === null) return unknown("Labellisation du système d'information non renseignée");
      const name = coordination.informationSystem ? ` (${coordination.informationSystem})` : '';
      return answer(
        labelled,
        `Système d'information labellisé ANS${name}`,
        `Système d'information non labellisé ANS${name}`,
      );
    }
    case 'secure_messaging': {
      if (coordination.secureMessaging === null) return unknown('Messagerie sécurisée non renseignée');
      return answer(
        coordination.secureMessaging,
        'Messagerie sécurisée MSSanté utilisée',
        'Pas de messagerie sécurisée MSSanté',
      );
    }
    case 'unscheduled_care': {
      if (coordination.unscheduledCare === null) return unknown('Soins non programmés non renseignés');
      const hours = coordination.openingHours ? ` ; horaires : ${coordination.openingHours}` : '';
      return answer(
        coordination.unscheduledCare,
        `Soins non programmés organisés${hours}`,
        `Pas d'organisation des soins non programmés${hours}`,
      );
    }
    case 'budget_breakdown': {
      if (grant.requested === 0) return unknown('Aucune aide sollicitée : axe à écarter');
      return answer(
        addsUp(grant.requested, grant),
        `Ventilation cohérente (${breakdownText(grant)}), devis à vérifier`,
        `Ventilation incohérente (${breakdownText(grant)}, pour ${formatEuros(grant.requested)} sollicités)`,
      );
    }
  }
}

/** The scale choice a fact selects: by id, or by the band a number falls in. */
function choiceFor(scale: readonly ScaleChoice[], fact: string | number): ScaleChoice | undefined {
  if (typeof fact === 'string') return scale.find((choice) => choice.id === fact);
  const bands = scale.flatMap((choice) =>
    choice.from !== undefined && choice.from <= fact ? [{ choice, from: choice.from }] : [],
  );
  return bands.sort((a, b) => b.from - a.from)[0]?.choice;
}

/**
 * A suggested value per sub-criterion, in the grid's order, from the dossier and the ARS zoning
 * table's line for its commune. Only suggestions: a person confirms each value.
 */
export function suggestScores(
  grid: ScoringGrid,
  dossier: DossierData,
  reference: ZoningReference | null = null,
): Suggestion[] {
  return grid.axes.flatMap((axis) =>
    axis.criteria.map((c): Suggestion => {
      if (c.source === null || c.scale === null) {
        return { criterionId: c.id, value: null, reason: `À apprécier par la commission : ${c.label.toLowerCase()}` };
      }
      const { fact, text } = factOf(c.source, dossier, reference);
      const choice = fact === null ? undefined : choiceFor(c.scale, fact);
      if (!choice) return { criterionId: c.id, value: null, reason: text };
      return { criterionId: c.id, value: choice.points, reason: `${text} : ${plural(choice.points, 'point')}` };
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Score sheets

/** One scorer's confirmed values (who and when are stored beside it). */
export interface ScoreSheet {
  /** Points per criterion id; a criterion not listed is not scored yet. */
  values: Record<string, number>;
  /** Optional axes set aside for this dossier. */
  setAside: string[];
}

/** The values a criterion accepts: its scale's points, or every whole number up to its maximum. */
export const allowedValues = (c: Criterion): number[] =>
  c.scale ? c.scale.map((choice) => choice.points) : Array.from({ length: c.max + 1 }, (_, i) => i);

/** Why a number is not a value of the criterion, naming it; null when it is one. */
function valueProblem(c: Criterion, value: number): string | null {
  if (allowedValues(c).includes(value)) return null;
  return c.scale
    ? `« ${c.label} » : ${value} n'est pas un niveau de l'échelle (${allowedValues(c).join(', ')}).`
    : `« ${c.label} » : la note doit être un nombre entier de 0 à ${c.max}.`;
}

/**
 * A note as typed in a criterion's field: null while empty, else the value or why it is refused,
 * naming the criterion: « 2,5 » is not a whole number, « -1 » is negative, « abc » not a number,
 * 9 out of a 0–5 scale.
 */
export function readScoreInput(c: Criterion, text: string): { value: number } | { problem: string } | null {
  const typed = text.trim();
  if (typed === '') return null;
  const range = `saisir un nombre entier de 0 à ${c.max}`;
  if (/^-\s*\d+([.,]\d*)?$/.test(typed)) return { problem: `« ${c.label} » : la note ne peut pas être négative ; ${range}.` };
  if (/^\d*[.,]\d+$|^\d+[.,]$/.test(typed)) {
    return { problem: `« ${c.label} » : la note est un nombre entier, sans virgule (« ${typed} » saisi) ; ${range}.` };
  }
  if (!/^\d+$/.test(typed)) return { problem: `« ${c.label} » : « ${typed} » n'est pas un nombre ; ${range}.` };
  const value = Number(typed);
  const problem = valueProblem(c, value);
  return problem ? { problem } : { value };
}

const criteriaOf = (grid: ScoringGrid) => grid.axes.flatMap((axis) => axis.criteria);

/** A score sheet checked against `grid`: known criteria, values on their scale, optional axes only set aside. */
export function scoreSheetSchema(grid: ScoringGrid) {
  const criteria = new Map(criteriaOf(grid).map((c) => [c.id, c]));
  const axes = new Map(grid.axes.map((axis) => [axis.id, axis]));
  return z
    .strictObject({
      values: z.record(z.string(), z.number({ error: 'Une note doit être un nombre.' }), {
        error: 'Les notes doivent être un objet { critère: points }.',
      }),
      setAside: z.array(z.string(), { error: 'Les axes écartés doivent être une liste.' }).default([]),
    })
    .superRefine((sheet, ctx) => {
      for (const [id, value] of Object.entries(sheet.values)) {
        const c = criteria.get(id);
        const issue = (message: string) => ctx.addIssue({ code: 'custom', path: ['values', id], message });
        const problem = c ? valueProblem(c, value) : `Le critère « ${id} » n'existe pas dans la grille.`;
        if (problem) issue(problem);
      }
      sheet.setAside.forEach((id, i) => {
        const axis = axes.get(id);
        const issue = (message: string) => ctx.addIssue({ code: 'custom', path: ['setAside', i], message });
        if (!axis) issue(`L'axe « ${id} » n'existe pas dans la grille.`);
        else if (!axis.optional) issue(`L'axe « ${axis.label} » est obligatoire : il ne peut pas être écarté.`);
        else if (sheet.setAside.indexOf(id) !== i) issue(`L'axe « ${axis.label} » est écarté deux fois.`);
      });
    }) satisfies z.ZodType<ScoreSheet, unknown>;
}

export type SuggestedOpinion = Exclude<OpinionKind, 'postponed'>;

export interface AxisScore {
  axisId: string;
  label: string;
  setAside: boolean;
  score: number;
  max: number;
}

export interface ScoreResult {
  axes: AxisScore[];
  /** Over the axes not set aside. */
  total: number;
  max: number;
  percentage: number;
  /** What the thresholds suggest; null while a criterion is missing. */
  opinion: SuggestedOpinion | null;
  missing: { axisId: string; criterionId: string; label: string }[];
}

/** The total and subtotals of a sheet that `scoreSheetSchema(grid)` accepted. */
export function computeScore(grid: ScoringGrid, sheet: ScoreSheet): ScoreResult {
  const missing: ScoreResult['missing'] = [];
  const axes = grid.axes.map((axis): AxisScore => {
    const setAside = axis.optional && sheet.setAside.includes(axis.id);
    let score = 0;
    for (const c of axis.criteria) {
      const value = sheet.values[c.id];
      if (value !== undefined) score += value;
      else if (!setAside) missing.push({ axisId: axis.id, criterionId: c.id, label: c.label });
    }
    return { axisId: axis.id, label: axis.label, setAside, score: setAside ? 0 : score, max: axisMax(axis) };
  });
  const counted = axes.filter((a) => !a.setAside);
  const total = counted.reduce((sum, a) => sum + a.score, 0);
  const max = counted.reduce((sum, a) => sum + a.max, 0);
  // Compared as total × 100 ≥ threshold × max, in whole numbers: 45 of 100 is 45 %, not 44,999… %.
  const reaches = (threshold: number) => total * 100 >= threshold * max;
  const opinion: SuggestedOpinion | null = missing.length
    ? null
    : reaches(grid.thresholds.favorable)
      ? 'favorable'
      : reaches(grid.thresholds.reservations)
        ? 'favorable_with_reservations'
        : 'unfavorable';
  return { axes, total, max, percentage: (total * 100) / max, opinion, missing };
}

// ---------------------------------------------------------------------------------------------
// Consensus

export interface CriterionSpread {
  criterionId: string;
  /** How many sheets score it. */
  scorers: number;
  min: number;
  max: number;
  /** max − min: where the scorers disagree, worth a discussion. */
  spread: number;
}

/** The allowed value nearest to `x`; halfway between two, the higher (usual rounding). */
function nearestAllowed(c: Criterion, x: number): number {
  return allowedValues(c).reduce((best, v) => {
    const d = Math.abs(v - x) - Math.abs(best - x);
    return d < 0 || (d === 0 && v > best) ? v : best;
  });
}

/**
 * The commission's consensus: per criterion, the median of the scorers' values, so that one
 * outlying scorer does not move it; with an even number of scorers, the midpoint of the two
 * middle values rounded to the nearest value of the scale. It always lies between the lowest
 * and the highest value given. An axis is set aside when most sheets set it aside.
 */
export function consensusScore(
  grid: ScoringGrid,
  sheets: readonly ScoreSheet[],
): { sheet: ScoreSheet; spread: CriterionSpread[] } {
  const values: Record<string, number> = {};
  const spread: CriterionSpread[] = [];
  for (const c of criteriaOf(grid)) {
    const given = sheets.flatMap((s) => (s.values[c.id] === undefined ? [] : [s.values[c.id]!])).sort((a, b) => a - b);
    if (!given.length) continue;
    const middle = Math.floor(given.length / 2);
    const median = given.length % 2 ? given[middle]! : (given[middle - 1]! + given[middle]!) / 2;
    values[c.id] = nearestAllowed(c, median);
    const [min, max] = [given[0]!, given[given.length - 1]!];
    spread.push({ criterionId: c.id, scorers: given.length, min, max, spread: max - min });
  }
  const setAside = grid.axes
    .filter((axis) => axis.optional && sheets.filter((s) => s.setAside.includes(axis.id)).length * 2 > sheets.length)
    .map((axis) => axis.id);
  return { sheet: { values, setAside }, spread };
}
