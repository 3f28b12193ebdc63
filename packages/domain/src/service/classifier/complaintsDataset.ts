// Reading the Şikayetvar bank-complaints CSVs (shared/data/complaints) into
// labelled texts. Pure: the caller reads the file. The department grouping
// is the data set README's, so routing can be evaluated by department.

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines. */
export function parseCsvRecords(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const DEPARTMENTS: Readonly<Record<string, readonly string[]>> = {
  KART: ['Kredi Kartı', 'Maximum Kart', 'Worldcard', 'Banka Kartı', 'Maxipuan', 'Platinum', 'Troy Kart', 'Harcama İtirazı', 'Gold Kart', 'Black Kart', 'Sky Limit', 'Maximum Genç Kart', 'Sanal Kart', 'Nakit Avans', 'Click Kart', 'Taksitli Nakit Avans', 'NFC', 'Maximiles Kart', 'World Puan', 'Provizyon', 'Milplus', 'Platinum Kart', 'İlk İmza Kartı', 'Mercedes Kart', 'Business Kart', 'Kampüs Kart', 'Ace Card', 'Ön Ödemeli Kart', 'Like Card', 'Kurye'],
  HESAP_ODEME: ['Hesap', 'Para Yatırma', 'Para Çekme', 'Kazandıran Tarife', 'Maaş', 'Promosyon', 'EFT', 'Şifre', 'Vadesiz Hesap', 'Havale', 'Fatura Ödeme', 'Pos', 'HGS', 'FAST', 'Sim Kart Bloke', 'Bilgi Güncelleme', 'Swift', 'Telefon Numarası Güncelleme', 'Virman', 'Harç Ödeme', 'Çek', 'Hesap Açma', 'Kiralık Kasa', 'Adres Güncelleme', 'MTV Ödeme', 'Operatör Değişikliği', 'Havuz'],
  KREDI: ['Kredi', 'İhtiyaç Kredisi', 'Borç', 'Ek Hesap', 'Bireysel Kredi', 'Konut Kredisi', 'İcra Borcu Ödeme', 'Faiz Oranı', 'Faizsiz Kredi', 'Anında Kredi', 'Sarı Panjur Konut Kredisi', 'Araç Kredisi', 'Ekspertiz', 'Borç Kapatma Kredisi', 'Taşıt Kredisi', 'Tarım Kredisi', 'Öğrenci Kredisi'],
  SIGORTA_EMEKLILIK: ['Sigorta', 'Ferdi Kaza Sigortası', 'Emeklilik', 'DASK', 'BES', 'Sağlık Sigortası', 'Bireysel Emeklilik'],
  YATIRIM_MEVDUAT: ['Yatırım Hesabı', 'Hisse', 'Fon', 'Altın', 'Döviz', 'Mevduat', 'Vadeli Hesap', 'Borsa', 'Varant', 'Mevduat Hesabı', 'Halka Arz'],
};

const TAG_TO_DEPARTMENT = new Map(
  Object.entries(DEPARTMENTS).flatMap(([dept, tags]) => tags.map((t) => [t, dept] as const)),
);

export function departmentOfTag(tag: string): string | null {
  return TAG_TO_DEPARTMENT.get(tag.trim()) ?? null;
}

export interface BankComplaint {
  readonly id: string;
  readonly bank: string;
  readonly title: string;
  readonly text: string;
  readonly tag: string;
  readonly department: string | null;
}

/** Rows with both text and tag; duplicated ids are kept once. */
export function complaintsFromCsv(csv: string): BankComplaint[] {
  const [header, ...rows] = parseCsvRecords(csv);
  if (!header) return [];
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new RangeError(`Complaints CSV lacks the "${name}" column`);
    return i;
  };
  const [op, id, title, text, tag] = ['operator', 'id', 'title', 'full_text', 'keywords'].map(col);
  const seen = new Set<string>();
  const out: BankComplaint[] = [];
  for (const r of rows) {
    const get = (i: number | undefined): string => (i === undefined ? '' : (r[i] ?? '').trim());
    const c = { id: get(id), bank: get(op), title: get(title), text: get(text), tag: get(tag) };
    if (!c.text || !c.tag || seen.has(`${c.bank}:${c.id}`)) continue;
    seen.add(`${c.bank}:${c.id}`);
    out.push({ ...c, department: departmentOfTag(c.tag) });
  }
  return out;
}
