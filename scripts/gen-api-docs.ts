/**
 * Generates docs/api.md — every function and action of the contract with its input, output and error codes —
 * from types/ (zod → JSON Schema). `npm run docs` rewrites it; a test fails when it is out of date.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { contract, ErrorCodes, type ActionSpec } from '../types';

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
};

const SAFE = 9007199254740991;

function typeOf(s: Schema, depth = 0, or = ' \\| ', maxDepth = 1): string {
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(or);
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return alts.map((a) => typeOf(a, depth, or, maxDepth)).join(or);
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  const parts = types.map((t) => {
    if (t === 'array') return `${s.items ? wrap(typeOf(s.items, depth, or, maxDepth)) : 'unknown'}[]`;
    if (t === 'object' && s.properties) {
      if (depth >= maxDepth) return 'object';
      const req = new Set(s.required ?? []);
      const pad = '  '.repeat(depth + 1);
      const fields = Object.entries(s.properties).map(([k, v]) => `${k}${req.has(k) ? '' : '?'}: ${typeOf(v, depth + 1, or, maxDepth)}`);
      return or === ' | ' ? `{\n${fields.map((f) => `${pad}${f};`).join('\n')}\n${'  '.repeat(depth)}}` : `{ ${fields.join(', ')} }`;
    }
    return t === 'integer' ? 'int' : t;
  });
  return parts.join(or) || 'unknown';
}

const wrap = (t: string): string => (t.includes('|') ? `(${t})` : t);

function constraints(s: Schema): string {
  const c: string[] = [];
  if (s.minLength !== undefined) c.push(`≥ ${s.minLength} chars`);
  if (s.maxLength !== undefined) c.push(`≤ ${s.maxLength} chars`);
  if (s.minimum !== undefined && s.minimum > -SAFE) c.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined && s.maximum < SAFE) c.push(`≤ ${s.maximum}`);
  if (s.minItems !== undefined) c.push(`≥ ${s.minItems} items`);
  if (s.maxItems !== undefined) c.push(`≤ ${s.maxItems} items`);
  if (s.pattern) c.push(`\`${s.pattern.replace(/\|/g, '\\|')}\``);
  return c.join(', ');
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Schema {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Schema;
}

function fieldTable(schema: Schema): string {
  const props = Object.entries(schema.properties ?? {});
  if (props.length === 0) return '_no fields_';
  const req = new Set(schema.required ?? []);
  const rows = props.map(([name, s]) => `| \`${name}\` | ${typeOf(s)} | ${req.has(name) ? 'yes' : ''} | ${constraints(s)} |`);
  return ['| field | type | required | constraints |', '|---|---|---|---|', ...rows].join('\n');
}

export function renderApiDocs(): string {
  const out: string[] = [
    '# API reference',
    '',
    '_Generated from `types/` by `npm run docs` — do not edit by hand._',
    '',
    'Every action is called as `POST /api/<function>` (H5 / local runtime) or `wx.cloud.callFunction({name: <function>})` (weapp)',
    'with `{ "action", "data", "requestId"? }` and answers `{ok: true, data}` or `{ok: false, error: {code, message, fields?, details?}}`.',
    'Unknown fields in `data` are refused. Every action may also answer `AUTH.UNAUTHENTICATED` (401), `INPUT.INVALID` (400, with',
    '`fields`), `INPUT.UNKNOWN_ACTION` (400) and `INTERNAL` (500). Times are ISO-8601 with `+08:00`; dates are Beijing `YYYY-MM-DD`.',
    '',
  ];
  for (const [fn, actions] of Object.entries(contract)) {
    out.push(`## \`${fn}\``, '');
    for (const [name, spec] of Object.entries(actions as Record<string, ActionSpec>)) {
      out.push(`### \`${fn}.${name}\`${spec.mutates ? ' (mutating: send a `requestId`)' : ''}`, '', spec.summary, '');
      const who = spec.access.roles === 'any' ? 'any signed-in user' : spec.access.roles.join(', ');
      const objects = { none: '', own: ' — only on their own objects', managed: ' — only on objects in their management scope' }[spec.access.objects];
      out.push(`**Who:** ${who}${objects}`, '');
      out.push('**Input**', '', fieldTable(jsonSchema(spec.input, 'input')), '');
      out.push('**Output**', '', '```ts', typeOf(jsonSchema(spec.output, 'output'), 0, ' | ', 4), '```', '');
      if (spec.errors?.length) {
        out.push('**Errors**', '', spec.errors.map((c) => `\`${c}\` (${ErrorCodes[c]})`).join(', '), '');
      }
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

export const API_DOCS = path.resolve(__dirname, '..', 'docs', 'api.md');

if (require.main === module) {
  fs.writeFileSync(API_DOCS, renderApiDocs());
  process.stdout.write(`wrote ${path.relative(process.cwd(), API_DOCS)}\n`);
}
