// The simulator, the catalogue and the zonage page in headless Chromium against the release
// binary (fresh SQLite database: every commune and the PACA demo zonage are imported at start):
// a 5th-year medical student finds CESP eligible with its explanation, the result URL reloads
// the same answer, commune suggestions come from the API, and axe finds no WCAG 2.1 A/AA
// violation on the pages.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertNoProblems, checkA11y, foreignRequests, launchBrowser } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The text of one aid's card: its badge and its criteria. */
async function cesp(page) {
  const card = page.locator('#aide-CESP');
  return {
    badge: (await card.locator('.fr-badge').textContent()).trim(),
    text: await card.innerText(),
  };
}

test('a 5th-year medical student finds CESP eligible, and the result URL reloads it', async () => {
  const page = await browser.newPage();
  const res = await page.goto(`${server.url}/simulateur`, { waitUntil: 'load' });
  assert.equal(res.status(), 200);
  await checkA11y(page);

  await page.getByLabel('Profession').selectOption('medecin');
  await page.getByLabel('Situation', { exact: false }).first().selectOption('etudiant');
  await page.getByLabel("Année d'études").fill('5');
  // Since 2026-01-16 the CESP cannot be combined with a contract of the same nature.
  await page
    .getByLabel(/^Avez-vous déjà signé un contrat de même nature que le CESP \?/)
    .selectOption('non');
  await Promise.all([
    page.waitForURL(/\/simulateur\?.*profession=medecin/),
    page.getByRole('button', { name: 'Voir mes aides' }).click(),
  ]);

  const first = await cesp(page);
  assert.equal(first.badge, 'Éligible');
  assert.match(first.text, /Vous êtes étudiant à partir de la 2e année ou interne/);
  assert.match(first.text, /1 200 € brut par mois/);
  // Eligible aids come first.
  const firstCard = await page.locator('article.fr-card').first().getAttribute('id');
  assert.equal(firstCard, 'aide-CESP');
  await checkA11y(page);
  assertNoProblems(page);

  // The URL of the result is the answer: reloading it, or opening it elsewhere, shows the same.
  const url = page.url();
  assert.match(url, /situation=etudiant/);
  assert.match(url, /study_year=5/);
  await page.reload({ waitUntil: 'load' });
  assert.deepEqual(await cesp(page), first);
  const other = await browser.newPage();
  await other.goto(url, { waitUntil: 'load' });
  assert.deepEqual(await cesp(other), first);
  const shared = await other.locator('#lien-resultat').getAttribute('href');
  assert.equal(new URL(shared, server.url).search, new URL(url).search);
  assert.deepEqual(foreignRequests(page, server.url), []);
  await other.close();
  await page.close();
});

test('commune suggestions come from the API and the commune decides the zone', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/simulateur`, { waitUntil: 'load' });
  const commune = page.getByLabel("Commune du lieu d'exercice");
  await commune.pressSequentially('aiglu', { delay: 20 });
  const option = page.locator('#commune-suggestions option[value="Aiglun (04001)"]');
  await option.waitFor({ state: 'attached', timeout: 5000 });
  await commune.fill('Aiglun (04001)');
  await page.getByLabel('Profession').selectOption('medecin');
  await page.getByLabel('Situation', { exact: false }).first().selectOption('installe');
  await page.getByLabel('Date de la simulation').fill('2025-06-01');
  await Promise.all([
    page.waitForURL(/commune=/),
    page.getByRole('button', { name: 'Voir mes aides' }).click(),
  ]);
  assert.match(await page.locator('#resultats').locator('..').innerText(), /Zone retenue : ZIP pour Aiglun \(04001\)/);
  assertNoProblems(page);
  await page.close();
});

test('a nurse picks her commune, sees its zone for nurses and the CAPII, CAII and CAMII answers', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/simulateur`, { waitUntil: 'load' });
  // Cessy (Ain) is "très sous-dotée" in the nurses' zonage published in March 2026.
  await page.getByLabel("Commune du lieu d'exercice").fill('Cessy (01071)');
  await page.getByLabel('Profession').selectOption('infirmier');
  await page.getByLabel('Situation', { exact: false }).first().selectOption('installe');
  await page.getByLabel("Date d'installation, effective ou prévue").fill('2026-11-02');
  await page.getByLabel(/^Première installation en libéral \?/).selectOption('oui');
  await page.getByLabel(/^Exercice coordonné \?/).selectOption('oui');
  await page.getByLabel('Date de la simulation').fill('2026-12-06');
  await Promise.all([
    page.waitForURL(/profession=infirmier/),
    page.getByRole('button', { name: 'Voir mes aides' }).click(),
  ]);
  const results = await page.locator('#resultats').locator('..').innerText();
  assert.match(results, /Zone retenue : très sous-dotée pour Cessy \(01071\)/);
  assert.match(results, /Zonage infirmier de Cessy/);

  const card = (code) => page.locator(`#aide-${code}`);
  const capii = card('CAPII');
  assert.equal((await capii.locator('.fr-badge').textContent()).trim(), 'Éligible');
  assert.match(await capii.innerText(), /Le cabinet est en zone très sous-dotée/);
  assert.match(await capii.innerText(), /première installation en libéral/);
  for (const code of ['CAII', 'CAMII']) {
    const text = await card(code).innerText();
    assert.ok((await card(code).locator('.fr-badge').textContent()).trim().length > 0, `${code} has a status`);
    assert.match(text, /très sous-dotée/, `${code} explains its zone condition`);
  }
  // Doctors' aids are not offered to a nurse as eligible.
  const aideInstallation = card('AIDE-INSTALLATION');
  if ((await aideInstallation.count()) > 0) {
    assert.notEqual((await aideInstallation.locator('.fr-badge').textContent()).trim(), 'Éligible');
  }
  await checkA11y(page);
  assertNoProblems(page);
  await page.close();
});

