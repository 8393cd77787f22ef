// The status bar: what is loading, what was done, what went wrong (with a
// Retry), and the reader-key field when the service asks for one. Every
// user action runs through `task`, so that each shows it is loading and
// reports its failure the same way.

import * as api from './api';
import { Latest } from './latest';
import { $, esc } from './util';

export type StatusKind = 'idle' | 'loading' | 'ok' | 'info' | 'empty' | 'error';

/** What to tell the analyst about a failure; the service's own message is kept. */
export function describe(e: unknown): string {
  if (e instanceof api.ApiError) return e.message;
  return `The explorer failed: ${e instanceof Error ? e.message : String(e)}`;
}

export class StatusBar {
  private readonly el = $('status');
  private readonly latest = new Latest();
  private busy = 0;

  /** Shows a message; the function returned says whether it is still the one shown. */
  set(kind: StatusKind, message = '', retry?: () => void): () => boolean {
    const current = this.latest.begin();
    this.el.dataset.kind = kind;
    this.el.setAttribute('aria-live', kind === 'error' ? 'assertive' : 'polite');
    this.el.innerHTML = `<span class="msg">${esc(message)}</span>`;
    if (retry) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = 'Retry';
      b.addEventListener('click', retry);
      this.el.appendChild(b);
    }
    return current;
  }

  /** Counts requests in flight: the page and the canvas say they are busy while any runs. */
  setBusy(delta: number): void {
    this.busy += delta;
    document.body.dataset.busy = this.busy > 0 ? 'true' : 'false';
    $('cy').setAttribute('aria-busy', this.busy > 0 ? 'true' : 'false');
  }

  /** Runs one user action: shows it loading, reports its failure with a Retry. */
  async task<T>(label: string, fn: () => Promise<T>): Promise<T | undefined> {
    this.setBusy(1);
    const shown = this.set('loading', `${label}…`);
    try {
      const r = await fn();
      if (shown()) this.set('idle');
      return r;
    } catch (e) {
      console.error(label, e);
      this.set('error', `${label} failed. ${describe(e)}`, () => void this.task(label, fn));
      if (e instanceof api.ApiError && e.kind === 'auth') this.askForKey();
      return undefined;
    } finally {
      this.setBusy(-1);
    }
  }

  /**
   * Adds a key field to the status bar. The key is kept for the tab and the
   * page reloads, so everything the URL describes is fetched again with it.
   */
  private askForKey(): void {
    if (this.el.querySelector('.keyform')) return;
    const form = document.createElement('form');
    form.className = 'keyform';
    form.innerHTML = '<label>Reader key <input type="password" autocomplete="off" required></label><button type="submit">Use key</button>';
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      api.setReaderKey((form.querySelector('input') as HTMLInputElement).value.trim() || null);
      location.reload();
    });
    this.el.querySelector('button')?.remove();
    this.el.appendChild(form);
    (form.querySelector('input') as HTMLInputElement).focus();
  }
}
