// The builder's editable tree: the definition's shape plus a local id per node,
// so React keys and edits survive reordering. Pure, tested beside.
import type { SegmentNodeShape } from '@vefa/contract';

export type EditCondition = { id: string; type: 'condition'; field: string; op: string; value?: unknown; key?: string; lastDays?: number; withinDays?: number };
export type EditGroup = { id: string; type: 'group'; combinator: 'and' | 'or'; conditions: EditNode[] };
export type EditNode = EditGroup | EditCondition;

let next = 0;
const newId = () => `n${++next}`;

export const newCondition = (): EditCondition => ({ id: newId(), type: 'condition', field: 'tag', op: 'has', value: '' });
export const newGroup = (combinator: 'and' | 'or' = 'and'): EditGroup => ({ id: newId(), type: 'group', combinator, conditions: [newCondition()] });

export function toDefinition(node: EditNode): SegmentNodeShape {
  if (node.type === 'group') return { type: 'group', combinator: node.combinator, conditions: node.conditions.map(toDefinition) };
  return {
    type: 'condition', field: node.field, op: node.op,
    ...(node.value !== undefined && node.value !== '' ? { value: node.value } : {}),
    ...(node.key ? { key: node.key } : {}),
    ...(node.lastDays !== undefined ? { period: { lastDays: node.lastDays } } : {}),
    ...(node.withinDays !== undefined ? { withinDays: node.withinDays } : {}),
  };
}

export function fromDefinition(def: unknown): EditNode {
  const d = (typeof def === 'object' && def !== null ? def : {}) as Record<string, unknown>;
  if (d.type === 'group') {
    return { id: newId(), type: 'group', combinator: d.combinator === 'or' ? 'or' : 'and', conditions: Array.isArray(d.conditions) ? d.conditions.map(fromDefinition) : [] };
  }
  const period = d.period as { lastDays?: number } | undefined;
  return {
    id: newId(), type: 'condition', field: String(d.field ?? 'tag'), op: String(d.op ?? 'has'), value: d.value,
    ...(typeof d.key === 'string' ? { key: d.key } : {}), ...(typeof period?.lastDays === 'number' ? { lastDays: period.lastDays } : {}),
    ...(typeof d.withinDays === 'number' ? { withinDays: d.withinDays } : {}),
  };
}

/** Replaces the node with `id` (anywhere in the tree) by what `change` returns; null removes it. */
export function updateNode(root: EditNode, id: string, change: (n: EditNode) => EditNode | null): EditNode {
  if (root.id === id) return change(root) ?? root;
  if (root.type !== 'group') return root;
  const conditions: EditNode[] = [];
  for (const child of root.conditions) {
    if (child.id === id) {
      const changed = change(child);
      if (changed) conditions.push(changed);
    } else conditions.push(updateNode(child, id, change));
  }
  return { ...root, conditions };
}

/** The server's error paths ("conditions[1].conditions[0].value") mapped to node ids. */
export function nodeIdAtPath(root: EditNode, path: string): string | null {
  let node: EditNode | undefined = root;
  for (const m of path.matchAll(/conditions\[(\d+)\]/g)) {
    if (node?.type !== 'group') return null;
    node = node.conditions[Number(m[1])];
  }
  return node?.id ?? null;
}
