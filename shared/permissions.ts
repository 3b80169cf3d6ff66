/**
 * Who may call each contract method, in one table: the runtime refuses the others, the
 * renderer hides what the signed-in role cannot do. Which dossiers a role reads or edits
 * (an instructor's départements, a member's sessions) is the services' part.
 * While a database has no account, everyone has every right (one laptop, as before accounts).
 */
import { roleLabels, type Role } from './accounts';
import type { MethodName } from './contract/methods';

export interface Permission {
  /** 'public': even signed out; 'signedIn': any account; otherwise the roles allowed. */
  who: 'public' | 'signedIn' | readonly Role[];
  /** What the refusal says the role cannot do: « ne permet pas de … ». */
  what: string;
}

const everyone = ['secretariat', 'instructor', 'member', 'readonly'] as const;
const rule = (who: Permission['who'], what: string): Permission => ({ who, what });

const open = rule('public', '');
const self = rule('signedIn', '');
const read = rule(everyone, 'consulter les dossiers');
const agencyRead = rule(['secretariat', 'readonly'], 'consulter le journal, les documents et les tableaux de l’agence');
const followRead = rule(['secretariat', 'instructor', 'readonly'], 'consulter le suivi des aides');
const instruct = rule(['secretariat', 'instructor'], 'modifier les dossiers');
const score = rule(['secretariat', 'instructor', 'member'], 'noter les dossiers');
const declare = rule(['member'], 'déclarer un lien d’intérêts (seul un membre déclare les siens)');
const settings = rule(['secretariat'], 'modifier les paramètres de l’agence');
const imports = rule(['secretariat'], 'importer des dossiers');
const sessions = rule(['secretariat'], 'préparer ou tenir les séances');
const documents = rule(['secretariat'], 'produire ou envoyer les documents');
const followUp = rule(['secretariat'], 'enregistrer les conventions, les versements et les désistements');
const records = rule(['secretariat'], 'gérer les sauvegardes et la conservation des données');
const accounts = rule(['secretariat'], 'gérer les comptes');

export const permissions: Record<MethodName, Permission> = {
  'app.info': open,
  'auth.status': open,
  'auth.signIn': open,
  'auth.signOut': open,
  'auth.createFirstAccount': open,
  'auth.changePassword': self,
  // Kinds and ids of what changed, for every screen to refresh: no content.
  'changes.since': self,
  // Which database this machine opens is read before anyone can sign in to it.
  'connection.get': open,
  // Restarting the app changes nothing by itself.
  'connection.restart': open,
  'connection.test': settings,
  'connection.save': settings,
  'ds.connection.save': settings,
  'ds.connection.test': settings,
  'accounts.list': accounts,
  'accounts.save': accounts,
  'accounts.resetPassword': accounts,
  'accounts.disable': accounts,

  'settings.get': read,
  'reference.regions': read,
  'grid.get': read,
  'members.list': read,
  'dossiers.list': read,
  'dossiers.get': read,
  'dossiers.examinations': read,
  'attachments.open': read,
  'eligibility.report': read,
  'sessions.list': read,
  'sessions.get': read,
  'scores.get': read,
  'live.get': read,
  'dashboard.deadlines': followRead,
  'followup.get': followRead,

  'dossiers.create': instruct,
  'dossiers.update': instruct,
  'attachments.add': instruct,
  'attachments.remove': instruct,
  'scores.save': score,
  'conflicts.declare': declare,

  'audit.list': agencyRead,
  'audit.verify': agencyRead,
  'envelope.get': agencyRead,
  'sessions.export': agencyRead,
  'import.mappings.list': agencyRead,
  'backups.list': agencyRead,
  'documents.list': agencyRead,
  'documents.preview': agencyRead,
  'documents.job': agencyRead,
  'documents.open': agencyRead,
  'documents.print': agencyRead,
  'documents.reveal': agencyRead,
  'documents.saveCopy': agencyRead,
  'convocations.get': agencyRead,
  'convocations.open': agencyRead,
  'ds.push.preview': agencyRead,
  'ds.connection.get': agencyRead,

  'settings.update': settings,
  'grid.update': settings,
  'zoning.import': settings,
  'config.export': settings,
  'config.preview': settings,
  'config.import': settings,
  'import.mappings.save': settings,
  'import.mappings.delete': settings,
  'import.preview': imports,
  'import.run': imports,
  'ds.sync.preview': imports,
  'ds.sync.run': imports,
  'ds.sync.start': imports,
  'ds.sync.job': imports,

  'members.save': sessions,
  'members.merge': sessions,
  'sessions.create': sessions,
  'sessions.update': sessions,
  'sessions.setRoll': sessions,
  'sessions.transition': sessions,
  'sessions.close': sessions,
  'sessions.reopen': sessions,
  'sessions.delete': sessions,
  'agenda.set': sessions,
  'conflicts.set': sessions,
  'items.recordOpinion': sessions,
  'items.recordDecision': sessions,
  'live.set': sessions,

  'documents.generate': documents,
  'documents.start': documents,
  'documents.cancel': documents,
  'documents.markSent': documents,
  'ds.push.run': documents,
  'ds.withdrawal.push': documents,
  'documents.zip': documents,
  'mail.letterDraft': documents,
  'mail.sessionDrafts': documents,
  'convocations.generate': documents,
  'convocations.markSent': documents,
  'convocations.draft': documents,
  'convocations.drafts': documents,

  'followup.recordAgreement': followUp,
  'followup.recordPayment': followUp,
  'followup.recordReport': followUp,
  'dossiers.withdraw': followUp,
  'dossiers.cancelWithdrawal': followUp,

  'backups.create': records,
  'backups.archive': records,
  'backups.job': records,
  'backups.restore': records,
  'backups.cancelRestore': records,
  'records.purge': records,
};

/** Whether a role may call the method; null (no account on the database) may call everything. */
export function mayCall(role: Role | null, method: MethodName): boolean {
  const { who } = permissions[method];
  return role === null || who === 'public' || who === 'signedIn' || who.includes(role);
}

/** The French refusal for a role the method is not open to. */
export function forbiddenMessage(role: Role, method: MethodName): string {
  return `Votre rôle (${roleLabels[role]}) ne permet pas de ${permissions[method].what}.`;
}
