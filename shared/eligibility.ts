/**
 * The automatic eligibility check shown on every dossier (PRODUCT.md §3): each rule gives a pass,
 * a warning the secretariat should look at, or a blocking failure, with its reason in French.
 */
import { structureTypes, type DossierData, type Professional, type StructureType } from './dossier';
import {
  checkCommuneCode,
  checkProfessionalIdentifier,
  checkRna,
  checkSiret,
  professionalIdentifierKind,
} from './identifiers';
import { classifyProfession, isHealthProfession } from './professions';
import { formatEuros, toCents } from './session-rules';
import { foldText } from './text';
import { wholeNumber, z } from './validation';

export const attachmentKinds = ['health_project_signed', 'statutes', 'letter_of_intent', 'agreement_signed', 'other'] as const;
export type AttachmentKind = (typeof attachmentKinds)[number];
export const attachmentKindLabels: Record<AttachmentKind, string> = {
  health_project_signed: 'Projet de santé signé',
  statutes: 'Statuts',
  letter_of_intent: "Lettre d'intention",
  agreement_signed: 'Convention de financement signée',
  other: 'Autre document',
};

const minimum = (label: string) => wholeNumber(label, 100);

/** What a team of one structure type must count; 0 means no minimum. */
export const compositionRuleSchema = z.strictObject({
  minHealthProfessionals: minimum('Le nombre minimal de professionnels de santé'),
  minGeneralPractitioners: minimum('Le nombre minimal de médecins généralistes'),
  minParamedical: minimum('Le nombre minimal de professionnels paramédicaux'),
  /** The ACI asks for an auxiliaire médical; an ARS may accept a pharmacist in that place. */
  pharmacistCountsAsParamedical: z.boolean({
    error: 'Préciser si un pharmacien compte comme professionnel paramédical.',
  }),
});
export type CompositionRule = z.infer<typeof compositionRuleSchema>;

export const compositionRulesSchema = z.strictObject(
  Object.fromEntries(structureTypes.map((type) => [type, compositionRuleSchema])) as Record<
    StructureType,
    typeof compositionRuleSchema
  >,
);
export type CompositionRules = Record<StructureType, CompositionRule>;

const noMinimum: CompositionRule = {
  minHealthProfessionals: 0,
  minGeneralPractitioners: 0,
  minParamedical: 0,
  pharmacistCountsAsParamedical: false,
};

/** PRODUCT.md §1; each ARS adapts them. */
export const defaultCompositionRules: CompositionRules = {
  // L1411-11-1 CSP, and the Martinique guide's paramedical.
  ESP: { ...noMinimum, minHealthProfessionals: 2, minGeneralPractitioners: 1, minParamedical: 1 },
  // Cahier des charges and ACI: two GPs and one auxiliaire médical.
  MSP: { ...noMinimum, minGeneralPractitioners: 2, minParamedical: 1 },
  // A territory and a projet de santé, no headcount.
  CPTS: noMinimum,
  // Depends on the centre's nature.
  CDS: noMinimum,
};

export interface CommuneInfo {
  name: string;
  departmentCode: string;
  regionCode: string;
}

export interface EligibilityContext {
  /** The ARS's région (INSEE code), null while the agency's identity is not configured. */
  regionCode: string | null;
  /** Answered by the Node side from the official geographic code. */
  lookupCommune: (inseeCode: string) => CommuneInfo | undefined;
  rules: CompositionRules;
  attachments: readonly { kind: AttachmentKind }[];
}

export const ruleIds = [
  'composition',
  'professions',
  'professional_identifiers',
  'structure_identifiers',
  'commune',
  'health_project',
  'legal_entity',
  'information_system',
  'declared_count',
  'grant_breakdown',
] as const;
export type RuleId = (typeof ruleIds)[number];
export const ruleLabels: Record<RuleId, string> = {
  composition: "Composition de l'équipe",
  professions: 'Professions reconnues',
  professional_identifiers: 'Identifiants RPPS ou ADELI',
  structure_identifiers: 'SIRET et RNA de la structure',
  commune: 'Commune dans la région',
  health_project: 'Projet de santé signé',
  legal_entity: 'Structure juridique',
  information_system: "Système d'information labellisé",
  declared_count: 'Nombre de professionnels déclaré',
  grant_breakdown: "Ventilation de l'aide",
};

export const ruleStatuses = ['pass', 'warning', 'fail'] as const;
export type RuleStatus = (typeof ruleStatuses)[number];
export const ruleStatusLabels: Record<RuleStatus, string> = {
  pass: 'Conforme',
  warning: 'À vérifier',
  fail: 'Bloquant',
};

