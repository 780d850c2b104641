import fs from 'node:fs';
import { API_DOCS, renderApiDocs } from '../../scripts/gen-api-docs';
import { contract, type ActionSpec } from '../../types';

describe('API reference (docs/api.md)', () => {
  it('matches the contract — run `npm run docs` after changing types/', () => {
    expect(fs.readFileSync(API_DOCS, 'utf8')).toBe(renderApiDocs());
  });

  it('documents every action with a summary', () => {
    for (const actions of Object.values(contract)) {
      for (const spec of Object.values(actions as Record<string, ActionSpec>)) expect(spec.summary.length).toBeGreaterThan(10);
    }
  });
});
