// Measuring a classifier the way admins will read it: accuracy, and macro-F1
// (the mean of per-label F1), which does not let a big label hide bad small ones.

export interface LabelScore {
  readonly label: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

export interface ClassificationReport {
  readonly total: number;
  readonly accuracy: number;
  readonly macroF1: number;
  readonly perLabel: readonly LabelScore[];
}

export function evaluateClassification(
  pairs: readonly { readonly actual: string; readonly predicted: string }[],
): ClassificationReport {
  const labels = [...new Set(pairs.flatMap((p) => [p.actual, p.predicted]))].sort();
  const tp = new Map<string, number>();
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  const inc = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);
  let correct = 0;
  for (const { actual, predicted } of pairs) {
    if (actual === predicted) {
      correct++;
      inc(tp, actual);
    } else {
      inc(fp, predicted);
      inc(fn, actual);
    }
  }
  const perLabel = labels.map((label): LabelScore => {
    const t = tp.get(label) ?? 0;
    const p = t + (fp.get(label) ?? 0);
    const r = t + (fn.get(label) ?? 0);
    const precision = p === 0 ? 0 : t / p;
    const recall = r === 0 ? 0 : t / r;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, precision, recall, f1, support: r };
  });
  return {
    total: pairs.length,
    accuracy: pairs.length === 0 ? 0 : correct / pairs.length,
    macroF1: perLabel.length === 0 ? 0 : perLabel.reduce((s, l) => s + l.f1, 0) / perLabel.length,
    perLabel,
  };
}

/** FNV-1a, 32-bit: a stable hash so a split does not depend on row order or a random seed's state. */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Deterministic train/held-out split by hashing each item's key with a seed:
 * the same case stays on the same side as the data set grows.
 */
export function splitTrainHeldOut<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  heldOutFraction = 0.2,
  seed = 'vefa',
): { train: T[]; heldOut: T[] } {
  const train: T[] = [];
  const heldOut: T[] = [];
  const cut = heldOutFraction * 2 ** 32;
  for (const item of items) (fnv1a32(`${seed}:${keyOf(item)}`) < cut ? heldOut : train).push(item);
  return { train, heldOut };
}
