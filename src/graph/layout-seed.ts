/** The seed of every layout — the build's and the page's refinement: the same catalog gives the same picture. */
export const LAYOUT_SEED = 20240601;
