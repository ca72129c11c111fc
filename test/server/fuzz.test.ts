/**
 * Fuzzing generated from the OpenAPI document: for every route, a valid request built from its
 * schemas, then that request broken one place at a time (wrong types, missing and extra fields,
 * huge strings and numbers, unicode and control characters, prototype keys, deep nesting, bad
 * path and query values, wrong bodies and media types), sent as every role. No answer may be a
 * 5xx, and the server must be healthy after. The count of requests and of 5xx is printed for the
 * README (ROUNDS_FUZZ_ROUNDS repeats the whole pass with other random choices).
 */
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../server/auth/roles.js';
import { seedDemo } from '../../server/demo/seed.js';
import { makeApp, type TestApp } from './helpers.js';

const ROUNDS = Number(process.env.ROUNDS_FUZZ_ROUNDS ?? 1);
const ROLES: Role[] = ['team_leader', 'officer', 'manager', 'admin'];
/** Random values tried at each place of each request, besides the fixed nasty ones. */
const RANDOM_PER_PLACE = 4;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: Json[];
  const?: Json;
  anyOf?: Schema[];
  oneOf?: Schema[];
  minItems?: number;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  pattern?: string;
  format?: string;
  default?: Json;
}
interface Operation {
  method: string;
  path: string;
  parameters: Array<{ in: 'path' | 'query'; name: string; required?: boolean; schema: Schema }>;
  body?: { type: string; schema?: Schema };
}

/** A seeded generator: every run sends the same requests for the same seed. */
function random(seed: number) {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] };
}

/** A value the schema accepts (plausibly: patterns and formats known to this API). */
function valid(schema: Schema, known: Record<string, Json>, name = ''): Json {
  if (known[name] !== undefined) return known[name]!;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0]!;
  if (schema.default !== undefined) return schema.default;
  const alt = schema.anyOf ?? schema.oneOf;
  if (alt) return valid(alt.find((s) => s.type !== 'null') ?? alt[0], known, name);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries((schema.required ?? []).map((k) => [k, valid(schema.properties?.[k] ?? {}, known, k)]));
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => valid(schema.items ?? {}, known, name));
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'string':
      if (schema.pattern?.includes('\\d{4}-\\d{2}-\\d{2}')) return '2026-03-03';
      if (schema.format === 'date-time' || /datetime/i.test(schema.pattern ?? '')) return '2026-03-03T10:00:00Z';
      if (schema.pattern?.includes('[01]\\d|2[0-3]')) return '09:00';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    default:
      return 'x';
  }
}

const NASTY: Json[] = [
  null,
  true,
  0,
  -1,
  1e308,
  -1e308,
  2 ** 53 + 1,
  0.1,
  '',
  ' ',
  'A'.repeat(100_000),
  '\u0000\u0001\u001f\u007f',
  '\u202e\ud800\udfff😀𝕏\uffff',
  '<img src=x onerror=alert(1)>',
  "'; DROP TABLE cases; --",
  '../../etc/passwd',
  '%00',
  '1e999',
  'NaN',
  '2026-02-30',
  '2026-03-03T25:61:00Z',
  [],
  [null],
  {},
  { __proto__: { polluted: true } },
  JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as Json,
  Array.from({ length: 20_000 }, (_, i) => i),
  nest(200),
];

/** A random value of any JSON shape: strings from the whole of Unicode, numbers of every size, nesting. */
function randomValue(r: ReturnType<typeof random>, depth = 0): Json {
  const kind = Math.floor(r.next() * (depth > 2 ? 4 : 6));
  switch (kind) {
    case 0:
      return Array.from({ length: Math.floor(r.next() ** 3 * 300) }, () => String.fromCodePoint(Math.floor(r.next() ** 2 * 0x10ffff) & ~0x800)).join('');
    case 1:
      return (r.next() - 0.5) * 10 ** Math.floor(r.next() * 40 - 10);
    case 2:
      return Math.floor((r.next() - 0.5) * 2 ** 40);
    case 3:
      return r.pick([true, false, null]);
    case 4:
      return Array.from({ length: Math.floor(r.next() * 4) }, () => randomValue(r, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: Math.floor(r.next() * 4) }, (_, i) => [`k${i}`, randomValue(r, depth + 1)]));
  }
}

function nest(depth: number): Json {
  let v: Json = 'deep';
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** Every path to a value inside a JSON value (objects' keys, arrays' first element). */
function paths(v: Json, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [prefix];
  if (Array.isArray(v) && v.length > 0) out.push(...paths(v[0], [...prefix, 0]));
  else if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, k]));
  return out;
}

function setAt(v: Json, path: Array<string | number>, value: Json | undefined): Json | undefined {
  if (path.length === 0) return value;
  const copy = structuredClone(v) as Record<string | number, Json>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, Json>;
  if (value === undefined) delete at[path[path.length - 1]];
  else at[path[path.length - 1]] = value;
  return copy;
}

function operations(doc: {
  paths: Record<string, Record<string, { parameters?: Operation['parameters']; requestBody?: { content: Record<string, { schema?: Schema }> } }>>;
}): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/')) continue;
    for (const [method, op] of Object.entries(methods)) {
      if (method === 'head') continue;
      const content = op.requestBody?.content ?? {};
      const type = Object.keys(content)[0];
      ops.push({ method: method.toUpperCase(), path, parameters: op.parameters ?? [], ...(type ? { body: { type, schema: content[type].schema } } : {}) });
    }
  }
  return ops;
}

