// Partner handling (issue 15): the CPAM 13's demo agent answers a routed request with a
// structured decision (a mistake shows the message beside its field, then it succeeds with a
// standard reply), hands another referral to a colleague and re-routes it to the institution
// really competent, and manages the institution's standard replies (create, use, delete) —
// headless Chromium against the release binary, every page visited checked by axe.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertNoProblems, checkA11y, launchBrowser } from './lib/browser.mjs';
import { TEST_START, startServer } from './lib/server.mjs';

const PASSWORD = 'guichet-demo-2026';
const AGENT = 'agent.cpam13@demo.test';
const COLLEAGUE = 'claire.cpam13@exemple.fr';
const CPAM = 'CPAM des Bouches-du-Rhône';

let server;
let browser;
let deskBrowser;
let adminBrowser;
let colleagueBrowser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  deskBrowser = await launchBrowser();
  adminBrowser = await launchBrowser();
  colleagueBrowser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await deskBrowser?.close();
  await adminBrowser?.close();
  await colleagueBrowser?.close();
  await server?.stop();
});

async function signIn(page, email) {
  await page.goto(`${server.url}/connexion`);
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/connexion'));
}

/** Files a request of the kind whose link matches `kindName` (as in projects.test.mjs). */
async function fileRequest(page, kindName) {
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
  await page.getByRole('button', { name: 'Déposer la demande' }).click();
  await page.waitForURL(/\/demandes\/[^/?]+\?ok=demande-deposee$/);
  return new URL(page.url()).pathname.split('/').pop();
}

/** The référent of the 13 takes charge of the request and routes it to its institutions. */
async function qualifyAndRoute(desk, id) {
  await desk.goto(`${server.url}/demandes/${id}`);
  await desk.locator('label[for="referent"]').click();
  await desk.locator('form[action$="/qualification"] button[type="submit"]').click();
  await desk.waitForURL(/ok=demande-qualifiee/);
  await desk.locator('form[action$="/orienter"] button[type="submit"]').click();
  await desk.waitForURL(/ok=demande-orientee/);
}

/** The demo admin invites a second agent of the CPAM 13, who activates her account. */
async function inviteColleague() {
  const admin = await adminBrowser.newPage();
  await signIn(admin, 'admin.paca@demo.test');
  await admin.goto(`${server.url}/admin/invitations/nouvelle`);
  await admin.locator('#first_name').fill('Claire');
  await admin.locator('#last_name').fill('Collègue');
  await admin.locator('#email').fill(COLLEAGUE);
  const role = admin.locator('#role');
  const partner = await role.locator('option').evaluateAll((os) =>
    os.find((o) => /partenaire/i.test(o.textContent))?.value,
  );
  await role.selectOption(partner);
  await admin.locator('#institution_id').selectOption({ label: CPAM });
  await admin.getByRole('button', { name: "Envoyer l'invitation" }).click();
  await admin.waitForURL(/ok=invitation-envoyee/);
  await admin.goto(`${server.url}/dev/courriels`);
  await admin.getByRole('row', { name: new RegExp(COLLEAGUE.replace(/[.]/g, '\\.')) }).getByRole('link').first().click();
  const link = await admin.locator('a[href*="/invitation?jeton="]').first().getAttribute('href');
  await admin.close();
  const page = await colleagueBrowser.newPage();
  await page.goto(new URL(link, server.url).toString());
  await page.getByLabel(/Nouveau mot de passe/).fill('une phrase de passe assez longue');
  await page.getByRole('button', { name: 'Activer mon compte' }).click();
  await page.waitForURL(/\/connexion/);
  await page.close();
}

/** The CPAM's row of the request's referrals, taken in charge first when still à traiter. */
async function cpamRow(page, id) {
  await page.goto(`${server.url}/demandes/${id}`);
  const take = page.locator('tr', { hasText: CPAM }).getByRole('button', { name: 'Prendre en charge' });
  if (await take.count()) {
    await take.click();
    await page.waitForURL(/ok=prise-en-charge/);
  }
  return page.locator('tr', { hasText: CPAM });
}

/** Opens the `details` of the referral's row whose summary matches `summary`. */
async function openDetails(row, summary) {
  const details = row.locator('details').filter({ has: row.page().locator('summary', { hasText: summary }) }).first();
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  return details;
}