export interface RuleResult {
  rule: RuleId;
  label: string;
  status: RuleStatus;
  message: string;
  /** Dotted path of the dossier field concerned ("professionals.2.identifier"). */
  field?: string;
}

export interface Eligibility {
  /** No rule failed; warnings do not prevent it. */
  eligible: boolean;
  blocking: number;
  warnings: number;
  results: RuleResult[];
}

function result(rule: RuleId, status: RuleStatus, message: string, field?: string): RuleResult {
  const base = { rule, label: ruleLabels[rule], status, message };
  return field === undefined ? base : { ...base, field };
}

/** « aucun médecin généraliste », « 1 médecin généraliste », « 2 médecins généralistes ». */
function quantity(n: number, singular: string, plural: string): string {
  if (n === 0) return `aucun ${singular}`;
  return `${n} ${n > 1 ? plural : singular}`;
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
/** A check's reason, once it follows « Nom (numéro) : ». */
const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** « Infirmier : 2 ; Pharmacien : 1 », in order of first appearance. */
function tally(keys: string[]): string {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts].map(([key, n]) => `${key} : ${n}`).join(' ; ');
}

const personName = (p: Professional) => [p.firstName, p.lastName].filter(Boolean).join(' ');


function compositionResult(dossier: DossierData, rule: CompositionRule): RuleResult {
  const classified = dossier.professionals.map((p) => ({ p, profession: classifyProfession(p.profession) }));
  const counted = classified.filter((c) => isHealthProfession(c.profession.category));
  const [paramedicalSingular, paramedicalPlural] = rule.pharmacistCountsAsParamedical
    ? ['professionnel paramédical ou pharmacien', 'professionnels paramédicaux ou pharmaciens']
    : ['professionnel paramédical', 'professionnels paramédicaux'];
  const criteria = [
    {
      count: counted.length,
      min: rule.minHealthProfessionals,
      singular: 'professionnel de santé',
      plural: 'professionnels de santé',
    },
    {
      count: counted.filter((c) => c.profession.category === 'gp').length,
      min: rule.minGeneralPractitioners,
      singular: 'médecin généraliste',
      plural: 'médecins généralistes',
    },
    {
      count: counted.filter(
        (c) =>
          c.profession.category === 'paramedical' ||
          (rule.pharmacistCountsAsParamedical && c.profession.category === 'pharmacist'),
      ).length,
      min: rule.minParamedical,
      singular: paramedicalSingular,
      plural: paramedicalPlural,
    },
  ].filter((c) => c.min > 0);
  const counts = criteria.length
    ? criteria.map((c) => `${quantity(c.count, c.singular, c.plural)} (minimum ${c.min})`).join(', ')
    : 'pas de composition minimale pour ce type de structure : ' +
      quantity(counted.length, 'professionnel de santé', 'professionnels de santé');
  const excluded = classified
    .filter((c) => !isHealthProfession(c.profession.category))
    .map((c) => {
      const why =
        c.profession.category === 'unknown'
          ? 'profession non reconnue'
          : 'profession hors du code de la santé publique';
      return ` ${personName(c.p)} (${c.p.profession}) ne compte pas : ${why}.`;
    });
  const met = criteria.every((c) => c.count >= c.min);
  return result('composition', met ? 'pass' : 'fail', `${capitalize(counts)}.${excluded.join('')}`, 'professionals');
}

function professionResults(dossier: DossierData): RuleResult[] {
  if (dossier.professionals.length === 0) {
    return [result('professions', 'warning', "Aucun professionnel n'est listé dans le dossier.", 'professionals')];
  }
  const classified = dossier.professionals.map((p) => classifyProfession(p.profession));
  const doubts = dossier.professionals.flatMap((p, i) => {
    const profession = classified[i]!;
    if (profession.precise) return [];
    const message =
      profession.category === 'unknown'
        ? `${personName(p)} : profession « ${p.profession} » non reconnue, à corriger ou à préciser.`
        : `${personName(p)} : « ${p.profession} », préciser s'il s'agit d'un médecin généraliste.`;
    return [result('professions', 'warning', message, `professionals.${i}.profession`)];
  });
  if (doubts.length) return doubts;
  return [result('professions', 'pass', `${tally(classified.map((c) => c.label))}.`)];
}

