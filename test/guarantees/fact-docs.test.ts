/**
 * docs/facts.md, the fact catalogue's page the package ships, is the catalogue: regenerated from
 * src/facts/catalogue.ts it is the same text. `UPDATE_DOCS=1` writes it anew.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { FACT_KEYS } from '../../src/facts/catalogue.js';
import { factDocs } from '../helpers/fact-docs.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

it('docs/facts.md is the fact catalogue, every key with its resource types and value shape', async () => {
  const generated = factDocs(await readFile(`${ROOT}src/facts/catalogue.ts`, 'utf8'));
  if (process.env.UPDATE_DOCS === '1') await writeFile(`${ROOT}docs/facts.md`, generated);
  const page = await readFile(`${ROOT}docs/facts.md`, 'utf8');
  if (page !== generated) throw new Error('docs/facts.md is not the fact catalogue: write it anew with `UPDATE_DOCS=1 npm run jest -- test/guarantees/fact-docs.test.ts`.');
  for (const key of FACT_KEYS) expect(page).toContain(`| \`${key}\` |`);
  expect(page).toContain('### KmsKeyFacts');
});
