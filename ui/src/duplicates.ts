// The inspector's duplicate candidates: for the selected actor or location,
// the nodes that may be the same thing in the world, each with its score
// and reasons, and a "Merge into this" action that merges the candidate
// into the selected node (undoable). The explorer's own key is a reader
// key; merging needs a writer key, asked for here and kept only in this
// page's memory (never stored). main.ts decides what the canvas does after.

import * as api from './api';
import { esc } from './util';

const REASONS: Record<string, string> = {
  SHARED_CODE: 'shared code',
  WIKIDATA_ID: 'same Wikidata id',
  SIMILAR_NAME: 'similar name',
  SAME_COUNTRY: 'same country',
  CLOSE_COORDINATES: 'close by',
};

export class Duplicates {
  private writerKey: string | null = null;
  /** The last merge's message, by the node it kept: the inspector is re-rendered when the canvas changes. */
  private lastStatus: { id: string; html: string } | null = null;

  constructor(
    private readonly onMerged: (keepId: string, mergedId: string) => void,
    private readonly onShow: (id: string, label: string) => void,
  ) {}

  /** Fills el with the candidates of the node id; stale() tells that the inspector moved on. */
  async show(el: HTMLElement, type: api.MergeType, id: string, stale: () => boolean): Promise<void> {
    el.innerHTML = '<h4>Possible duplicates</h4><p class="muted small">Looking for duplicates…</p>';
    let pairs: api.DuplicateCandidate[];
    try {
      pairs = await api.duplicateCandidates(type, id);
    } catch (e) {
      if (!stale()) el.innerHTML = `<h4>Possible duplicates</h4><p class="error small" role="alert">${esc(e instanceof Error ? e.message : String(e))}</p>`;
      return;
    }
    if (stale()) return;
    if (pairs.length === 0 && this.lastStatus?.id !== id) {
      el.innerHTML = '<h4>Possible duplicates</h4><p class="muted small">No likely duplicate found.</p>';
      return;
    }
    let h = `<h4>Possible duplicates (${pairs.length})</h4><ul class="rel candidates">`;
    for (const p of pairs) {
      const [otherId, otherName] = p.aId === id ? [p.bId, p.bName] : [p.aId, p.aName];
      const reasons = p.reasons
        .map((r) => `<span class="badge reason" data-reason="${esc(r.kind)}" title="${esc(r.detail ?? '')}">${esc(REASONS[r.kind] ?? r.kind)}${r.detail ? `: ${esc(r.detail)}` : ''}</span>`)
        .join(' ');
      h += `<li class="candidate" data-id="${esc(otherId)}"><button type="button" class="linkish" data-dup-show="${esc(otherId)}">${esc(otherName)}</button> <span class="score small">${Math.round(p.score * 100)}%</span> ${reasons}
        <button type="button" data-merge="${esc(otherId)}" title="Merge ${esc(otherName)} into ${esc(id)}: its relationships, aliases and codes move here">Merge into this</button></li>`;
    }
    h += '</ul><label class="small writer-key">Writer key (needed to merge) <input type="password" autocomplete="off"></label><p class="merge-status small" role="status"></p>';
    el.innerHTML = h;
    const keyInput = el.querySelector('.writer-key input') as HTMLInputElement;
    keyInput.value = this.writerKey ?? '';
    const status = el.querySelector('.merge-status') as HTMLElement;
    if (this.lastStatus?.id === id) status.innerHTML = this.lastStatus.html;
    el.addEventListener('click', (ev) => {
      const t = ev.target as HTMLElement;
      const showId = t.closest<HTMLElement>('[data-dup-show]')?.dataset.dupShow;
      if (showId) this.onShow(showId, t.textContent ?? showId);
      const mergeId = t.closest<HTMLElement>('[data-merge]')?.dataset.merge;
      if (mergeId) void this.merge(type, id, mergeId, keyInput, status);
      const rev = t.closest<HTMLElement>('[data-unmerge]')?.dataset.unmerge;
      if (rev) void this.unmerge(rev, status);
    });
  }

  private async merge(type: api.MergeType, keepId: string, mergeId: string, keyInput: HTMLInputElement, status: HTMLElement): Promise<void> {
    const key = keyInput.value.trim();
    if (!key) {
      status.innerHTML = '<span class="error">Merging needs a writer key: enter one above.</span>';
      keyInput.focus();
      return;
    }
    this.writerKey = key;
    status.textContent = `Merging ${mergeId} into ${keepId}…`;
    try {
      const rev = await api.merge(type, keepId, [mergeId], key);
      status.innerHTML = `Merged <code>${esc(mergeId)}</code> into <code>${esc(keepId)}</code>. <button type="button" data-unmerge="${esc(rev)}">Undo</button>`;
      this.lastStatus = { id: keepId, html: status.innerHTML };
      status.parentElement?.querySelector(`li[data-id="${CSS.escape(mergeId)}"]`)?.remove();
      this.onMerged(keepId, mergeId);
    } catch (e) {
      status.innerHTML = `<span class="error" role="alert">${esc(e instanceof Error ? e.message : String(e))}</span>`;
    }
  }

  private async unmerge(rev: string, status: HTMLElement): Promise<void> {
    if (!this.writerKey) return;
    try {
      await api.unmerge(rev, this.writerKey);
      status.textContent = 'Merge undone.';
      if (this.lastStatus) this.lastStatus.html = status.innerHTML;
    } catch (e) {
      status.innerHTML = `<span class="error" role="alert">${esc(e instanceof Error ? e.message : String(e))}</span>`;
    }
  }
}