function professionalIdentifierResults(dossier: DossierData): RuleResult[] {
  const missing: string[] = [];
  const problems = dossier.professionals.flatMap((p, i) => {
    if (!p.identifier) {
      missing.push(personName(p));
      return [];
    }
    const check = checkProfessionalIdentifier(p.identifier);
    const field = `professionals.${i}.identifier`;
    const about = (text: string) => `${personName(p)} (${p.identifier}) : ${lowerFirst(text)}`;
    if (!check.valid) return [result('professional_identifiers', 'fail', about(check.reason), field)];
    if (check.warning) return [result('professional_identifiers', 'warning', about(check.warning), field)];
    return [];
  });
  if (missing.length) {
    const message = `Numéro RPPS ou ADELI non renseigné : ${missing.join(', ')}.`;
    problems.push(result('professional_identifiers', 'warning', message, 'professionals'));
  }
  if (problems.length) return problems;
  if (dossier.professionals.length === 0) {
    return [result('professional_identifiers', 'pass', 'Aucun identifiant à vérifier.')];
  }
  // Every identifier is valid here, hence of a known kind.
  const kinds = tally(dossier.professionals.map((p) => professionalIdentifierKind(p.identifier)!));
  return [result('professional_identifiers', 'pass', `Identifiants valides (${kinds}).`)];
}

function structureIdentifierResults(dossier: DossierData): RuleResult[] {
  const given = [
    { value: dossier.legalEntity.siret, name: 'SIRET', check: checkSiret, field: 'legalEntity.siret' },
    { value: dossier.legalEntity.rna, name: 'numéro RNA', check: checkRna, field: 'legalEntity.rna' },
  ].filter((id) => id.value);
  const problems = given.flatMap((id) => {
    const check = id.check(id.value);
    if (check.valid) return [];
    const message = `${capitalize(id.name)} ${id.value} : ${lowerFirst(check.reason)}`;
    return [result('structure_identifiers', 'fail', message, id.field)];
  });
  if (problems.length) return problems;
  const message = given.length
    ? `${capitalize(given.map((id) => id.name).join(' et '))} valide${given.length > 1 ? 's' : ''}.`
    : 'Ni SIRET ni numéro RNA à vérifier.';
  return [result('structure_identifiers', 'pass', message)];
}

/** A name as typed on the platform may carry its postal code: « Hirson (02500) ». */
const foldCommuneName = (name: string) =>
  foldText(name.replace(/\(\s*\d{5}\s*\)\s*$/, '')).replace(/\bste?\b/g, (s) => (s === 'st' ? 'saint' : 'sainte'));

function communeResult(dossier: DossierData, ctx: EligibilityContext): RuleResult {
  const code = dossier.communeCode;
  const verdict = (status: RuleStatus, message: string) => result('commune', status, message, 'communeCode');
  if (!code) return verdict('fail', "Le code INSEE de la commune n'est pas renseigné.");
  const format = checkCommuneCode(code);
  if (!format.valid) return verdict('fail', format.reason);
  const commune = ctx.lookupCommune(code);
  const postalCode = 'est-ce le code postal ?';
  if (!commune) return verdict('fail', `Le code INSEE ${code} ne correspond à aucune commune : ${postalCode}`);
  const place = `${commune.name} (${commune.departmentCode})`;
  // A postal code is often the INSEE code of another commune: the name typed tells.
  const otherName =
    dossier.communeName && foldCommuneName(dossier.communeName) !== foldCommuneName(commune.name)
      ? ` Le code INSEE ${code} est celui de ${commune.name}, pas de « ${dossier.communeName} » : ${postalCode}`
      : '';
  if (ctx.regionCode === null) {
    const unchecked = "la région de l'agence n'est pas configurée (paramètres, identité de l'agence)";
    return verdict('warning', `${place} : ${unchecked}, la commune n'est pas vérifiée.${otherName}`);
  }
  if (commune.regionCode !== ctx.regionCode) {
    const where = `est dans la région ${commune.regionCode}, hors de la région de l'agence (${ctx.regionCode})`;
    return verdict('fail', `${place} ${where}.${otherName}`);
  }
  if (otherName) return verdict('warning', `${place}, dans la région de l'agence.${otherName}`);
  return result('commune', 'pass', `${place}, dans la région de l'agence.`);
}

const looksLikeHealthProject = (fileName: string) => /\bprojet\b.*\bsante\b|\bpds\b/.test(foldText(fileName));

function healthProjectResult(dossier: DossierData, ctx: EligibilityContext): RuleResult {
  if (ctx.attachments.some((a) => a.kind === 'health_project_signed')) {
    return result('health_project', 'pass', 'Le projet de santé signé est joint au dossier.');
  }
  const declared = dossier.declaredFiles.find(looksLikeHealthProject);
  if (declared) {
    return result(
      'health_project',
      'warning',
      `Projet de santé déclaré sur Démarches Simplifiées (« ${declared} »), à joindre une fois signé.`,
      'declaredFiles',
    );
  }
  return result('health_project', 'fail', "Aucun projet de santé signé n'est joint au dossier.");
}

/** What people type for « no legal entity », once folded. */
const noLegalForm = /^(aucune?|neant|sans( objet)?|non|pas de structure( juridique)?|n ?a)$/;

