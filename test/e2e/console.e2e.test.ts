import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startEmbedded, stopProcess } from '../support/embedded';
import { eventually } from '../support/eventually';
import { MerchantReceiver } from '../support/merchant-receiver';
import { startProviderStandIns, type ProviderStandIns } from '../support/provider-stand-ins';
import { seedBody } from '../support/seed';

const ROOT = path.resolve(__dirname, '../..');
/** Where the screenshots go: docs/console for `npm run docs:console` (docs/console.md shows them), else a scratch folder. */
const SCREENSHOTS = path.resolve(ROOT, process.env.CONSOLE_SCREENSHOTS_DIR ?? '.infra/screenshots/console');
const STRIPE_KEY = 'sk_test_51ConsoleMerchantKey4242';
const STRIPE_WEBHOOK_SECRET = 'whsec_ConsoleMerchantSigning01';
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * The merchant console as a person uses it, in Debian's Chromium: `npm start`'s process, the URL it
 * prints, a merchant's webhook receiver and the Stripe stand-in. Each step asserts what is on the
 * screen; every page is scanned with axe-core, and the browser reports no policy violation.
 */
describe('the merchant console in a browser', function () {
  this.timeout(180_000);
  const receiver = new MerchantReceiver();
  let standIns: ProviderStandIns;
  let embedded: Awaited<ReturnType<typeof startEmbedded>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const orderReference = `ORD-CONSOLE-${Date.now()}`;
  const violations: string[] = [];
  const scanned: string[] = [];

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await receiver.start();
    standIns = await startProviderStandIns();
    embedded = await startEmbedded({
      STRIPE_API_URL: standIns.env.STRIPE_API_URL!,
      // A failing endpoint gives up after three attempts, quickly.
      WEBHOOK_RETRY_SCHEDULE: '200ms,200ms',
      WEBHOOK_POLL_INTERVAL_MS: '100',
    });
    const executablePath = execFileSync('bash', [path.join(ROOT, 'scripts/chromium.sh')], { encoding: 'utf8' }).trim();
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
  });

  after(async () => {
    await browser?.close();
    await stopProcess(embedded?.process);
    await standIns?.stop();
    await receiver.stop();
  });

  /** axe-core on the page as it is: no serious or critical violation. */
  async function scan(name: string): Promise<void> {
    await page.evaluate(AXE);
    const found = (await page.evaluate(async () => (await (globalThis as unknown as { axe: { run: () => Promise<{ violations: unknown[] }> } }).axe.run()).violations)) as AxeViolation[];
    const serious = found.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    expect(serious.map((violation) => `${violation.id}: ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`), name).to.deep.equal([]);
    scanned.push(name);
  }

  /** Opens the newest delivery's details, unless they are open already. */
  async function openDelivery(): Promise<void> {
    const delivery = page.locator('details.delivery').first();
    if ((await delivery.getAttribute('open')) === null) await delivery.locator('summary').click();
  }

  const shoot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  /** Waits for the page's title (its h1) to read `text`. */
  const headingIs = (text: string) => page.getByRole('heading', { level: 1, name: text, exact: true }).waitFor({ timeout: 10_000 });

  it('should sign in from the URL npm start prints, and keep the token out of the address bar', async () => {
    expect(embedded.consoleUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+\/console\/#token=[\w-]+\.[\w-]+\.[\w-]+&token=/);
    await page.goto(embedded.consoleUrl);
    await headingIs('Sessions');
    expect(page.url()).to.match(/\/console\/#\/sessions$/);
    expect(await page.getByRole('navigation', { name: 'Console' }).textContent()).to.contain('demo-merchant');
    expect(await page.getByRole('button', { name: 'Test' }).getAttribute('aria-pressed')).to.equal('true');
    expect(await page.getByRole('note').textContent()).to.contain('Test mode');
  });

  it('should add a webhook endpoint and show its secret once', async () => {
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await headingIs('Webhooks');
    await page.getByLabel('URL').fill(receiver.url('/broken'));
    await page.getByLabel('Description').fill('Order service');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = page.locator('.secret code');
    await secret.waitFor();
    expect(await secret.textContent()).to.match(/^whsec_/);
    await scan('webhooks');
    await page.getByRole('button', { name: 'I have stored it' }).click();
    expect(await page.locator('.secret').count()).to.equal(0);
    expect(await page.getByRole('link', { name: receiver.url('/broken') }).count()).to.equal(1);
  });

  it("should find a session by its order reference with the keyboard, and show why its provider won", async () => {
    receiver.answer('/broken', [500, 500, 500]);
    const created = await fetch(`${embedded.url}/api/v1/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${embedded.token}`, 'content-type': 'application/json', 'idempotency-key': orderReference },
      body: JSON.stringify({ ...seedBody(), orderReference, redirectUrls: { success: receiver.url('/success'), failure: receiver.url('/failure') } }),
    });
    expect(created.status).to.equal(201);
    await page.getByRole('link', { name: 'Sessions' }).click();
    await page.getByLabel('Order reference').focus();
    await page.keyboard.type(orderReference);
    await page.keyboard.press('Enter');
    const row = page.getByRole('link', { name: orderReference });
    await row.waitFor();
    expect(await page.locator('tbody tr').count(), 'only the session with that reference').to.equal(1);
    await row.focus();
    await page.keyboard.press('Enter');
    await headingIs(`Order ${orderReference}`);
    const winner = page.locator('figure.candidate.won');
    expect(await winner.locator('figcaption').textContent()).to.match(/#1\s*sandbox.*score [\d.]+.*opened the checkout/);
    const bar = await winner.getByRole('img').getAttribute('aria-label');
    expect(bar).to.match(/^Score [\d.]+: Success rate [\d.]+ \(weight \d+ × [\d.]+\), Latency/);
    const rejected = await page.locator('ul.rejected').textContent();
    expect(rejected).to.contain('stripe').and.to.contain('no account');
    await scan('session');
    await shoot('session');
  });

  it('should pay it on the sandbox page and then show it COMPLETED', async () => {
    const [checkout] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: "Open the provider's checkout" }).click()]);
    await checkout.getByRole('button', { name: 'Pay', exact: true }).click();
    await checkout.waitForURL(receiver.url('/success'));
    await checkout.close();
    await eventually(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      expect(await page.locator('.page-header .status').textContent()).to.equal('COMPLETED');
    }, 10_000);
    expect(await page.locator('ol.timeline').textContent()).to.contain('Paid');
  });

  it('should show the failed attempts of an endpoint, take a fixed URL, resend, and show it delivered', async () => {
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('link', { name: receiver.url('/broken') }).click();
    const delivery = page.locator('details.delivery').first();
    await eventually(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      expect(await delivery.locator('summary .status').textContent()).to.equal('failed');
    }, 15_000);
    await openDelivery();
    const answers = await delivery.locator('table.attempts tbody tr td:nth-child(3)').allTextContents();
    expect(answers).to.deep.equal(['500', '500', '500']);
    expect(await delivery.locator('table.attempts').textContent()).to.contain('failing on purpose with 500');
    await scan('endpoint');

    const settings = page.getByRole('form', { name: 'Endpoint settings' });
    await settings.getByLabel('URL').fill(receiver.url('/fixed'));
    await settings.getByRole('button', { name: 'Save' }).click();
    await headingIs(receiver.url('/fixed'));
    await openDelivery();
    await page.locator('details.delivery').first().getByRole('button', { name: 'Resend' }).click();
    await eventually(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      expect(await page.locator('details.delivery').first().locator('summary .status').textContent()).to.equal('delivered');
    }, 10_000);
    await openDelivery();
    expect(await page.locator('details.delivery').first().locator('table.attempts tbody tr td:nth-child(3)').allTextContents()).to.deep.equal(['500', '500', '500', '200']);
    const [fixed] = receiver.at('/fixed');
    expect(JSON.parse(fixed!.body)).to.include({ type: 'checkout.session.completed' });
    expect(fixed!.headers['webhook-id']).to.equal(receiver.at('/broken')[0]!.headers['webhook-id']);
    await shoot('endpoint');
  });

  it('should add a Stripe account (its key checked at Stripe, never shown again) and disable it', async () => {
    await page.getByRole('link', { name: 'Provider accounts' }).click();
    await headingIs('Provider accounts');
    const form = page.getByRole('form', { name: 'Add a provider account' });
    await form.getByLabel('Label').fill('Stripe AU');
    await form.getByLabel('Secret key').fill(STRIPE_KEY);
    await form.getByLabel('Webhook signing secret').fill(STRIPE_WEBHOOK_SECRET);
    await form.getByRole('button', { name: 'Add account' }).click();
    const row = page.locator('tr', { hasText: 'Stripe AU' });
    await row.waitFor();
    expect(await row.locator('.status').textContent()).to.equal('enabled');
    expect(await row.textContent()).to.contain('…4242').and.to.contain('stripe');
    expect(standIns.stripe.requests.map((request) => [request.path, request.headers.authorization])).to.deep.include(['/v1/balance', `Bearer ${STRIPE_KEY}`]);
    const shown = await page.content();
    expect(shown).not.to.contain(STRIPE_KEY).and.not.to.contain(STRIPE_WEBHOOK_SECRET);
    expect(await form.getByLabel('Secret key').inputValue(), 'the form is emptied').to.equal('');
    await scan('accounts');
    await page.getByRole('button', { name: 'Disable Stripe AU' }).click();
    await eventually(async () => expect(await page.locator('tr', { hasText: 'Stripe AU' }).locator('.status').textContent()).to.equal('disabled'), 5000);
    await shoot('accounts');
  });

  it('should chart the routing summary', async () => {
    await page.getByRole('link', { name: 'Routing' }).click();
    await headingIs('Routing');
    const table = page.locator('table.striped');
    await table.waitFor();
    expect(await table.textContent()).to.contain('pa_platform_sandbox');
    expect(await page.locator('.chart canvas').count()).to.be.at.least(2);
    await scan('routing');
    await shoot('routing');
  });

  it('should switch to live and show none of the test data', async () => {
    await page.getByRole('link', { name: 'Sessions' }).click();
    await page.getByRole('button', { name: 'Live' }).click();
    expect(await page.getByRole('button', { name: 'Live' }).getAttribute('aria-pressed')).to.equal('true');
    await page.getByText('No sessions match.').waitFor();
    expect(await page.getByRole('note').count(), 'no test-mode banner').to.equal(0);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByText('No endpoint yet').waitFor();
    await page.getByRole('link', { name: 'Provider accounts' }).click();
    await page.getByText('No account of your own yet').waitFor();
    const shown = await page.locator('main').textContent();
    expect(shown).not.to.contain(orderReference);
    expect(shown).not.to.contain('Stripe AU');
    await scan('live accounts');
    await page.getByRole('button', { name: 'Test' }).click();
    await page.getByRole('link', { name: 'Sessions' }).click();
    await page.getByRole('link', { name: orderReference }).waitFor();
    await shoot('sessions');
  });

  it('should send the user back to sign in when the API refuses the token, and ran with no policy violation', async () => {
    await page.evaluate(() => (globalThis as unknown as { sessionStorage: { setItem: (key: string, value: string) => void } }).sessionStorage.setItem('checkout.console.token.test', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZW1vLW1lcmNoYW50IiwibW9kZSI6InRlc3QifQ.bm90LWEtc2lnbmF0dXJl'));
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to test mode' }).waitFor();
    expect(await page.getByRole('alert').textContent()).to.contain('refused the token');
    await scan('sign-in');
    expect(scanned).to.include.members(['webhooks', 'session', 'endpoint', 'accounts', 'routing', 'live accounts', 'sign-in']);
    expect(violations).to.deep.equal([]);
  });
});
