import { join } from 'node:path';
import type { Handlers, Output } from '../shared/contract';
import { listAudit } from '../db/queries/audit';
import { verifyAuditChain } from '../db/queries/audit-chain';
import { archivePath, backupsStatus, createArchive, makeBackup } from './backup';
import { cancelRestore, stageRestore } from './restore';
import { AppError } from '../shared/result';
import { SHARED_BACKUPS_MESSAGE } from '../shared/backups';
import { purgeRecords } from './retention';
import { addAttachment, openAttachment, removeAttachment } from './attachments';
import type { ServiceContext } from './context';
import { accountsList, authStatus, changePassword, createFirstAccount, disableAccount, resetPassword, saveAccount, signIn, signOut } from './auth';
import { declareInterest, scoped } from './scope';
import { createDossier, editDossier, getDossierDetail, listDossierSummaries } from './dossiers';
import { eligibilityReport } from './eligibility';
import { deleteImportMapping, listImportMappings, previewImport, runImport, saveImportMapping } from './imports';
import { regions } from './reference';
import { readVersionedSettings, updateSettings } from './settings';
import { importZoning } from './zoning';
import { getScores, saveScores, updateGrid } from './scores';
import { exportConfig, importConfig, previewConfig } from './config';
import { dashboardDeadlines } from './deadlines';
import { getFollowUp, recordAgreement, recordPayment, recordReport } from './followup';
import { cancelWithdrawal, withdrawDossier } from './withdrawals';
import { yearEnvelope } from './envelope';
import { changesSince, getLiveItem, setLiveItem } from './live';
import { connectionState, connectionView, restartApp, saveConnection, testConnection } from './connection';
import { clientFor, connectionOf, getDsConnections, saveDsConnection, testDsConnection } from './ds/connection';
import { previewSync, runSync } from './ds/sync';
import { localToday } from './dates';
import { previewPush, pushWithdrawal, runPush } from './ds/push';
import { exportSession } from './exports';
import { generateSessionDocuments, listDocuments, markSent, previewDocument } from './documents';
import { openDocument, printDocument, revealDocument, saveDocumentCopy, zipSessionDocuments } from './document-files';
import { draftLetterMail, draftSessionMails } from './mail-drafts';
import {
  draftConvocationMail,
  draftConvocationMails,
  generateConvocations,
  getConvocations,
  recordConvocationsSent,
  openConvocation,
} from './convocations';
import {
  closeSession,
  createSession,
  currentGrid,
  deleteSession,
  getSessionDetail,
  listSessions,
  listVersionedMembers,
  mergeMembers,
  recordDecision,
  recordOpinion,
  reopenSession,
  saveRosterMember,
  setAgenda,
  setRoll,
  setWithdrawals,
  transitionSession,
  updateSession,
  dossierExaminations,
} from './sessions';

