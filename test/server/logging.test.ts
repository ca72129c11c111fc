import { describe, expect, it } from 'vitest';
import { csvBody, importCsv, makeApp } from './helpers.js';

describe('logs', () => {
  it('never contain debtor names or addresses, even when a bad file echoes them', async () => {
    const t = await makeApp({ captureLogs: true });
    try {
      const good = csvBody(['CT-1,D-1,Zebedee Uniquename,77 Secretive Row,N11 1NN,,,council_tax,612.50,2026-01-05,2026-02-02,domestic,,no,no,,']);
      expect((await importCsv(t.inject, good)).statusCode).toBe(200);
      // A shifted row puts the name where a date belongs: the 422 answer quotes it, the log must not.
      const shifted = csvBody(['CT-2,D-2,N11 1NN,,,council_tax,Quentin Hiddenperson,88 Private Mews,612.50,2026-01-05,2026-02-02,domestic,,no,no,,,']);
      const bad = await importCsv(t.inject, shifted);
      expect(bad.statusCode).toBe(422);
      await t.inject({ url: '/api/cases?status=open' });
      await t.inject({ url: '/api/cases/CT-1' });
      t.app.log.info({ case: { name: 'Zebedee Uniquename', address: '77 Secretive Row' } }, 'a careless log line');

      const logs = t.logs();
      expect(logs).toContain('/api/cases/import');
      expect(logs).toContain('cases imported');
      for (const secret of ['Zebedee', 'Uniquename', 'Secretive', 'Quentin', 'Hiddenperson', 'Private Mews']) expect(logs).not.toContain(secret);
    } finally {
      await t.close();
    }
  });

  it('never contain query strings or passwords (a sign-on callback code, a sign-in)', async () => {
    const t = await makeApp({ captureLogs: true });
    try {
      await t.app.inject({ url: '/api/session/oidc/callback?code=SECRETCODE123&state=STATE456' });
      await t.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'nobody', password: 'PASSWORD789xyz' } });
      const logs = t.logs();
      expect(logs).toContain('/api/session/oidc/callback');
      for (const secret of ['SECRETCODE123', 'STATE456', 'PASSWORD789xyz']) expect(logs).not.toContain(secret);
    } finally {
      await t.close();
    }
  });
});
