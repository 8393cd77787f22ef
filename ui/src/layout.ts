// The layout choices: fCoSE's settings for a canvas of n drawn nodes, and
// how far a fit may zoom in. Pure, so the choices are tested without a
// browser (tests/unit); graphview.ts runs them.

/** What idealEdgeLength reads of an edge. */
export interface EdgeLike {
  data(key: string): unknown;
}

// fcose keeps 300 nodes readable: it separates components, honours label
// sizes and, started from the current positions, moves old nodes little.
export function layoutOptions(n: number, randomize: boolean): Record<string, unknown> {
  const big = n > 100;
  return {
    name: 'fcose',
    quality: n > 150 ? 'default' : 'proof',
    randomize,
    animate: n <= 120,
    animationDuration: 350,
    fit: true,
    padding: 40,
    nodeDimensionsIncludeLabels: true,
    // Measured on a 300-node graph (ui/tests, "laid out readably"): strong
    // repulsion and long edges keep labelled nodes apart; weak gravity lets
    // clusters breathe. Small graphs need less of both to stay compact.
    // A labelled edge gets some room for its label (9px text, ~5px a
    // character), capped so that a small graph is not fitted into a tiny zoom.
    idealEdgeLength: (e: EdgeLike) => Math.min(big ? 240 : 170, Math.max(big ? 160 : 100, String(e.data('display') ?? '').length * 4.2 + 30)),
    nodeRepulsion: () => (big ? 100000 : 30000),
    gravity: big ? 0.05 : 0.25,
    nodeSeparation: 90,
    numIter: 5000,
    packComponents: true,
  };
}

/**
 * The zoom to use after a fit: fitting two or three nodes would blow their
 * labels up to poster size, so a fit that zooms in past 1.4 comes back to 1.2.
 */
export function zoomAfterFit(zoom: number): number {
  return zoom > 1.4 ? 1.2 : zoom;
}
