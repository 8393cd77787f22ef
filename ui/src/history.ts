// Undo and redo of canvas changes: a bounded stack of snapshots taken before
// each change (add, expand, open a cluster, dismiss, clear, re-layout, a
// node dragged). Undo puts the canvas back as the snapshot had it and keeps
// the present for redo; a new change after an undo drops the redo side.
// Generic and pure, so it is tested in node (tests/unit).

export class History<T> {
  private readonly past: T[] = [];
  private future: T[] = [];

  constructor(private readonly max = 50) {}

  /** Records the state before a change. */
  push(before: T): void {
    this.past.push(before);
    if (this.past.length > this.max) this.past.shift();
    this.future = [];
  }

  /** The state to go back to, given the present (kept for redo); null when there is nothing to undo. */
  undo(present: T): T | null {
    const prev = this.past.pop();
    if (prev === undefined) return null;
    this.future.push(present);
    return prev;
  }

  /** The state to go forward to, given the present (kept for undo); null when there is nothing to redo. */
  redo(present: T): T | null {
    const next = this.future.pop();
    if (next === undefined) return null;
    this.past.push(present);
    return next;
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  clear(): void {
    this.past.length = 0;
    this.future = [];
  }
}
