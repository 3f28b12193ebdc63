// Small dense linear algebra for covariance matrices (n ≤ 4 here).

/** Inverse of a row-major n×n matrix by Gauss–Jordan with partial pivoting; null if singular. */
export function invertMatrix(matrix: ArrayLike<number>, n: number): Float64Array | null {
  const a = Float64Array.from(matrix);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) {
      if (Math.abs(a[row * n + col] ?? 0) > Math.abs(a[pivot * n + col] ?? 0)) pivot = row;
    }
    const p = a[pivot * n + col] ?? 0;
    if (!Number.isFinite(p) || Math.abs(p) < 1e-300) return null;
    if (pivot !== col) {
      for (let j = 0; j < n; j++) {
        swap(a, col * n + j, pivot * n + j);
        swap(inv, col * n + j, pivot * n + j);
      }
    }
    for (let j = 0; j < n; j++) {
      a[col * n + j] = (a[col * n + j] ?? 0) / p;
      inv[col * n + j] = (inv[col * n + j] ?? 0) / p;
    }
    for (let row = 0; row < n; row++) {
      if (row === col) continue;
      const factor = a[row * n + col] ?? 0;
      if (factor === 0) continue;
      for (let j = 0; j < n; j++) {
        a[row * n + j] = (a[row * n + j] ?? 0) - factor * (a[col * n + j] ?? 0);
        inv[row * n + j] = (inv[row * n + j] ?? 0) - factor * (inv[col * n + j] ?? 0);
      }
    }
  }
  return inv;
}

function swap(v: Float64Array, i: number, j: number): void {
  const t = v[i] ?? 0;
  v[i] = v[j] ?? 0;
  v[j] = t;
}

/** Solves A·x = rhs for symmetric positive-definite A (row-major n×n) by Cholesky; null if A is not positive definite. */
export function solvePositiveDefinite(matrix: ArrayLike<number>, rhs: ArrayLike<number>, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i * n + j] ?? 0;
      for (let k = 0; k < j; k++) sum -= (l[i * n + k] ?? 0) * (l[j * n + k] ?? 0);
      if (i === j) {
        if (!(sum > 0) || !Number.isFinite(sum)) return null;
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / (l[j * n + j] ?? 1);
      }
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = rhs[i] ?? 0;
    for (let k = 0; k < i; k++) sum -= (l[i * n + k] ?? 0) * (y[k] ?? 0);
    y[i] = sum / (l[i * n + i] ?? 1);
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i] ?? 0;
    for (let k = i + 1; k < n; k++) sum -= (l[k * n + i] ?? 0) * (x[k] ?? 0);
    x[i] = sum / (l[i * n + i] ?? 1);
  }
  return x;
}
