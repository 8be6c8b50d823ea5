// "Mon projet" (issue 15): a professional files three requests (installation, aid, MSP); the
// référent of the département takes charge of the installation and links the two others to it;
// the professional's project page shows the three steps with their states and the référent,
// also on a phone; then renames the project and takes a request out of it — in headless
// Chromium against the release binary, every page checked by axe.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { assertNoProblems, checkA11y, launchBrowser } from './lib/browser.mjs';
import { TEST_START, startServer } from './lib/server.mjs';

let server;
let browser;
let referentBrowser;

// A PDF the guichet's structural check accepts (as in requests.test.mjs).
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
  referentBrowser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await referentBrowser?.close();
  await server?.stop();
});

async function signIn(page, email) {
  await page.goto(`${server.url}/connexion`);
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe').fill('guichet-demo-2026');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/connexion'));
}

/** Files a request of the kind whose link matches `kindName`; returns its id and number. */
async function fileRequest(page, kindName, { document = false } = {}) {
  await page.goto(`${server.url}/demandes/nouvelle`);
  await page.getByRole('link', { name: kindName }).click();
  await page.getByRole('button', { name: 'Commencer ma demande' }).click();
  await page.waitForURL(/\/demandes\/[^/]+\/modifier$/);
  const form = 'form[action$="/modifier"]';
  const fields = await page.locator(`${form} [name]`).evaluateAll((els) =>
    els.map((e) => ({ name: e.getAttribute('name'), tag: e.tagName, type: e.getAttribute('type') })),
  );
  for (const f of fields) {
    if (f.name === 'csrf_token' || f.name === 'action') continue;
    const el = page.locator(`${form} [name="${f.name}"]`).first();
    if (f.tag === 'SELECT') {
      const values = await el.locator('option').evaluateAll((os) => os.map((o) => o.value).filter((v) => v));
      await el.selectOption(values.includes('CAIM') ? 'CAIM' : values.includes('oui') ? 'oui' : values[0]);
    } else if (f.type === 'date') {
      const d = new Date(Date.parse(TEST_START) + 60 * 24 * 3600 * 1000);
      await el.fill(d.toISOString().slice(0, 10));
    } else if (f.name === 'commune_insee') {
      await el.fill('13004');
    } else if (f.name === 'aid_code') {
      await el.fill('CAIM');
    } else if (f.name === 'numero_professionnel') {
      await el.fill('');
    } else if (f.name === 'equipe') {
      await el.fill('Alice Martin ; médecin\nBruno Petit ; infirmier');
    } else if (f.tag === 'TEXTAREA') {
      await el.fill('Installation en cabinet de groupe à Marseille.');
    } else if (f.type === 'radio' || f.type === 'checkbox') {
      await page.locator(`${form} [name="${f.name}"][value="oui"]`).first().check().catch(() => {});
    } else {
      await el.fill('1');
    }
  }
  await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  await page.waitForURL(/ok=brouillon-enregistre/);
  if (document) {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-upload-'));
    const file = join(dir, 'projet-de-sante.pdf');
    writeFileSync(file, wellFormedPdf());
    await page.getByLabel(/Ajouter un document/).setInputFiles(file);
    await page.getByRole('button', { name: 'Joindre le document' }).click();
    await page.waitForURL(/ok=document-ajoute/);
  }
  await page.getByRole('button', { name: 'Déposer la demande' }).click();
  await page.waitForURL(/\/demandes\/[^/?]+\?ok=demande-deposee$/);
  const id = new URL(page.url()).pathname.split('/').pop();
  const number = (await page.locator('h1').innerText()).match(/\d{4}-\d{6}/)[0];
  return { id, number };
}