describe('fuzzing every route of the OpenAPI document', () => {
  let t: TestApp;
  const known: Record<string, Json> = {};

  beforeAll(async () => {
    t = await makeApp();
    await seedDemo(t.store, t.app.postcodes, { seedDate: '2026-03-03', cases: 120 });
    const plan = await t.inject({ method: 'POST', url: '/api/plans', payload: { date: '2026-03-03', timeLimitMs: 200, maxIterations: 100, seed: 1 } });
    expect(plan.statusCode).toBe(201);
    // Real identifiers, so that broken requests also reach the handlers behind the lookups.
    Object.assign(known, {
      id: plan.json().id,
      ref: plan.json().routes[0].stops[0].caseRefs[0],
      caseRef: plan.json().routes[0].stops[0].caseRefs[0],
      // An account of its own: setting a password or a role ends that account's sessions.
      username: 'fuzz.target',
      index: 0,
      officerIds: ['officer-1'],
      timeLimitMs: 100,
      maxIterations: 50,
    });
    for (const role of ROLES) await t.cookie(role);
    const target = await t.as('admin')({
      method: 'POST',
      url: '/api/users',
      payload: { username: 'fuzz.target', displayName: 'Fuzz', role: 'manager', password: 'a long enough password' },
    });
    expect(target.statusCode).toBe(201);
  });
  afterAll(async () => t.close());

  it('answers every broken request with a 4xx (never a 5xx), and stays healthy', async () => {
    const doc = (await t.app.inject({ url: '/docs/json' })).json();
    // Signing out would end the sessions the fuzzing uses; its own tests cover it.
    const ops = operations(doc).filter((o) => !(o.method === 'DELETE' && o.path.startsWith('/api/session')));
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let sent = 0;

    const send = async (
      role: Role,
      op: Operation,
      params: Record<string, Json>,
      query: Record<string, Json>,
      body: { payload: string | Buffer; type: string } | undefined,
      what: string,
    ) => {
      const url = op.path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(typeof params[k] === 'string' ? params[k] : JSON.stringify(params[k])));
      const qs = Object.entries(query)
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`)
        .join('&');
      const options: InjectOptions = {
        method: op.method,
        url: qs ? `${url}?${qs}` : url,
        ...(body ? { payload: body.payload, headers: { 'content-type': body.type } } : {}),
      };
      const res = await t.as(role)(options);
      sent++;
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      if (res.statusCode >= 500) failures.push(`${op.method} ${op.path} as ${role}, ${what}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    };

    for (let round = 0; round < ROUNDS; round++) {
      const r = random(1000 + round);
      for (const op of ops) {
        const params = Object.fromEntries(op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, valid(p.schema, known, p.name)]));
        const query = Object.fromEntries(op.parameters.filter((p) => p.in === 'query' && p.required).map((p) => [p.name, valid(p.schema, known, p.name)]));
        const json = op.body?.schema ? valid(op.body.schema, known) : undefined;
        const asBody = (v: Json | undefined) => (v === undefined ? undefined : { payload: JSON.stringify(v), type: 'application/json' });
        const base = op.body?.type === 'text/csv' ? { payload: 'case_ref,debtor_ref\nA,B\n', type: 'text/csv' } : asBody(json);

        await send(r.pick(ROLES), op, params, query, base, 'the valid request');
        for (const p of op.parameters) {
          for (const bad of [...NASTY, ...Array.from({ length: RANDOM_PER_PLACE }, () => randomValue(r))]) {
            const target = p.in === 'path' ? { ...params, [p.name]: bad === null || bad === '' ? 'null' : bad } : params;
            const q = p.in === 'query' ? { ...query, [p.name]: bad } : query;
            await send(r.pick(ROLES), op, target, q, base, `${p.in} ${p.name}`);
          }
        }
        if (json !== undefined) {
          for (const path of paths(json)) {
            await send(r.pick(ROLES), op, params, query, asBody(setAt(json, path, undefined) ?? {}), `body ${path.join('.')} missing`);
            for (const bad of [...NASTY, ...Array.from({ length: RANDOM_PER_PLACE }, () => randomValue(r))]) {
              await send(r.pick(ROLES), op, params, query, asBody(setAt(json, path, bad)), `body ${path.join('.')} broken`);
            }
          }
          const extra = json && typeof json === 'object' && !Array.isArray(json) ? { ...json, unexpected: r.pick(NASTY) } : json;
          await send(r.pick(ROLES), op, params, query, asBody(extra), 'an extra field');
        }
        // Bodies that are not what the route takes at all.
        for (const body of [
          { payload: '{"unterminated": ', type: 'application/json' },
          { payload: '\u0000\u00ff\u0001binary', type: 'application/octet-stream' },
          { payload: 'plain text', type: 'text/plain' },
          { payload: '\ufeffcase_ref,debtor_ref,name\n"unclosed,quote\n', type: 'text/csv' },
          { payload: 'x,'.repeat(50_000), type: 'text/csv' },
          { payload: `${'['.repeat(100_000)}${']'.repeat(100_000)}`, type: 'application/json' },
        ]) {
          await send(r.pick(ROLES), op, params, query, body, `a ${body.type} body`);
        }
      }
    }

    const health = await t.app.inject({ url: '/api/health' });
    expect(health.statusCode).toBe(200);
    expect((await t.inject({ url: '/api/plans' })).statusCode).toBe(200);
    console.log(
      `fuzz: ${sent} requests over ${ops.length} routes, 5xx: ${failures.length}, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`,
    );
    expect(failures).toEqual([]);
  }, 600_000);
});
