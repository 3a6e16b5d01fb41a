import { createServer, type Socket } from 'node:net';
import { createOcsDb, dropDb } from '../helpers/db';
import { expect, screenshot, test } from './fixtures';
import { expectAccessible } from './pages/computers-pages';
import { loginAsAdmin } from './pages/session';

test.describe('home', () => {
  let db = '';
  test.beforeAll(async () => {
    db = await createOcsDb();
  });
  test.afterAll(async () => {
    await dropDb(db);
  });

  test('is in the navigation and never says "nothing needs attention" before the Diagnostics checks answer', async ({
    page,
    shell,
  }) => {
    // A deployment server that accepts the connection and never answers: its check stays pending.
    const sockets: Socket[] = [];
    const server = createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      await loginAsAdmin(page, shell, db);
      await page.evaluate(
        (url) =>
          (
            globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }
          ).localStorage.setItem('ocs-desk-deploy-check', JSON.stringify({ url, caFile: '' })),
        `https://127.0.0.1:${port}/`,
      );
      await page.getByRole('link', { name: 'Diagnostics' }).click();
      const nav = page.getByRole('navigation', { name: 'Main navigation' });
      await nav.getByRole('link', { name: 'Home' }).click();
      await expect(page.getByRole('heading', { level: 2 })).toBeVisible();
      await expect(page.getByTestId('home-checking')).toBeVisible();
      await expect(page.getByTestId('home-all-good')).toHaveCount(0);
      await expectAccessible(page, 'home while checking');
      await screenshot(page, 'home-checking');

      // The server drops the connection: Home and Diagnostics report the same problem.
      for (const s of sockets) s.destroy();
      await expect(page.getByTestId('finding-certificate')).toHaveAttribute('data-level', 'error');
      await expect(page.getByTestId('home-all-good')).toHaveCount(0);
      await nav.getByRole('link', { name: 'Diagnostics' }).click();
      await expect(page.getByTestId('finding-certificate')).toHaveAttribute('data-level', 'error');
    } finally {
      for (const s of sockets) s.destroy();
      server.close();
    }
  });
});
