/**
 * What both document viewers share: a loading state while the (large) viewer script arrives, and an
 * error boundary that shows a message instead of a blank panel when the viewer fails.
 */
import { Component, Suspense, type ReactNode } from 'react';

class Boundary extends Component<{ children: ReactNode; name: string }, { error?: string }> {
  state: { error?: string } = {};
  static getDerivedStateFromError(error: unknown) {
    return { error: String((error as Error)?.message ?? error) };
  }
  render() {
    if (this.state.error) return <p className="spec-loading" role="alert">The {this.props.name} viewer could not show this document: {this.state.error}</p>;
    return this.props.children;
  }
}

/** Wraps a lazily loaded viewer. */
export function ViewerFrame({ name, children }: { name: string; children: ReactNode }) {
  return (
    <Boundary name={name}>
      <Suspense fallback={<p className="spec-loading" role="status">Loading the {name} viewer…</p>}>{children}</Suspense>
    </Boundary>
  );
}