function legalEntityResult(dossier: DossierData): RuleResult {
  const { requested } = dossier.grant;
  const { form, siret, rna } = dossier.legalEntity;
  if (requested === 0) {
    return result('legal_entity', 'pass', 'Aucune aide sollicitée : pas de structure juridique exigée.');
  }
  if (!form || noLegalForm.test(foldText(form))) {
    return result(
      'legal_entity',
      'fail',
      `Une aide de ${formatEuros(requested)} est sollicitée sans structure juridique${form ? ` (« ${form} »)` : ''} : ` +
        'il faut une personne morale (association loi 1901, SISA…) pour la recevoir.',
      'legalEntity.form',
    );
  }
  if (!siret && !rna) {
    return result('legal_entity', 'warning', `${form} : ni SIRET ni numéro RNA renseigné.`, 'legalEntity.siret');
  }
  return result('legal_entity', 'pass', `Aide de ${formatEuros(requested)} sollicitée ; structure porteuse : ${form}.`);
}

function informationSystemResult(dossier: DossierData): RuleResult {
  const { informationSystem: name, informationSystemLabelled: labelled } = dossier.coordination;
  const field = 'coordination.informationSystem';
  if (!name) {
    return result(
      'information_system',
      'warning',
      labelled
        ? "Système d'information déclaré labellisé, mais le logiciel n'est pas nommé."
        : "Aucun système d'information partagé n'est indiqué.",
      field,
    );
  }
  const ans = "l'Agence du numérique en santé";
  if (labelled === true) return result('information_system', 'pass', `${name}, labellisé par ${ans}.`);
  return result(
    'information_system',
    'warning',
    labelled === false
      ? `${name} n'est pas déclaré labellisé par ${ans}.`
      : `${name} : la labellisation par ${ans} n'est pas précisée.`,
    'coordination.informationSystemLabelled',
  );
}

function declaredCountResult(dossier: DossierData): RuleResult {
  const declared = dossier.project.declaredProfessionals;
  const listed = quantity(dossier.professionals.length, 'professionnel listé', 'professionnels listés');
  if (declared === null) return result('declared_count', 'pass', `Nombre non déclaré ; ${listed}.`);
  const text = `${quantity(declared, 'professionnel déclaré', 'professionnels déclarés')}, ${listed}.`;
  if (declared > 0 && dossier.professionals.length === 0) {
    // Most often an export whose professionals' sheet was not read: the team is missing, not absent.
    const message =
      `${capitalize(quantity(declared, 'professionnel déclaré', 'professionnels déclarés'))}, mais aucun n'est listé : ` +
      "la liste des professionnels n'a pas été importée (l'export CSV ne la contient pas ; les exports XLSX et ODS la " +
      'donnent sur une feuille à part) ni saisie. Importez-la ou saisissez-la pour vérifier la composition.';
    return result('declared_count', 'warning', message, 'professionals');
  }
  return declared === dossier.professionals.length
    ? result('declared_count', 'pass', capitalize(text))
    : result('declared_count', 'warning', capitalize(text), 'project.declaredProfessionals');
}

function grantBreakdownResult(dossier: DossierData): RuleResult {
  const { requested, engineering, it, furniture } = dossier.grant;
  // In cents, so that 0.1 + 0.2 adds up.
  const total = toCents(engineering) + toCents(it) + toCents(furniture);
  if (requested === 0 && total === 0) return result('grant_breakdown', 'pass', 'Aucune aide sollicitée.');
  const parts = [engineering, it, furniture].map(formatEuros).join(' + ');
  const sum = `Ingénierie, informatique et mobilier : ${parts} = ${formatEuros(total / 100)}`;
  return total === toCents(requested)
    ? result('grant_breakdown', 'pass', `${sum}.`)
    : result('grant_breakdown', 'warning', `${sum}, pour ${formatEuros(requested)} sollicités.`, 'grant.requested');
}

export function checkEligibility(dossier: DossierData, ctx: EligibilityContext): Eligibility {
  const results = [
    compositionResult(dossier, ctx.rules[dossier.structureType]),
    ...professionResults(dossier),
    ...professionalIdentifierResults(dossier),
    ...structureIdentifierResults(dossier),
    communeResult(dossier, ctx),
    healthProjectResult(dossier, ctx),
    legalEntityResult(dossier),
    informationSystemResult(dossier),
    declaredCountResult(dossier),
    grantBreakdownResult(dossier),
  ];
  const blocking = results.filter((r) => r.status === 'fail').length;
  return {
    eligible: blocking === 0,
    blocking,
    warnings: results.filter((r) => r.status === 'warning').length,
    results,
  };
}
