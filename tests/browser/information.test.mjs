// A visitor reads the médecin "s'installer" page, follows a simulator preset, then signs in as the
// demo professional and books a slot of a demo permanence; a référent sees the booking. Every
// page of the information area is checked by axe.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertNoProblems, checkA11y, launchBrowser } from './lib/browser.mjs';
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

async function signIn(page, email) {
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe').fill('guichet-demo-2026');
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

test('from the médecin installation page to the simulator, then book a permanence', async () => {
  const page = await browser.newPage();

  await page.goto(`${server.url}/`);
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: "S'informer" }).click();
  await page.waitForURL(/\/informations$/);
  await checkA11y(page);
  await page.getByRole('link', { name: 'Médecin', exact: true }).click();
  await page.waitForURL(/\/informations\/medecin$/);
  await checkA11y(page);
  await page.getByRole('link', { name: "S'installer", exact: true }).click();
  await page.waitForURL(/\/informations\/medecin\/s-installer$/);
  assert.match(await page.locator('h1').innerText(), /Médecin : s'installer/);
  await checkA11y(page);

  await page.getByRole('link', { name: /Médecin remplaçant qui projette de s'installer/ }).click();
  await page.waitForURL(/\/simulateur\?/);
  const url = new URL(page.url());
  assert.equal(url.pathname, '/simulateur');
  assert.equal(url.searchParams.get('profession'), 'medecin');
  assert.equal(url.searchParams.get('situation'), 'remplacant');
  assert.match(await page.locator('h1').innerText(), /simulat|aides/i, 'the simulator renders');

  // Whom to contact, and the site search.
  await page.goto(`${server.url}/qui-contacter?commune=Marseille&profession=medecin`);
  assert.match(await page.locator('main').innerText(), /CPAM des Bouches-du-Rhône/);
  await checkA11y(page);
  await page.goto(`${server.url}/`);
  await page.locator('#recherche-entete-input').fill('cesp');
  await page.locator('#recherche-entete-input').press('Enter');
  await page.waitForURL(/\/recherche\?q=cesp/);
  assert.match(await page.locator('main').innerText(), /Contrat d'engagement de service public/);
  await checkA11y(page);

  // The permanences, then booking after signing in.
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Permanences' }).click();
  await page.waitForURL(/\/permanences$/);
  await checkA11y(page);
  await page.getByRole('link', { name: 'Permanence installation des Bouches-du-Rhône' }).click();
  await page.waitForURL(/\/permanences\/[0-9a-f-]{36}$/);
  const sessionUrl = page.url();
  await checkA11y(page);
  await page.getByRole('link', { name: 'Se connecter pour réserver' }).click();
  await page.waitForURL(/\/connexion/);
  await signIn(page, 'camille.martin@demo.test');
  await page.waitForURL(sessionUrl);
  await checkA11y(page);
  // No request attached: the number is optional (and must be one of hers when given).
  await page.getByRole('button', { name: /Réserver le créneau de 09 h 00/ }).click();
  await page.waitForURL(/\/permanences\/reservations\/[0-9a-f-]{36}$/);
  assert.match(await page.locator('h1').innerText(), /Votre rendez-vous est réservé/);
  await checkA11y(page);
  await page.getByRole('link', { name: 'Mes rendez-vous' }).first().click();
  await page.waitForURL(/\/permanences\/mes-rendez-vous$/);
  assert.match(await page.locator('main').innerText(), /Permanence installation des Bouches-du-Rhône/);
  await checkA11y(page);

  // The slot is taken: the session page says so.
  await page.goto(sessionUrl);
  assert.match(await page.locator('main').innerText(), /vous avez réservé ce créneau/i);
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.waitForURL(/\?ok=deconnecte$/);
  assertNoProblems(page);
  await page.close();
});

test('a référent publishes a permanence form and sees the bookings of the session', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/connexion?suite=/permanences`);
  await signIn(page, 'referent.13-84@demo.test');
  await page.waitForURL(/\/permanences$/);
  await page.getByRole('link', { name: 'Publier une permanence' }).click();
  await page.waitForURL(/\/permanences\/nouvelle$/);
  await checkA11y(page);
  // No institution ticked: the message is beside the list, the values are kept.
  await page.getByLabel('Intitulé').fill('Permanence de test');
  await page.getByLabel('Département', { exact: true }).selectOption('13');
  await page.getByLabel('Date').fill('2099-01-15');
  await page.getByRole('button', { name: 'Publier la permanence' }).click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('#institutions-error').innerText(), /Cochez au moins une institution/);
  assert.equal(await page.getByLabel('Intitulé').inputValue(), 'Permanence de test');
  await checkA11y(page);

  await page.goto(`${server.url}/permanences`);
  await page.getByRole('link', { name: 'Voir les inscriptions' }).first().click();
  await page.waitForURL(/\/inscriptions$/);
  assert.match(await page.locator('main').innerText(), /camille\.martin@demo\.test/);
  await checkA11y(page);
  assertNoProblems(page, { ignoreConsole: [/status of 422/] });
  await page.close();
});