/** The implementation of the whole contract, held to each account's reach; every transport serves this one map. */
export const handlers: Handlers<ServiceContext> = scoped({
  'app.info': (_input, ctx) => ({
    version: ctx.appVersion,
    databasePath: ctx.databasePath,
    schemaVersion: ctx.schemaVersion,
    dataDir: ctx.dataDir,
    attachmentsDir: join(ctx.dataDir, 'pieces'),
    documentsDir: join(ctx.dataDir, 'documents'),
  }),
  'settings.get': (_input, ctx) => readVersionedSettings(ctx.db),
  'settings.update': updateSettings,
  'reference.regions': () => regions(),
  'audit.list': (input, ctx) => listAudit(ctx.db, input),
  'dossiers.list': listDossierSummaries,
  'dossiers.get': (input, ctx) => getDossierDetail(ctx.db, input),
  'dossiers.create': createDossier,
  'dossiers.update': editDossier,
  'attachments.add': addAttachment,
  'attachments.remove': removeAttachment,
  'attachments.open': openAttachment,
  'eligibility.report': (input, ctx) => eligibilityReport(ctx.db, input),
  'import.preview': previewImport,
  'import.run': runImport,
  'import.mappings.list': (_input, ctx) => listImportMappings(ctx),
  'import.mappings.save': saveImportMapping,
  'import.mappings.delete': deleteImportMapping,
  'zoning.import': importZoning,
  'grid.get': (_input, ctx) => currentGrid(ctx.db),
  'grid.update': updateGrid,
  'config.export': exportConfig,
  'config.preview': previewConfig,
  'config.import': importConfig,
  'members.list': (_input, ctx) => listVersionedMembers(ctx.db),
  'members.save': saveRosterMember,
  'sessions.list': (_input, ctx) => listSessions(ctx.db),
  'sessions.get': (input, ctx) => getSessionDetail(ctx.db, input.id),
  'sessions.create': createSession,
  'sessions.update': updateSession,
  'sessions.setRoll': setRoll,
  'agenda.set': setAgenda,
  'conflicts.set': setWithdrawals,
  'items.recordOpinion': recordOpinion,
  'items.recordDecision': recordDecision,
  'sessions.transition': transitionSession,
  'sessions.close': closeSession,
  'sessions.reopen': reopenSession,
  'scores.get': (input, ctx) => getScores(ctx.db, input),
  'scores.save': saveScores,
  'documents.generate': (input, ctx) => generateSessionDocuments(ctx, input),
  'documents.start': (input, ctx) => ctx.jobs.start((progress) => generateSessionDocuments(ctx, input, progress)),
  'documents.job': (input, ctx) => ctx.jobs.get(input.jobId) as Output<'documents.job'>,
  'documents.cancel': (input, ctx) => ctx.jobs.cancel(input.jobId) as Output<'documents.job'>,
  'documents.preview': (input, ctx) => previewDocument(ctx, input),
  'documents.list': (input, ctx) => listDocuments(ctx.db, input),
  'documents.markSent': (input, ctx) => markSent(ctx, input),
  'documents.open': (input, ctx) => openDocument(ctx, input),
  'documents.print': (input, ctx) => printDocument(ctx, input),
  'documents.reveal': (input, ctx) => revealDocument(ctx, input),
  'documents.saveCopy': (input, ctx) => saveDocumentCopy(ctx, input),
  'documents.zip': (input, ctx) => zipSessionDocuments(ctx, input),
  'mail.letterDraft': (input, ctx) => draftLetterMail(ctx, input),
  'mail.sessionDrafts': (input, ctx) => draftSessionMails(ctx, input),
  'convocations.get': (input, ctx) => getConvocations(ctx, input),
  'convocations.generate': (input, ctx) => generateConvocations(ctx, input),
  'convocations.open': (input, ctx) => openConvocation(ctx, input),
  'convocations.markSent': (input, ctx) => recordConvocationsSent(ctx, input),
  'convocations.draft': (input, ctx) => draftConvocationMail(ctx, input),
  'convocations.drafts': (input, ctx) => draftConvocationMails(ctx, input),
  'sessions.export': (input, ctx) => exportSession(ctx.db, input),
  'dashboard.deadlines': (input, ctx) => dashboardDeadlines(ctx.db, input.today ?? localToday(ctx)),
  'audit.verify': (_input, ctx) => verifyAuditChain(ctx.db),
  'backups.list': (_input, ctx) => backupsStatus(ctx),
  'backups.create': (_input, ctx) => makeBackup(ctx, 'manual'),
  'backups.archive': async (input, ctx) => {
    const target = await archivePath(ctx, input.file);
    return ctx.jobs.start((progress) => createArchive(ctx, target, progress));
  },
  'backups.job': (input, ctx) => ctx.jobs.get(input.jobId) as Output<'backups.job'>,
  'backups.restore': (input, ctx) => {
    // A restore replaces a database file: the shared server's are its administrators'.
    if (ctx.engine === 'postgres') throw new AppError('CONFLICT', SHARED_BACKUPS_MESSAGE);
    return stageRestore(ctx.db, ctx, input.file);
  },
  'backups.cancelRestore': (_input, ctx) => cancelRestore(ctx.dataDir),
  'records.purge': purgeRecords,
  'dossiers.examinations': dossierExaminations,
  'followup.get': (input, ctx) => getFollowUp(ctx.db, input.dossierId, localToday(ctx)),
  'followup.recordAgreement': recordAgreement,
  'followup.recordPayment': recordPayment,
  'followup.recordReport': recordReport,
  'dossiers.withdraw': withdrawDossier,
  'dossiers.cancelWithdrawal': cancelWithdrawal,
  'sessions.delete': deleteSession,
  'members.merge': mergeMembers,
  'envelope.get': (input, ctx) => yearEnvelope(ctx.db, input.year),
  'changes.since': (input, ctx) => changesSince(ctx.db, input.cursor),
  'live.get': (input, ctx) => getLiveItem(ctx.db, input.sessionId),
  'live.set': setLiveItem,
  'ds.push.preview': (input, ctx) => previewPush(ctx.db, input.sessionId),
  'ds.push.run': async (input, ctx) => runPush(ctx, input, clientFor(ctx, await connectionOf(ctx, input.procedureNumber))),
  'ds.withdrawal.push': async (input, ctx) => pushWithdrawal(ctx, input, clientFor(ctx, await connectionOf(ctx, input.procedureNumber))),
  'connection.get': (_input, ctx) => connectionState(ctx, connectionView(ctx.localDir, ctx.secrets)),
  'connection.test': (input) => testConnection(input.connection, input.password),
  'connection.save': (input, ctx) => connectionState(ctx, saveConnection(ctx.localDir, ctx.secrets, input.connection, input.password)),
  'connection.restart': (_input, ctx) => restartApp(ctx),
  'ds.connection.get': (_input, ctx) => getDsConnections(ctx),
  'ds.connection.save': saveDsConnection,
  'ds.connection.test': testDsConnection,
  'auth.status': authStatus,
  'auth.signIn': signIn,
  'auth.signOut': signOut,
  'auth.changePassword': changePassword,
  'auth.createFirstAccount': createFirstAccount,
  'accounts.list': accountsList,
  'accounts.save': saveAccount,
  'accounts.resetPassword': resetPassword,
  'accounts.disable': disableAccount,
  'conflicts.declare': declareInterest,
  'ds.sync.preview': (input, ctx) => previewSync(ctx, input),
  'ds.sync.run': (input, ctx) => runSync(ctx, input),
  'ds.sync.start': (input, ctx) => ctx.jobs.start((progress) => runSync(ctx, input, progress)),
  'ds.sync.job': (input, ctx) => ctx.jobs.get(input.jobId) as Output<'ds.sync.job'>,
});
