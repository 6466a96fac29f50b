import type { Rule, Finding } from '../rule.ts';

export const flowStepUnknown: Rule = {
  id: 'flow-step-unknown',
  description: 'A flow step points (next_step / next_steps) at a step id the flow does not have, or two steps share an id.',
  severity: 'error',
  category: 'references',
  check(catalog) {
    const findings: Finding[] = [];
    for (const flow of catalog.flows()) {
      const ids = new Set<string>();
      flow.steps.forEach((step, i) => {
        if (ids.has(step.id)) findings.push({ file: flow.file, path: ['steps', i, 'id'], message: `Flow ${flow.name} has two steps with id '${step.id}'.` });
        ids.add(step.id);
      });
      flow.steps.forEach((step, i) => {
        for (const next of step.next) {
          if (!ids.has(next.id)) {
            findings.push({ file: flow.file, path: ['steps', i], message: `Step '${step.id}' of flow ${flow.name} continues to '${next.id}', which is not a step of the flow.` });
          }
        }
      });
    }
    return findings;
  },
};
