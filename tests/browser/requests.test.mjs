// A professional files an installation request with an attachment and finds it in
// "Mes demandes" — in headless Chromium against the release binary, pages checked by axe.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { assertNoProblems, checkA11y, launchBrowser } from './lib/browser.mjs';
import { TEST_START, startServer } from './lib/server.mjs';

let server;
let browser;

// A PDF the guichet's structural check accepts: objects, a cross-reference table with their
// offsets, trailer, startxref, %%EOF.
function wellFormedPdf() {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>'];
  let out = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const at of offsets) out += `${String(at).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return out;
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('file an installation request with an attachment and see it in "Mes demandes"', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/connexion`);
  await page.getByLabel('Adresse électronique').fill('camille.martin@demo.test');
  await page.getByLabel('Mot de passe').fill('guichet-demo-2026');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(/\/compte$/);

  await page.getByRole('link', { name: 'Mes demandes' }).first().click();
  await page.waitForURL(/\/demandes$/);
  await page.getByRole('link', { name: 'Nouvelle demande' }).click();
  await checkA11y(page);
  await page.getByRole('link', { name: /installation en libéral/ }).click();
  await page.getByRole('button', { name: 'Commencer ma demande' }).click();
  await page.waitForURL(/\/demandes\/[^/]+\/modifier$/);
  await checkA11y(page);

  // Fill every field the form shows, as a person would.
  const fields = await page.locator('form[action$="/modifier"] [name]').evaluateAll((els) =>
    els.map((e) => ({ name: e.getAttribute('name'), tag: e.tagName, type: e.getAttribute('type') })),
  );
  for (const f of fields) {
    const el = page.locator(`form[action$="/modifier"] [name="${f.name}"]`).first();
    if (f.name === 'csrf_token' || f.name === 'action') continue;
    if (f.tag === 'SELECT') {
      const values = await el.locator('option').evaluateAll((os) => os.map((o) => o.value).filter((v) => v));
      await el.selectOption(values.includes('oui') ? 'oui' : values[0]);
    } else if (f.type === 'date') {
      // 60 days after the server's (set) today, whatever the machine's date.
      const d = new Date(Date.parse(TEST_START) + 60 * 24 * 3600 * 1000);
      await el.fill(d.toISOString().slice(0, 10));
    } else if (f.name === 'commune_insee') {
      await el.fill('13004');
    } else if (f.name === 'numero_professionnel') {
      await el.fill('');
    } else if (f.tag === 'TEXTAREA') {
      await el.fill('Installation en cabinet de groupe à Arles.');
    } else {
      await el.fill('1');
    }
  }
  await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  await page.waitForURL(/ok=brouillon-enregistre/);

  const dir = mkdtempSync(join(tmpdir(), 'guichet-upload-'));
  const file = join(dir, 'projet-installation.pdf');
  writeFileSync(file, wellFormedPdf());
  await page.getByLabel(/Ajouter un document/).setInputFiles(file);
  await page.getByRole('button', { name: 'Joindre le document' }).click();
  await page.waitForURL(/ok=document-ajoute/);
  assert.ok(await page.getByRole('link', { name: 'projet-installation.pdf' }).isVisible(), 'attachment listed');

  await page.getByRole('button', { name: 'Déposer la demande' }).click();
  await page.waitForURL(/\/demandes\/[^/]+\?ok=demande-deposee$/);
  const main = await page.locator('main').innerText();
  assert.match(main, /Déposée/);
  assert.match(main, /CPAM des Bouches-du-Rhône/);
  assert.match(main, /projet-installation\.pdf/);
  await checkA11y(page);

  await page.getByRole('link', { name: 'Retour à la liste' }).click();
  await page.waitForURL(/\/demandes$/);
  const row = page.getByRole('row', { name: /installation en libéral/ });
  assert.match(await row.innerText(), /déposée/i);
  await checkA11y(page);
  assertNoProblems(page);
  await page.close();
});
