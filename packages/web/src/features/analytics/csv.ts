// CSV built in the browser: RFC 4180 quoting, a BOM so spreadsheet programs read UTF-8 (ə, ş, ğ).
export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const cell = (v: string | number | null | undefined) => {
    let s = v === null || v === undefined ? '' : String(v);
    // A text cell that a spreadsheet would run as a formula is kept as text.
    if (typeof v === 'string' && (/^[=+@\t\r]/.test(s) || (s.startsWith('-') && !/^-?\d/.test(s)))) s = `'${s}`;
    return /[",;\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

export function downloadCsv(fileName: string, text: string): void {
  const blob = new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