test('"Mon projet" shows the three linked requests, their states and the référent', async () => {
  const page = await browser.newPage();
  await signIn(page, 'camille.martin@demo.test');
  const installation = await fileRequest(page, /installation en libéral/);
  const aid = await fileRequest(page, /Demande d'aide/);
  const msp = await fileRequest(page, /maison de santé/, { document: true });

  // The référent takes charge of the installation, then links the two others to it.
  const desk = await referentBrowser.newPage();
  await signIn(desk, 'referent.13-84@demo.test');
  await desk.goto(`${server.url}/demandes/${installation.id}`);
  // The DSFR checkbox: its label takes the click.
  await desk.locator('label[for="referent"]').click();
  await desk.locator(`form[action$="/qualification"] button[type="submit"]`).click();
  await desk.waitForURL(/\/demandes\/[^/]+\?ok=demande-qualifiee/);
  for (const other of [aid, msp]) {
    await desk.goto(`${server.url}/demandes/${installation.id}`);
    await desk.getByLabel(/Lier à une autre demande/).fill(other.number);
    await desk.getByRole('button', { name: 'Lier les demandes' }).click();
    await desk.waitForURL(/ok=demandes-liees/);
  }
  await checkA11y(desk);
  // A number of nobody: the message beside the field, the number kept.
  await desk.getByLabel(/Lier à une autre demande/).fill('2026-999999');
  await desk.getByRole('button', { name: 'Lier les demandes' }).click();
  await desk.waitForLoadState('load');
  assert.match(await desk.locator('#lier-numero-erreur').innerText(), /Aucune demande déposée/);
  assert.equal(await desk.getByLabel(/Lier à une autre demande/).inputValue(), '2026-999999');
  await checkA11y(desk);
  await desk.close();

  // The professional: "Mon projet" in the header, then the project.
  await page.goto(`${server.url}/compte`);
  await page.getByRole('link', { name: 'Mon projet' }).first().click();
  await page.waitForURL(/\/projets$/);
  await checkA11y(page);
  await page.getByRole('link', { name: "Mon projet d'installation" }).click();
  await page.waitForURL(/\/projets\/[^/]+$/);

  const step = (key) => page.locator(`#etape-${key}`);
  const installationStep = await step('installation').innerText();
  assert.match(installationStep, new RegExp(installation.number));
  assert.match(installationStep, /en qualification/i);
  const aidStep = await step('aides').innerText();
  assert.match(aidStep, new RegExp(aid.number));
  assert.match(aidStep, /déposée/i);
  const mspStep = await step('exercice-coordonne').innerText();
  assert.match(mspStep, new RegExp(msp.number));
  assert.match(mspStep, /déposée/i);
  // The Ordre, the CPAM and the Urssaf receive the installation.
  assert.match(await step('ordre').innerText(), new RegExp(installation.number));
  const referent = await page.locator('#referent').innerText();
  assert.match(referent, /Romain Référent/);
  assert.ok(
    await page.getByRole('link', { name: /Écrire au référent/ }).isVisible(),
    'a way to write to the référent',
  );
  await checkA11y(page);

  // On a phone: the same page, one column, still readable and without problems.
  await page.setViewportSize({ width: 375, height: 740 });
  await page.reload();
  assert.match(await page.locator('#etapes').innerText(), new RegExp(msp.number));
  await checkA11y(page);
  assertNoProblems(page);

  // The professional renames the project (an empty name first: the message beside the field)
  // and takes the MSP request out of it.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByLabel(/Nom du projet/).fill(' ');
  await page.getByRole('button', { name: 'Renommer' }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('#titre-erreur').innerText(), /Donnez un nom à votre projet/);
  await checkA11y(page);
  await page.getByLabel(/Nom du projet/).fill('Cabinet du Panier');
  await page.getByRole('button', { name: 'Renommer' }).click();
  await page.waitForURL(/ok=projet-renomme/);
  assert.equal(await page.locator('h1').innerText(), 'Cabinet du Panier');
  await page.getByLabel(/Retirer une demande du projet/).selectOption(msp.id);
  await page.getByRole('button', { name: 'Retirer du projet' }).click();
  await page.waitForURL(/ok=demande-retiree-du-projet/);
  assert.doesNotMatch(await page.locator('#etapes').innerText(), new RegExp(msp.number));
  await checkA11y(page);
  assertNoProblems(page, { ignoreConsole: [/status of 422/] });
  await page.close();
});
