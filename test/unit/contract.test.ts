import { describe, expect, it, vi } from 'vitest';
import { contract, methodNames, type Handlers } from '../../shared/contract';
import { createDispatcher } from '../../shared/contract/dispatch';
import { AppError } from '../../shared/result';
import { sampleIdentity } from '../support/fixtures';

/** Handlers that echo their parsed input, or fail on demand, to observe the dispatcher alone. */
function fakeHandlers(overrides: Partial<Handlers<null>> = {}): Handlers<null> {
  const echo = ((input: unknown) => input) as never;
  return Object.fromEntries(methodNames.map((m) => [m, overrides[m] ?? echo])) as Handlers<null>;
}

describe('contract', () => {
  it('describes every method, and only those', () => {
    expect(Object.keys(contract).sort()).toEqual([...methodNames].sort());
    for (const m of methodNames) expect(contract[m].description).toMatch(/\S/);
  });

  it('accepts a complete identity and trims its texts', () => {
    const parsed = contract['settings.update'].input.parse({
      identity: sampleIdentity({ agencyName: '  ARS Hauts-de-France  ' }),
    });
    expect(parsed.identity?.agencyName).toBe('ARS Hauts-de-France');
  });

  it('rejects an update that carries no section', () => {
    expect(contract['settings.update'].input.safeParse({}).success).toBe(false);
  });
});

describe('dispatcher', () => {
  it('hands the parsed input to the handler and wraps the value', async () => {
    const dispatch = createDispatcher(fakeHandlers(), null);
    const result = await dispatch('audit.list', { entityType: 'settings' });
    expect(result).toEqual({ ok: true, value: { entityType: 'settings', limit: 100 } });
  });

  it('maps a schema failure to VALIDATION with a French message naming each field', async () => {
    const handler = vi.fn();
    const dispatch = createDispatcher(fakeHandlers({ 'settings.update': handler }), null);
    const identity = sampleIdentity({
      address: { street: '1 rue X', postalCode: '59A', city: 'Lille' },
      departments: [{ code: '59', email: 'pas-une-adresse' }],
    });
    const result = await dispatch('settings.update', { identity });
    expect(handler).not.toHaveBeenCalled();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('VALIDATION');
    expect(result.error.details).toEqual([
      { field: 'identity.address.postalCode', message: 'Le code postal doit comporter 5 chiffres.' },
      {
        field: 'identity.departments.0.email',
        message: "Le courriel de contact du département n'est pas une adresse électronique valide.",
      },
    ]);
    expect(result.error.message).toContain('identity.address.postalCode');
  });

  it('names the field when there is a single problem', async () => {
    const dispatch = createDispatcher(fakeHandlers(), null);
    const result = await dispatch('settings.update', { grants: { defaultStartupGrant: 'beaucoup' } });
    expect(result.ok || result.error.message).toBe(
      'Saisie invalide — grants.defaultStartupGrant : Le montant par défaut de l\'aide au démarrage doit être un nombre.',
    );
  });

  it('refuses unknown keys in French', async () => {
    const dispatch = createDispatcher(fakeHandlers(), null);
    const result = await dispatch('settings.get', { extra: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('VALIDATION');
    expect(result.error.details?.[0]?.message).toMatch(/clé|inconnu|non reconnu/i);
  });

  it('answers NOT_FOUND for a method outside the contract', async () => {
    const result = await createDispatcher(fakeHandlers(), null)('settings.delete', {});
    expect(result).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Méthode inconnue : « settings.delete ».' },
    });
  });

  it('keeps the code and details of an AppError thrown by a handler', async () => {
    const dispatch = createDispatcher(
      fakeHandlers({
        'settings.get': () => {
          throw new AppError('LOCKED', 'La séance est clôturée.', [{ field: 'sessionId', message: 'clôturée' }]);
        },
      }),
      null,
    );
    expect(await dispatch('settings.get', {})).toEqual({
      ok: false,
      error: {
        code: 'LOCKED',
        message: 'La séance est clôturée.',
        details: [{ field: 'sessionId', message: 'clôturée' }],
      },
    });
  });

  it('turns an unexpected failure into INTERNAL and reports it', async () => {
    const report = vi.fn();
    const dispatch = createDispatcher(
      fakeHandlers({
        'app.info': async () => {
          throw new TypeError('boom');
        },
      }),
      null,
      report,
    );
    const result = await dispatch('app.info', {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INTERNAL');
    expect(result.error.message).toContain('boom');
    expect(report).toHaveBeenCalledWith('app.info', expect.any(TypeError));
  });

  it('produces results that survive JSON, as every transport needs', async () => {
    const dispatch = createDispatcher(fakeHandlers(), null);
    const result = await dispatch('settings.update', { identity: sampleIdentity() });
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });
});
