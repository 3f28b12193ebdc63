import { describe, expect, it } from 'vitest';
import { fromDefinition, nodeIdAtPath, toDefinition, updateNode, type EditGroup } from './segmentTree';

const definition = { type: 'group', combinator: 'and', conditions: [
  { type: 'condition', field: 'consent', op: 'granted', key: 'email' },
  { type: 'group', combinator: 'or', conditions: [{ type: 'condition', field: 'behaviour.purchases', op: 'gte', value: 1, period: { lastDays: 30 } }] },
] } as const;

describe('segment tree', () => {
  it('round-trips a definition and finds nodes by error path', () => {
    const tree = fromDefinition(definition);
    expect(toDefinition(tree)).toEqual(definition);
    const inner = (tree as EditGroup).conditions[1] as EditGroup;
    expect(nodeIdAtPath(tree, 'conditions[1].conditions[0].value')).toBe(inner.conditions[0]?.id);
    const removed = updateNode(tree, inner.conditions[0]?.id ?? '', () => null);
    expect(toDefinition(removed)).toEqual({ ...definition, conditions: [definition.conditions[0], { type: 'group', combinator: 'or', conditions: [] }] });
  });
});
