// The race guard, written once: an answer that arrives after a newer request
// of the same kind began (a search typed over, the inspector moved to another
// node, a status message replaced) must not overwrite what the newer one
// shows. Each request takes a ticket; only the newest ticket is current.

export class Latest {
  private n = 0;

  /** Starts a request; the function it returns says whether it is still the newest. */
  begin(): () => boolean {
    const t = ++this.n;
    return () => t === this.n;
  }
}
