/**
 * The GraphQL documents that send a decision to Démarches Simplifiées, written for the app from
 * the platform's published schema (test/unit/ds-push-documents.test.ts validates each one).
 */
import type { DsPushAction } from '../../shared/ds-push';
import type { DsState } from '../../shared/dossier';
import { dsDocument, type DsDocument } from './client';

/**
 * The dossier as the push needs it: its platform id, state, the instructors of its group, and
 * the checksums of its messages' attachments (a letter already posted is not sent again).
 */
export const pushDossierQuery = dsDocument<
  {
    dossier: {
      id: string;
      number: number;
      state: DsState;
      dateTraitement: string | null;
      groupeInstructeur: { instructeurs: { id: string; email: string }[] };
      messages: { attachments: { checksum: string }[] }[];
    };
  },
  { number: number }
>(`query commissionPushDossier($number: Int!) {
  dossier(number: $number) {
    id
    number
    state
    dateTraitement
    groupeInstructeur { instructeurs { id email } }
    messages { attachments { checksum } }
  }
}`);

/** Where to PUT the letter's bytes, and the signed blob id the decision then names. */
export const createDirectUploadMutation = dsDocument<
  { createDirectUpload: { directUpload: { url: string; headers: string; signedBlobId: string } } | null },
  { input: { dossierId: string; filename: string; byteSize: number; checksum: string; contentType: string } }
>(`mutation commissionCreateDirectUpload($input: CreateDirectUploadInput!) {
  createDirectUpload(input: $input) {
    directUpload { url headers signedBlobId }
  }
}`);

export interface StateChangePayload {
  dossier: { id: string; state: DsState } | null;
  errors: { message: string }[] | null;
}

interface Decider {
  dossierId: string;
  instructeurId: string;
}

export interface StateChange<Input> {
  field: string;
  document: DsDocument<Record<string, StateChangePayload | null>, { input: Input }>;
}

/** Every state change answers the dossier's new state, or the platform's reasons for refusing. */
function stateChange<Input extends Decider>(field: string, inputType: string): StateChange<Input> {
  const operation = `commission${field[0]!.toUpperCase()}${field.slice(1)}`;
  return {
    field,
    document: dsDocument(`mutation ${operation}($input: ${inputType}!) {
  ${field}(input: $input) {
    dossier { id state }
    errors { message }
  }
}`),
  };
}

export const passerEnInstruction = stateChange<Decider>('dossierPasserEnInstruction', 'DossierPasserEnInstructionInput');
export const repasserEnInstruction = stateChange<Decider>('dossierRepasserEnInstruction', 'DossierRepasserEnInstructionInput');

type Decision = Decider & { motivation: string; justificatif: string };

/** The decision mutation of each action that takes one: a postponement leaves the dossier in instruction. */
export const decisionMutations: Record<Exclude<DsPushAction, 'postpone'>, StateChange<Decision>> = {
  accept: stateChange('dossierAccepter', 'DossierAccepterInput'),
  refuse: stateChange('dossierRefuser', 'DossierRefuserInput'),
};

/** A withdrawn dossier closed without a decision, the withdrawal as its motivation. */
export const classerSansSuite = stateChange<Decider & { motivation: string }>('dossierClasserSansSuite', 'DossierClasserSansSuiteInput');

export const envoyerMessageMutation = dsDocument<
  { dossierEnvoyerMessage: { message: { id: string } | null; errors: { message: string }[] | null } | null },
  { input: Decider & { body: string; attachment: string } }
>(`mutation commissionEnvoyerMessage($input: DossierEnvoyerMessageInput!) {
  dossierEnvoyerMessage(input: $input) {
    message { id }
    errors { message }
  }
}`);

/** Every document of the push, for the schema check. */
export const pushDocuments: DsDocument<unknown, unknown>[] = [
  pushDossierQuery,
  createDirectUploadMutation,
  passerEnInstruction.document,
  repasserEnInstruction.document,
  ...Object.values(decisionMutations).map((m) => m.document),
  classerSansSuite.document,
  envoyerMessageMutation,
];