test('a partner agent decides, hands over, re-routes and uses standard replies', async () => {
  await inviteColleague();

  const pro = await browser.newPage();
  await signIn(pro, 'camille.martin@demo.test');
  const installation = await fileRequest(pro, /installation en libéral/);
  const aid = await fileRequest(pro, /Demande d'aide/);
  await pro.close();

  const desk = await deskBrowser.newPage();
  await signIn(desk, 'referent.13-84@demo.test');
  await qualifyAndRoute(desk, installation);
  await qualifyAndRoute(desk, aid);
  await desk.close();

  const page = await browser.newPage();
  await signIn(page, AGENT);

  // The standard replies of the institution: one created.
  await page.goto(`${server.url}/partenaire/reponses-types`);
  await checkA11y(page);
  await page.locator('#title').fill('Accord CAIM');
  await page.locator('#body').fill('Votre contrat CAIM est signé ; le premier versement suit.');
  await page.getByRole('button', { name: 'Ajouter la réponse type' }).click();
  await page.waitForURL(/ok=reponses-types-enregistrees/);
  assert.match(await page.locator('main').innerText(), /Accord CAIM/);
  await checkA11y(page);

  // The installation: the decision form, a mistake first — « accordé » without an amount.
  let row = await cpamRow(page, installation);
  await checkA11y(page);
  await openDetails(row, 'Répondre');
  await row.locator('select[name="outcome"]').selectOption('granted');
  await row.locator('textarea[name="text"]').first().fill('Réponse gardée telle quelle');
  await row.getByRole('button', { name: 'Enregistrer la réponse' }).click();
  await page.waitForLoadState('load');
  row = page.locator('tr', { hasText: CPAM });
  const amountError = row.locator('[id^="amount-"][id$="-erreur"]');
  assert.match(await amountError.innerText(), /Indiquez le montant accordé/);
  const describedBy = await row.locator('input[name="amount"]').getAttribute('aria-describedby');
  assert.equal(describedBy, await amountError.getAttribute('id'));
  assert.equal(await row.locator('textarea[name="text"]').first().inputValue(), 'Réponse gardée telle quelle');
  await checkA11y(page);

  // « Confier à un collègue »: the referral goes to Claire.
  await openDetails(row, 'Confier à un collègue');
  await row.getByLabel('Collègue de votre institution').selectOption({ label: 'Claire Collègue' });
  await row.getByRole('button', { name: 'Confier la transmission' }).click();
  await page.waitForURL(/ok=transmission-confiee/);
  await checkA11y(page);

  // « Réorienter »: to another institution of the list, with a reason.
  row = page.locator('tr', { hasText: CPAM });
  const reroute = await openDetails(row, 'Réorienter');
  const target = reroute.getByLabel('Institution compétente');
  const targets = await target.locator('option').evaluateAll((os) => os.map((o) => o.value).filter((v) => v));
  assert.ok(targets.length > 0, 'institutions to re-route to');
  await target.selectOption(targets[0]);
  await reroute.getByLabel('Motif de la réorientation').fill("L'installation relève d'une autre caisse.");
  await reroute.getByRole('button', { name: 'Réorienter' }).click();
  await page.waitForURL(/ok=transmission-reorientee/);
  await checkA11y(page);

  // The aid: the decision succeeds, its text taken from the standard reply.
  row = await cpamRow(page, aid);
  await openDetails(row, 'Répondre');
  await row.locator('select[name="outcome"]').selectOption('granted');
  await row.locator('input[name="amount"]').fill('10 000');
  await row.locator('input[name="signed_on"]').fill(TEST_START.slice(0, 10));
  await row.getByLabel('Réponse type').selectOption({ label: 'Accord CAIM' });
  await row.getByRole('button', { name: 'Enregistrer la réponse' }).click();
  await page.waitForURL(/ok=reponse-enregistree/);
  row = page.locator('tr', { hasText: CPAM });
  const answered = await row.innerText();
  assert.match(answered, /Votre contrat CAIM est signé/);
  assert.match(answered, /10\s?000/);
  await checkA11y(page);

  // The standard reply deleted.
  await page.goto(`${server.url}/partenaire/reponses-types`);
  await page.getByRole('button', { name: 'Supprimer « Accord CAIM »' }).click();
  await page.waitForURL(/ok=reponses-types-enregistrees/);
  assert.doesNotMatch(await page.locator('main').innerText(), /Accord CAIM/);
  await checkA11y(page);
  // The mistaken decision was answered with a 422, as it should.
  assertNoProblems(page, { ignoreConsole: [/status of 422/] });
  await page.close();
});
