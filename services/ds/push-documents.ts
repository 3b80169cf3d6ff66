/**
 * The GraphQL documents that send a decision to Démarches Simplifiées, written for the app from
 * the platform's published schema (tests validate each one against it).
 */
import type { DsPushAction } from '../../shared/ds-push';
import type { DsState } from '../../shared/dossier';

/** The dossier as the push needs it: its platform id, state, and the instructors of its group. */
export const pushDossierQuery = /* GraphQL */ `
  query PushDossier($number: Int!) {
    dossier(number: $number) {
      id
      number
      state
      dateTraitement
      groupeInstructeur {
        instructeurs {
          id
          email
        }
      }
    }
  }
`;

export interface PushDossier {
  dossier: {
    id: string;
    number: number;
    state: DsState;
    dateTraitement: string | null;
    groupeInstructeur: { instructeurs: { id: string; email: string }[] };
  };
}

/** Where to PUT the letter's bytes, and the signed blob id the decision then names. */
export const createDirectUploadMutation = /* GraphQL */ `
  mutation CreateDirectUpload($input: CreateDirectUploadInput!) {
    createDirectUpload(input: $input) {
      directUpload {
        url
        headers
        signedBlobId
      }
    }
  }
`;

export interface CreateDirectUpload {
  createDirectUpload: { directUpload: { url: string; headers: string; signedBlobId: string } } | null;
}

/** Every decision mutation answers the dossier's new state or the platform's reasons for refusing. */
const stateChange = (name: string, input: string) => /* GraphQL */ `
  mutation ${name[0]!.toUpperCase()}${name.slice(1)}($input: ${input}!) {
    ${name}(input: $input) {
      dossier {
        id
        state
      }
      errors {
        message
      }
    }
  }
`;

export const passerEnInstructionMutation = stateChange('dossierPasserEnInstruction', 'DossierPasserEnInstructionInput');
export const repasserEnInstructionMutation = stateChange('dossierRepasserEnInstruction', 'DossierRepasserEnInstructionInput');

/** The decision mutation of each action, and the field its answer comes under. */
export const decisionMutations: Record<DsPushAction, { field: string; document: string }> = {
  accept: { field: 'dossierAccepter', document: stateChange('dossierAccepter', 'DossierAccepterInput') },
  refuse: { field: 'dossierRefuser', document: stateChange('dossierRefuser', 'DossierRefuserInput') },
  close: { field: 'dossierClasserSansSuite', document: stateChange('dossierClasserSansSuite', 'DossierClasserSansSuiteInput') },
};

export interface StateChangePayload {
  dossier: { id: string; state: DsState } | null;
  errors: { message: string }[] | null;
}

export const envoyerMessageMutation = /* GraphQL */ `
  mutation DossierEnvoyerMessage($input: DossierEnvoyerMessageInput!) {
    dossierEnvoyerMessage(input: $input) {
      message {
        id
      }
      errors {
        message
      }
    }
  }
`;

export interface EnvoyerMessage {
  dossierEnvoyerMessage: { message: { id: string } | null; errors: { message: string }[] | null } | null;
}

/** Every document of this module, for the schema check. */
export const pushDocuments = [
  pushDossierQuery,
  createDirectUploadMutation,
  passerEnInstructionMutation,
  repasserEnInstructionMutation,
  ...Object.values(decisionMutations).map((m) => m.document),
  envoyerMessageMutation,
];
