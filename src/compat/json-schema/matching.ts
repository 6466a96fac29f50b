/**
 * Maximum-cardinality matching in a bipartite graph (augmenting paths), used to pair the branches
 * of an old and a new `anyOf`/`oneOf`/`allOf`.
 */

/** `edges[i]` lists the right-hand vertices left vertex `i` may be paired with. */
export function maximumMatching(leftCount: number, rightCount: number, edges: number[][]): Map<number, number> {
  const rightToLeft = new Array<number>(rightCount).fill(-1);
  const tryAssign = (left: number, visited: boolean[]): boolean => {
    for (const right of edges[left] ?? []) {
      if (visited[right]) continue;
      visited[right] = true;
      if (rightToLeft[right] < 0 || tryAssign(rightToLeft[right], visited)) {
        rightToLeft[right] = left;
        return true;
      }
    }
    return false;
  };
  for (let left = 0; left < leftCount; left++) tryAssign(left, new Array<boolean>(rightCount).fill(false));
  const leftToRight = new Map<number, number>();
  rightToLeft.forEach((left, right) => {
    if (left >= 0) leftToRight.set(left, right);
  });
  return leftToRight;
}
