import { expect, type Page } from '@playwright/test';
import { DB } from '../fixtures';

/** Page object of the connection screen. */
export class ConnectionScreen {
  constructor(private readonly page: Page) {}

  async fill(values: { host?: string; port?: string; user?: string; password?: string; database: string }) {
    const p = this.page;
    await p.getByRole('textbox', { name: 'Server' }).fill(values.host ?? DB.host);
    await p.getByRole('textbox', { name: 'Port' }).fill(values.port ?? DB.port);
    await p.getByRole('textbox', { name: 'Database' }).fill(values.database);
    await p.getByRole('textbox', { name: 'User' }).fill(values.user ?? DB.user);
    await p.getByRole('textbox', { name: 'Password' }).fill(values.password ?? DB.password);
  }

  async test() {
    await this.page.getByRole('button', { name: 'Test connection' }).click();
  }

  async connect() {
    await this.page.getByRole('button', { name: 'Connect', exact: true }).click();
  }

  error() {
    return this.page
      .getByRole('alert')
      .filter({ hasNot: this.page.getByTestId('server-info') })
      .first();
  }

  async expectServerVersion() {
    await expect(this.page.getByTestId('server-version')).toContainText(/MariaDB|MySQL/);
  }
}