test('the simulator hides the questions that do not concern a nurse, and does not send them', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/simulateur`, { waitUntil: 'load' });
  const field = (name) => page.locator(`#champ-${name}`);
  // Before a profession is chosen, every question is asked.
  for (const name of ['specialty', 'sector', 'industrial_pharmacy', 'creating_practice', 'installed_on']) {
    assert.ok(await field(name).isVisible(), `${name} shown before the profession is chosen`);
  }

  await page.getByLabel('Profession').selectOption('medecin');
  await page.getByLabel('Situation', { exact: false }).first().selectOption('installe');
  assert.ok(await field('sector').isVisible(), 'a doctor is asked his sector');
  await field('sector').selectOption('1');

  await page.getByLabel('Profession').selectOption('infirmier');
  // The doctors', students', pharmacists' and physiotherapists' questions are hidden and disabled.
  for (const name of ['specialty', 'sector', 'study_year', 'industrial_pharmacy', 'creating_practice', 'housed_free']) {
    assert.equal(await field(name).isVisible(), false, `${name} hidden for a nurse`);
    assert.ok(await field(name).isDisabled(), `${name} not submitted for a nurse`);
  }
  assert.equal(await page.locator('#groupe-stage').isVisible(), false, 'the internship questions are hidden');
  // Hers stay.
  for (const name of ['commune', 'installed_on', 'first_installation', 'coordinated_practice']) {
    assert.ok(await field(name).isVisible(), `${name} asked to a nurse`);
  }
  assert.match(await page.locator('#questions-masquees').innerText(), /questions sans objet .* masquées/);
  await checkA11y(page);

  await Promise.all([
    page.waitForURL(/profession=infirmier/),
    page.getByRole('button', { name: 'Voir mes aides' }).click(),
  ]);
  const query = new URL(page.url()).searchParams;
  assert.equal(query.get('situation'), 'installe');
  assert.equal(query.has('sector'), false, 'the hidden sector answer is not sent');
  assert.equal(query.has('specialty'), false);
  assert.ok((await page.locator('#aide-CAPII').count()) === 1, 'the nurse gets her answers');
  // The form below the results hides the same questions.
  assert.equal(await field('sector').isVisible(), false);
  await checkA11y(page);
  assertNoProblems(page);
  await page.close();
});

test('a wrong answer is shown beside its field, accessibly', async () => {
  const page = await browser.newPage();
  const res = await page.goto(`${server.url}/simulateur?profession=medecin&situation=etudiant&study_year=99`, {
    waitUntil: 'load',
  });
  assert.equal(res.status(), 422);
  assert.match(await page.locator('#erreur-study_year').innerText(), /entre 1 et 15/);
  assert.equal(await page.getByLabel("Année d'études").getAttribute('aria-describedby'), 'erreur-study_year');
  await checkA11y(page);
  assertNoProblems(page, { ignoreConsole: [/status of 422/] });
  await page.close();
});

for (const path of ['/aides', '/aides/CESP', '/zonage', '/zonage?commune=13055&date=2025-06-01']) {
  test(`${path} is accessible`, async () => {
    const page = await browser.newPage();
    const res = await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
    assert.equal(res.status(), 200);
    assert.equal(await page.locator('h1').count(), 1);
    await checkA11y(page);
    assertNoProblems(page);
    await page.close();
  });
}
